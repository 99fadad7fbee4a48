// Repository of action items (AI-n): who owes what by when.
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";
import { wallTime } from "../time/zone.ts";

export interface ActionItem {
  id: number;
  roomId: RoomId;
  committeeId: number | null;
  text: string;
  owner: UserId;
  /** Local due date "YYYY-MM-DD". */
  dueDate: string;
  /** The due moment when a time of day was given. */
  dueAt: Date | null;
  zone: string;
  nudge: string;
  state: "open" | "done";
  createdBy: UserId;
  createdAt: Date;
  doneBy: UserId | null;
  doneAt: Date | null;
}

/** Past its due moment, or (without a time of day) past its due date in its zone. */
export function isOverdue(a: ActionItem, now: Date): boolean {
  if (a.dueAt) return now > a.dueAt;
  return wallTime(now, a.zone).toFormat("yyyy-MM-dd") > a.dueDate;
}

interface Row {
  id: number;
  room_id: string;
  committee_id: number | null;
  text: string;
  owner: string;
  due_date: string;
  due_at: number | null;
  zone: string;
  nudge: string;
  state: "open" | "done";
  created_by: string;
  created_at: number;
  done_by: string | null;
  done_at: number | null;
}

function toItem(r: Row): ActionItem {
  return {
    id: r.id, roomId: r.room_id as RoomId, committeeId: r.committee_id, text: r.text, owner: r.owner as UserId, dueDate: r.due_date,
    dueAt: r.due_at === null ? null : new Date(r.due_at), zone: r.zone, nudge: r.nudge, state: r.state, createdBy: r.created_by as UserId,
    createdAt: new Date(r.created_at), doneBy: r.done_by as UserId | null, doneAt: r.done_at === null ? null : new Date(r.done_at),
  };
}

export type ActionFields = Pick<ActionItem, "roomId" | "committeeId" | "text" | "owner" | "dueDate" | "dueAt" | "zone" | "nudge" | "createdBy">;

export class ActionsStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  create(f: ActionFields, now: Date): ActionItem {
    const res = prepared(
      this.db,
      `INSERT INTO action_items (room_id, committee_id, text, owner, due_date, due_at, zone, nudge, state, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    ).run(f.roomId, f.committeeId, f.text, f.owner, f.dueDate, f.dueAt?.getTime() ?? null, f.zone, f.nudge, f.createdBy, now.getTime());
    return this.get(Number(res.lastInsertRowid)) as ActionItem;
  }

  get(id: number): ActionItem | null {
    const r = prepared<[number], Row>(this.db, "SELECT * FROM action_items WHERE id = ?").get(id);
    return r ? toItem(r) : null;
  }

  /** Open items by due date; optionally one owner's or one committee's. */
  open(filter: { owner?: UserId; committeeId?: number } = {}, limit = 200): ActionItem[] {
    return prepared<[string | null, string | null, number | null, number | null, number], Row>(
      this.db,
      `SELECT * FROM action_items WHERE state = 'open' AND (? IS NULL OR owner = ?) AND (? IS NULL OR committee_id = ?)
      ORDER BY due_date, COALESCE(due_at, 0), id LIMIT ?`,
    ).all(filter.owner ?? null, filter.owner ?? null, filter.committeeId ?? null, filter.committeeId ?? null, limit)
      .map(toItem);
  }

  /** Whether a reminder of this item is still pending in the schedule. */
  hasPendingNudge(id: number): boolean {
    const prefix = `ai:${id}:`;
    return prepared(this.db, "SELECT 1 FROM schedule WHERE state = 'pending' AND substr(ref, 1, ?) = ?").get(prefix.length, prefix) !== undefined;
  }

  markDone(id: number, by: UserId, now: Date): void {
    prepared(this.db, "UPDATE action_items SET state = 'done', done_by = ?, done_at = ? WHERE id = ? AND state = 'open'").run(by, now.getTime(), id);
  }

  doneBefore(cutoff: Date, limit: number): ActionItem[] {
    return prepared<[number, number], Row>(this.db, "SELECT * FROM action_items WHERE state = 'done' AND done_at < ? ORDER BY id LIMIT ?")
      .all(cutoff.getTime(), limit)
      .map(toItem);
  }

  delete(id: number): void {
    prepared(this.db, "DELETE FROM action_items WHERE id = ?").run(id);
  }
}
