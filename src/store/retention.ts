// What the daily retention run removes from operations and press drafts, and how. A record whose
// period has passed is anonymised rather than deleted: its number, dates, state and staffing figures
// stay (so OP-n and PR-n are never given out twice and statistics still add up); names, texts,
// reasons and the people involved go. Hotspot notes are in store/spots.ts.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";

/** The personal content of an operation that retention removes. */
export interface OperationContent {
  id: number;
  title: string;
  place: string | null;
  field: string | null;
  report: string | null;
  cancelReason: string | null;
  createdBy: string;
  reportedBy: string | null;
  roster: string[];
}

/** The personal content of a closed press draft that retention removes. */
export interface PressContent {
  id: number;
  title: string;
  author: string;
  closedBy: string | null;
  closedReason: string | null;
  versions: Array<{ version: number; sha256: string; author: string }>;
  decisions: Array<{ user: string; kind: string; reason: string | null }>;
}

/** Stands in for a removed title (the column requires text). */
export const REMOVED = "—";

export class RetentionStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  /** Operations that ended (or, without an end, started) before `cutoff` and are not yet anonymised. */
  operationsDue(cutoff: Date, limit: number): OperationContent[] {
    const rows = prepared<[number, number], { id: number; title: string; place: string | null; field: string | null; report: string | null; cancel_reason: string | null; created_by: string; reported_by: string | null }>(
      this.db,
      `SELECT id, title, place, field, report, cancel_reason, created_by, reported_by FROM operations
      WHERE purged_at IS NULL AND COALESCE(ends_at, starts_at) < ? ORDER BY starts_at, id LIMIT ?`,
    ).all(cutoff.getTime(), limit);
    const roster = prepared<[number], { user_id: string }>(this.db, "SELECT user_id FROM operation_roster WHERE operation_id = ? ORDER BY user_id");
    return rows.map((r) => ({
      id: r.id, title: r.title, place: r.place, field: r.field, report: r.report, cancelReason: r.cancel_reason,
      createdBy: r.created_by, reportedBy: r.reported_by, roster: roster.all(r.id).map((x) => x.user_id),
    }));
  }

  anonymiseOperation(id: number, now: Date): void {
    prepared(this.db, "DELETE FROM operation_roster WHERE operation_id = ?").run(id);
    prepared(
      this.db,
      `UPDATE operations SET title = ?, place = NULL, field = NULL, report = NULL, cancel_reason = NULL, created_by = '', reported_by = NULL,
      purged_at = ?, updated_at = ? WHERE id = ?`,
    ).run(REMOVED, now.getTime(), now.getTime(), id);
  }

  /** Released or withdrawn drafts closed before `cutoff` and not yet anonymised. */
  pressDue(cutoff: Date, limit: number): PressContent[] {
    const rows = prepared<[number, number], { id: number; title: string; author: string; closed_by: string | null; closed_reason: string | null }>(
      this.db,
      `SELECT id, title, author, closed_by, closed_reason FROM press_drafts
       WHERE purged_at IS NULL AND state IN ('released', 'withdrawn') AND COALESCE(released_at, updated_at) < ? ORDER BY id LIMIT ?`,
    ).all(cutoff.getTime(), limit);
    const versions = prepared<[number], { version: number; sha256: string; author: string }>(this.db, "SELECT version, sha256, author FROM press_versions WHERE draft_id = ? ORDER BY version");
    const decisions = prepared<[number], { user_id: string; kind: string; reason: string | null }>(this.db, "SELECT user_id, kind, reason FROM press_approvals WHERE draft_id = ? ORDER BY id");
    return rows.map((r) => ({
      id: r.id, title: r.title, author: r.author, closedBy: r.closed_by, closedReason: r.closed_reason,
      versions: versions.all(r.id),
      decisions: decisions.all(r.id).map((d) => ({ user: d.user_id, kind: d.kind, reason: d.reason })),
    }));
  }

  /** Deletes versions and approvals (texts, people, reasons); the draft row stays as a numbered stub. */
  anonymisePress(id: number, now: Date): void {
    prepared(this.db, "DELETE FROM press_approvals WHERE draft_id = ?").run(id);
    prepared(this.db, "DELETE FROM press_versions WHERE draft_id = ?").run(id);
    prepared(this.db, "UPDATE press_drafts SET title = ?, author = '', closed_by = NULL, closed_reason = NULL, purged_at = ?, updated_at = ? WHERE id = ?")
      .run(REMOVED, now.getTime(), now.getTime(), id);
  }
}
