// The inbox: every relevant incoming event by event_id, before anything acts on it (matrix/inbox.ts
// stores and drains it; pipeline/dispatch.ts marks a row done in the transaction that handled it).
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";

/** A pending row as the dispatcher reads it. */
export interface InboxRow {
  seq: number;
  event_id: string;
  room_id: string;
  event: string;
  origin_ts: number;
}

export interface NewInboxRow {
  eventId: string;
  roomId: string;
  sender: string;
  type: string;
  originTs: number;
  receivedAt: number;
  /** The event as JSON; "{}" for one kept only as seen. */
  event: string;
  state: "pending" | "waiting" | "skipped";
  keyWaitUntil: number | null;
}

/** An encrypted event waiting for its room key, as stored. */
export interface StoredWaitingRow {
  seq: number;
  room_id: string;
  event: string;
  key_wait_until: number;
}

/** Stores an event once: a replay of the same event_id changes nothing. */
export function insertInbox(db: Database, r: NewInboxRow): void {
  prepared(
    db,
    `INSERT OR IGNORE INTO inbox (event_id, room_id, sender, type, origin_ts, received_at, event, state, key_wait_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.eventId, r.roomId, r.sender, r.type, r.originTs, r.receivedAt, r.event, r.state, r.keyWaitUntil);
}

export function inboxHas(db: Database, eventId: string): boolean {
  return prepared<[string], { one: number }>(db, "SELECT 1 AS one FROM inbox WHERE event_id = ?").get(eventId) !== undefined;
}

/** What handling the sender's event in that room came to ("error-replied", "command:op.list" …); null if none. */
export function outcomeOf(db: Database, eventId: string, roomId: string, sender: string): string | null {
  return prepared<[string, string, string], { outcome: string | null }>(db, "SELECT outcome FROM inbox WHERE event_id = ? AND room_id = ? AND sender = ?")
    .get(eventId, roomId, sender)?.outcome ?? null;
}

/** The oldest pending row: rows are handled in arrival order. */
export function nextPending(db: Database): InboxRow | null {
  return prepared<[], InboxRow>(db, "SELECT seq, event_id, room_id, event, origin_ts FROM inbox WHERE state = 'pending' ORDER BY seq LIMIT 1").get() ?? null;
}

export function pendingCount(db: Database): number {
  return prepared<[], { n: number }>(db, "SELECT COUNT(*) AS n FROM inbox WHERE state = 'pending'").get()?.n ?? 0;
}

export function waitingCount(db: Database): number {
  return prepared<[], { n: number }>(db, "SELECT COUNT(*) AS n FROM inbox WHERE state = 'waiting'").get()?.n ?? 0;
}

/** Encrypted events waiting for their room key, oldest first. */
export function waitingRows(db: Database, limit: number): StoredWaitingRow[] {
  return prepared<[number], StoredWaitingRow>(db, "SELECT seq, room_id, event, key_wait_until FROM inbox WHERE state = 'waiting' ORDER BY seq LIMIT ?").all(limit);
}

/** A waiting row's key came: it is pending with the decrypted event (only a waiting row moves). */
export function storeDecrypted(db: Database, seq: number, type: string, event: string): boolean {
  return prepared(db, "UPDATE inbox SET state = 'pending', type = ?, event = ? WHERE seq = ? AND state = 'waiting'").run(type, event, seq).changes > 0;
}

/** A waiting row's window ended without its key: it is pending as it is (handled as undecryptable). */
export function stopWaiting(db: Database, seq: number): boolean {
  return prepared(db, "UPDATE inbox SET state = 'pending' WHERE seq = ? AND state = 'waiting'").run(seq).changes > 0;
}

/** The row was handled: done with its outcome, and the event's content is not kept. */
export function markHandled(db: Database, seq: number, outcome: string, now: number): void {
  prepared(db, "UPDATE inbox SET state = 'done', outcome = ?, handled_at = ?, event = '{}' WHERE seq = ? AND state = 'pending'").run(outcome, now, seq);
}

/** A message redacted while it waited for its key is done, never run; true if there was one. */
export function withdrawWaiting(db: Database, eventId: string, roomId: string, now: number): boolean {
  return prepared(db, "UPDATE inbox SET state = 'done', outcome = 'redacted-before-key', event = '{}', handled_at = ? WHERE event_id = ? AND room_id = ? AND state = 'waiting'")
    .run(now, eventId, roomId).changes > 0;
}
