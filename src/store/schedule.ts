// The durable schedule: one row per future post, fired by schedule/scheduler.ts.
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

export interface ScheduledRow {
  id: number;
  job: string;
  roomId: RoomId;
  dueAt: number;
  ref: string | null;
  payload: Record<string, unknown>;
}

interface Row {
  id: number;
  job: string;
  room_id: string;
  due_at: number;
  ref: string | null;
  payload: string;
}

function toScheduled(r: Row): ScheduledRow {
  return { id: r.id, job: r.job, roomId: r.room_id as RoomId, dueAt: r.due_at, ref: r.ref, payload: JSON.parse(r.payload) as Record<string, unknown> };
}

export function insertSchedule(db: Database, s: Omit<ScheduledRow, "id">, now: number): number {
  const res = prepared(db, "INSERT INTO schedule (job, room_id, due_at, ref, payload, state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)")
    .run(s.job, s.roomId, s.dueAt, s.ref, JSON.stringify(s.payload), now);
  return Number(res.lastInsertRowid);
}

/** Cancels pending rows whose ref equals `ref` or starts with `ref` + ":". */
export function cancelSchedule(db: Database, ref: string, now: number): number {
  return prepared(db, "UPDATE schedule SET state = 'cancelled', done_at = ? WHERE state = 'pending' AND (ref = ? OR substr(ref, 1, ?) = ?)")
    .run(now, ref, ref.length + 1, `${ref}:`).changes;
}

export function dueRows(db: Database, until: number, limit = 100): ScheduledRow[] {
  return prepared<[number, number], Row>(db, "SELECT * FROM schedule WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?").all(until, limit).map(toScheduled);
}

export function nextDue(db: Database): number | null {
  return prepared<[], { due_at: number }>(db, "SELECT due_at FROM schedule WHERE state = 'pending' ORDER BY due_at LIMIT 1").get()?.due_at ?? null;
}

export function upcoming(db: Database, limit: number): ScheduledRow[] {
  return prepared<[number], Row>(db, "SELECT * FROM schedule WHERE state = 'pending' ORDER BY due_at, id LIMIT ?").all(limit).map(toScheduled);
}

export function finishSchedule(db: Database, id: number, state: "done" | "missed", late: boolean, now: number): void {
  prepared(db, "UPDATE schedule SET state = ?, late = ?, done_at = ? WHERE id = ? AND state = 'pending'").run(state, late ? 1 : 0, now, id);
}

export function pendingByRef(db: Database, ref: string): ScheduledRow[] {
  return prepared<[string, number, string], Row>(db, "SELECT * FROM schedule WHERE state = 'pending' AND (ref = ? OR substr(ref, 1, ?) = ?) ORDER BY due_at")
    .all(ref, ref.length + 1, `${ref}:`)
    .map(toScheduled);
}
