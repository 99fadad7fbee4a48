// Repository of joint operations: the only place that knows their SQL.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import type { RoomId, UserId } from "../ids.ts";

/**
 * How long an operation without an end (`bis=`) is taken to last: for the overlap warning, for when
 * it counts as over in the lists, and as its end in the calendar file (README, "Kalender").
 */
export const OPEN_END_MS = 3_600_000;

export type OperationState = "planned" | "cancelled" | "done";
export type OperationType = "patrol" | "control" | "event";

export interface Operation {
  id: number;
  roomId: RoomId;
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  type: OperationType | null;
  field: string | null;
  spotId: number | null;
  state: OperationState;
  cancelReason: string | null;
  report: string | null;
  reportedBy: string | null;
  sequence: number;
  createdBy: UserId;
  createdAt: Date;
  updatedAt: Date;
  /** Needed per agency id. */
  needed: Map<string, number>;
  /** Roster per agency id. */
  roster: Map<string, UserId[]>;
}

interface Row {
  id: number;
  room_id: string;
  title: string;
  starts_at: number;
  ends_at: number | null;
  place: string | null;
  type: OperationType | null;
  field: string | null;
  spot_id: number | null;
  state: OperationState;
  cancel_reason: string | null;
  report: string | null;
  reported_by: string | null;
  sequence: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface OperationFields {
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  type: OperationType | null;
  field: string | null;
  spotId: number | null;
}

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

export class OperationsStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  private toOperation(r: Row): Operation {
    return this.toOperations([r])[0] as Operation;
  }

  /** Rows to operations, with staffing and roster of all of them read in one query each. */
  private toOperations(rows: readonly Row[]): Operation[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const needed = new Map<number, Map<string, number>>();
    for (const s of prepared<[string], { operation_id: number; agency_id: string; needed: number }>(
      this.db,
      "SELECT operation_id, agency_id, needed FROM operation_staffing WHERE operation_id IN (SELECT value FROM json_each(?))",
    ).all(ids))
      needed.set(s.operation_id, (needed.get(s.operation_id) ?? new Map<string, number>()).set(s.agency_id, s.needed));
    const roster = new Map<number, Map<string, UserId[]>>();
    for (const m of prepared<[string], { operation_id: number; agency_id: string; user_id: string }>(
      this.db,
      "SELECT operation_id, agency_id, user_id FROM operation_roster WHERE operation_id IN (SELECT value FROM json_each(?)) ORDER BY operation_id, joined_at, user_id",
    ).all(ids)) {
      const byAgency = roster.get(m.operation_id) ?? new Map<string, UserId[]>();
      byAgency.set(m.agency_id, [...(byAgency.get(m.agency_id) ?? []), m.user_id as UserId]);
      roster.set(m.operation_id, byAgency);
    }
    return rows.map((r) => ({
      id: r.id, roomId: r.room_id as RoomId, title: r.title, startsAt: new Date(r.starts_at), endsAt: r.ends_at === null ? null : new Date(r.ends_at),
      place: r.place, type: r.type, field: r.field, spotId: r.spot_id, state: r.state, cancelReason: r.cancel_reason, report: r.report,
      reportedBy: r.reported_by, sequence: r.sequence, createdBy: r.created_by as UserId, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
      needed: needed.get(r.id) ?? new Map<string, number>(), roster: roster.get(r.id) ?? new Map<string, UserId[]>(),
    }));
  }

  create(f: OperationFields, meta: { roomId: RoomId; createdBy: UserId; zone: string; now: Date }, needed: ReadonlyMap<string, number>): Operation {
    const res = prepared(
      this.db,
      `INSERT INTO operations (room_id, title, starts_at, ends_at, zone, place, type, field, spot_id, state, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?)`,
    ).run(meta.roomId, f.title, f.startsAt.getTime(), f.endsAt?.getTime() ?? null, meta.zone, f.place, f.type, f.field, f.spotId, meta.createdBy, meta.now.getTime(), meta.now.getTime());
    const id = Number(res.lastInsertRowid);
    this.setNeeded(id, needed);
    return this.get(id) as Operation;
  }

  get(id: number): Operation | null {
    const r = prepared<[number], Row>(this.db, "SELECT * FROM operations WHERE id = ?").get(id);
    return r ? this.toOperation(r) : null;
  }

  update(id: number, f: OperationFields, now: Date): void {
    prepared(
      this.db,
      `UPDATE operations SET title = ?, starts_at = ?, ends_at = ?, place = ?, type = ?, field = ?, spot_id = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`,
    ).run(f.title, f.startsAt.getTime(), f.endsAt?.getTime() ?? null, f.place, f.type, f.field, f.spotId, now.getTime(), id);
  }

  setNeeded(id: number, needed: ReadonlyMap<string, number>): void {
    const put = prepared(this.db, "INSERT INTO operation_staffing (operation_id, agency_id, needed) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET needed = excluded.needed");
    for (const [agency, n] of needed) put.run(id, agency, n);
  }

  setState(id: number, state: OperationState, now: Date, extra: { cancelReason?: string | null; report?: string; reportedBy?: UserId } = {}): void {
    prepared(
      this.db,
      `UPDATE operations SET state = ?, cancel_reason = COALESCE(?, cancel_reason), report = COALESCE(?, report), reported_by = COALESCE(?, reported_by),
         reported_at = CASE WHEN ? IS NULL THEN reported_at ELSE ? END, sequence = sequence + 1, updated_at = ? WHERE id = ?`,
    ).run(state, extra.cancelReason ?? null, extra.report ?? null, extra.reportedBy ?? null, extra.report ?? null, now.getTime(), now.getTime(), id);
  }

  join(id: number, user: UserId, agencyId: string, now: Date): boolean {
    return prepared(this.db, "INSERT OR IGNORE INTO operation_roster (operation_id, user_id, agency_id, joined_at) VALUES (?, ?, ?, ?)").run(id, user, agencyId, now.getTime()).changes > 0;
  }

  leave(id: number, user: UserId): boolean {
    return prepared(this.db, "DELETE FROM operation_roster WHERE operation_id = ? AND user_id = ?").run(id, user).changes > 0;
  }

  /** Operations starting in [from, to), ordered by start; states filter optional. */
  between(from: Date | null, to: Date | null, states: readonly OperationState[] | null, limit = 50): Operation[] {
    const rows = prepared<[number, number, string, number], Row>(
      this.db,
      `SELECT * FROM operations WHERE starts_at >= ? AND starts_at < ? AND state IN (SELECT value FROM json_each(?))
         ORDER BY starts_at, id LIMIT ?`,
    ).all(from?.getTime() ?? Number.MIN_SAFE_INTEGER, to?.getTime() ?? Number.MAX_SAFE_INTEGER, JSON.stringify(states ?? ["planned", "cancelled", "done"]), limit);
    return this.toOperations(rows);
  }

  /** How many planned operations start in [from, to). */
  countPlanned(from: Date, to: Date): number {
    return prepared<[number, number], { n: number }>(this.db, "SELECT COUNT(*) AS n FROM operations WHERE state = 'planned' AND starts_at >= ? AND starts_at < ?")
      .get(from.getTime(), to.getTime())?.n ?? 0;
  }

  /** Staff still missing per agency ID, over all planned operations starting in [from, to). */
  missingStaff(from: Date, to: Date): Map<string, number> {
    const rows = prepared<[number, number], { agency_id: string; missing: number }>(
      this.db,
      `SELECT agency_id, SUM(needed - n) AS missing FROM (
         SELECT s.agency_id, s.needed, (SELECT COUNT(*) FROM operation_roster r WHERE r.operation_id = o.id AND r.agency_id = s.agency_id) AS n
         FROM operations o JOIN operation_staffing s ON s.operation_id = o.id
         WHERE o.state = 'planned' AND o.starts_at >= ? AND o.starts_at < ?
       ) WHERE needed > n GROUP BY agency_id`,
    ).all(from.getTime(), to.getTime());
    return new Map(rows.map((r) => [r.agency_id, r.missing]));
  }

  /** Planned operations not yet over (end, or start + OPEN_END_MS if no end, is after `now`). */
  upcoming(now: Date, limit = 50): Operation[] {
    // Only operations starting within the longest planned duration before now can still be running.
    const rows = prepared<[number, number, number, number, number], Row>(
      this.db,
      `SELECT * FROM operations WHERE state = 'planned' AND COALESCE(ends_at, starts_at + ?) >= ?
         AND starts_at >= ? - MAX(?, (SELECT COALESCE(MAX(ends_at - starts_at), 0) FROM operations WHERE state = 'planned'))
       ORDER BY starts_at, id LIMIT ?`,
    ).all(OPEN_END_MS, now.getTime(), now.getTime(), OPEN_END_MS, limit);
    return this.toOperations(rows);
  }

  /** Past: over (by its end, or start + OPEN_END_MS) or reported; a cancelled one once its time is over. Newest first. */
  past(now: Date, limit = 50): Operation[] {
    const rows = prepared<[number, number, number], Row>(
      this.db,
      "SELECT * FROM operations WHERE state = 'done' OR COALESCE(ends_at, starts_at + ?) < ? ORDER BY starts_at DESC, id DESC LIMIT ?",
    ).all(OPEN_END_MS, now.getTime(), limit);
    return this.toOperations(rows);
  }

  /** Planned operations at the same place overlapping [start, end). */
  overlapping(place: string, start: Date, end: Date | null, exceptId: number | null): Operation[] {
    const endMs = (end ?? new Date(start.getTime() + OPEN_END_MS)).getTime();
    const rows = prepared<[string, number, number, number], Row>(
      this.db,
      `SELECT * FROM operations WHERE state = 'planned' AND lower(place) = lower(?) AND id <> ?
         AND starts_at < ? AND COALESCE(ends_at, starts_at + 3600000) > ? ORDER BY starts_at`,
    ).all(place, exceptId ?? -1, endMs, start.getTime());
    return this.toOperations(rows);
  }

  all(limit = 1000): Operation[] {
    return this.toOperations(prepared<[number], Row>(this.db, "SELECT * FROM operations ORDER BY starts_at, id LIMIT ?").all(limit));
  }

  bySpot(spotId: number): Operation[] {
    return this.toOperations(prepared<[number], Row>(this.db, "SELECT * FROM operations WHERE spot_id = ? ORDER BY starts_at").all(spotId));
  }

  /** Operations that ended (or, without an end, started) before `cutoff` and are not yet anonymised. */
  endedBefore(cutoff: Date, limit: number): OperationContent[] {
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

  /** Retention: the roster and every name and text go (the title becomes `removed`); number, times, state and staffing figures stay. */
  anonymise(id: number, removed: string, now: Date): void {
    prepared(this.db, "DELETE FROM operation_roster WHERE operation_id = ?").run(id);
    prepared(
      this.db,
      `UPDATE operations SET title = ?, place = NULL, field = NULL, report = NULL, cancel_reason = NULL, created_by = '', reported_by = NULL,
      purged_at = ?, updated_at = ? WHERE id = ?`,
    ).run(removed, now.getTime(), now.getTime(), id);
  }
}
