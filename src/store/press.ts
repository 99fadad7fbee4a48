// Repository of press statements (PR-n): drafts, versions and approvals. The only place that knows
// their SQL. History is never deleted (approvals are revoked, texts get new versions) until the
// retention period has passed: then the draft is anonymised here too.
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

export type PressState = "open" | "approved" | "released" | "withdrawn";
export type DecisionKind = "approve" | "reject";
export type DecisionVia = "reaction" | "command";

export interface PressDraft {
  id: number;
  roomId: RoomId;
  title: string;
  author: UserId;
  authorAgency: string;
  state: PressState;
  currentVersion: number;
  /** Embargo time of a scheduled release. */
  releaseAt: Date | null;
  releasedAt: Date | null;
  closedBy: UserId | null;
  closedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PressVersion {
  draftId: number;
  version: number;
  text: string;
  sha256: string;
  author: UserId;
  createdAt: Date;
}

export interface PressDecision {
  id: number;
  draftId: number;
  version: number;
  agency: string;
  user: UserId;
  kind: DecisionKind;
  reason: string | null;
  via: DecisionVia;
  reactionEventId: EventId | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface DraftRow {
  id: number;
  room_id: string;
  title: string;
  author: string;
  author_agency: string;
  state: PressState;
  current_version: number;
  release_at: number | null;
  released_at: number | null;
  closed_by: string | null;
  closed_reason: string | null;
  created_at: number;
  updated_at: number;
}

interface VersionRow {
  draft_id: number;
  version: number;
  text: string;
  sha256: string;
  author: string;
  created_at: number;
}

interface DecisionRow {
  id: number;
  draft_id: number;
  version: number;
  agency: string;
  user_id: string;
  kind: DecisionKind;
  reason: string | null;
  via: DecisionVia;
  reaction_event_id: string | null;
  created_at: number;
  revoked_at: number | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

// The three row shapes of this aggregate, each turned into its domain object in one place.
function toDraft(r: DraftRow): PressDraft {
  return {
    id: r.id, roomId: r.room_id as RoomId, title: r.title, author: r.author as UserId, authorAgency: r.author_agency, state: r.state,
    currentVersion: r.current_version, releaseAt: date(r.release_at), releasedAt: date(r.released_at), closedBy: r.closed_by as UserId | null,
    closedReason: r.closed_reason, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

function toVersion(r: VersionRow): PressVersion {
  return { draftId: r.draft_id, version: r.version, text: r.text, sha256: r.sha256, author: r.author as UserId, createdAt: new Date(r.created_at) };
}

function toDecision(r: DecisionRow): PressDecision {
  return {
    id: r.id, draftId: r.draft_id, version: r.version, agency: r.agency, user: r.user_id as UserId, kind: r.kind, reason: r.reason, via: r.via,
    reactionEventId: r.reaction_event_id as EventId | null, createdAt: new Date(r.created_at), revokedAt: date(r.revoked_at),
  };
}

export interface NewVersion {
  text: string;
  sha256: string;
  author: UserId;
  now: Date;
}

/** A decision as it is recorded: the stored fields, minus what the store assigns. */
export type NewDecision = Omit<PressDecision, "id" | "createdAt" | "revokedAt"> & { now: Date };

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

export class PressStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  create(meta: { roomId: RoomId; title: string; authorAgency: string }, v: NewVersion): PressDraft {
    const at = v.now.getTime();
    const res = prepared(
      this.db,
      `INSERT INTO press_drafts (room_id, title, author, author_agency, state, current_version, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'open', 1, ?, ?)`,
    ).run(meta.roomId, meta.title, v.author, meta.authorAgency, at, at);
    const id = Number(res.lastInsertRowid);
    this.insertVersion(id, 1, v);
    const draft = this.get(id);
    if (!draft) throw new Error(`press draft ${id} vanished after insert`);
    return draft;
  }

  get(id: number): PressDraft | null {
    const r = prepared<[number], DraftRow>(this.db, "SELECT * FROM press_drafts WHERE id = ?").get(id);
    return r ? toDraft(r) : null;
  }

  /** Newest first; "open" means not yet released or withdrawn. */
  list(filter: "open" | "all", limit: number): PressDraft[] {
    const states = filter === "open" ? ["open", "approved"] : ["open", "approved", "released", "withdrawn"];
    return prepared<[string, number], DraftRow>(this.db, "SELECT * FROM press_drafts WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?")
      .all(JSON.stringify(states), limit)
      .map(toDraft);
  }

  /** Adds the next version; the draft is open again and any scheduled release is dropped. */
  addVersion(id: number, v: NewVersion): number {
    const next = (prepared<[number], { v: number }>(this.db, "SELECT MAX(version) AS v FROM press_versions WHERE draft_id = ?").get(id)?.v ?? 0) + 1;
    this.insertVersion(id, next, v);
    prepared(this.db, "UPDATE press_drafts SET current_version = ?, state = 'open', release_at = NULL, updated_at = ? WHERE id = ?")
      .run(next, v.now.getTime(), id);
    return next;
  }

  private insertVersion(id: number, version: number, v: NewVersion): void {
    prepared(this.db, "INSERT INTO press_versions (draft_id, version, text, sha256, author, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(id, version, v.text, v.sha256, v.author, v.now.getTime());
  }

  version(id: number, version: number): PressVersion | null {
    const r = prepared<[number, number], VersionRow>(this.db, "SELECT * FROM press_versions WHERE draft_id = ? AND version = ?").get(id, version);
    return r ? toVersion(r) : null;
  }

  versions(id: number): PressVersion[] {
    return prepared<[number], VersionRow>(this.db, "SELECT * FROM press_versions WHERE draft_id = ? ORDER BY version").all(id).map(toVersion);
  }

  /** Moves between open and approved (the result of the approval rule). */
  setApproval(id: number, state: "open" | "approved", now: Date): void {
    prepared(this.db, "UPDATE press_drafts SET state = ?, updated_at = ? WHERE id = ? AND state IN ('open', 'approved')").run(state, now.getTime(), id);
  }

  setReleaseAt(id: number, at: Date | null, now: Date): void {
    prepared(this.db, "UPDATE press_drafts SET release_at = ?, updated_at = ? WHERE id = ?").run(at?.getTime() ?? null, now.getTime(), id);
  }

  /** `by` is null when the release ran at its embargo time. */
  markReleased(id: number, by: UserId | null, now: Date): void {
    prepared(this.db, "UPDATE press_drafts SET state = 'released', released_at = ?, release_at = NULL, closed_by = ?, updated_at = ? WHERE id = ?")
      .run(now.getTime(), by, now.getTime(), id);
  }

  markWithdrawn(id: number, by: UserId, reason: string | null, now: Date): void {
    prepared(this.db, "UPDATE press_drafts SET state = 'withdrawn', release_at = NULL, closed_by = ?, closed_reason = ?, updated_at = ? WHERE id = ?")
      .run(by, reason, now.getTime(), id);
  }

  /** All decisions on a draft (or one version of it), oldest first, revoked ones included. */
  decisions(id: number, version?: number): PressDecision[] {
    return prepared<[number, number, number], DecisionRow>(this.db, "SELECT * FROM press_approvals WHERE draft_id = ? AND (? = 0 OR version = ?) ORDER BY id")
      .all(id, version ?? 0, version ?? 0)
      .map(toDecision);
  }

  addDecision(d: NewDecision): void {
    prepared(
      this.db,
      `INSERT INTO press_approvals (draft_id, version, agency, user_id, kind, reason, via, reaction_event_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(d.draftId, d.version, d.agency, d.user, d.kind, d.reason, d.via, d.reactionEventId, d.now.getTime());
  }

  /** Revokes the user's standing decisions of these kinds on a version; returns how many. */
  revokeStanding(id: number, version: number, user: UserId, kinds: readonly DecisionKind[], now: Date): number {
    return prepared(
      this.db,
      `UPDATE press_approvals SET revoked_at = ? WHERE draft_id = ? AND version = ? AND user_id = ? AND revoked_at IS NULL
       AND kind IN (SELECT value FROM json_each(?))`,
    ).run(now.getTime(), id, version, user, JSON.stringify(kinds)).changes;
  }

  /** The standing decision made by this reaction, if any. */
  standingByReaction(eventId: EventId): PressDecision | null {
    const r = prepared<[string], DecisionRow>(this.db, "SELECT * FROM press_approvals WHERE reaction_event_id = ? AND revoked_at IS NULL").get(eventId);
    return r ? toDecision(r) : null;
  }

  revoke(decisionId: number, now: Date): void {
    prepared(this.db, "UPDATE press_approvals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now.getTime(), decisionId);
  }

  /** Released or withdrawn drafts closed before `cutoff` and not yet anonymised, with what retention removes. */
  closedBefore(cutoff: Date, limit: number): PressContent[] {
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

  /** Retention: deletes versions and approvals (texts, people, reasons); the draft stays as a numbered stub titled `removed`. */
  anonymise(id: number, removed: string, now: Date): void {
    prepared(this.db, "DELETE FROM press_approvals WHERE draft_id = ?").run(id);
    prepared(this.db, "DELETE FROM press_versions WHERE draft_id = ?").run(id);
    prepared(this.db, "UPDATE press_drafts SET title = ?, author = '', closed_by = NULL, closed_reason = NULL, purged_at = ?, updated_at = ? WHERE id = ?")
      .run(removed, now.getTime(), now.getTime(), id);
  }
}
