// Outbox rows: written inside the command's transaction, sent later by matrix/outbox.ts.
import { randomBytes } from "node:crypto";
import type { Database } from "../db/open.ts";
import { asUserId } from "../ids.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

/** "direct": open the direct room with the user whose ID is the row's room_id (see insertForUser). */
export type OutboxKind = "message" | "edit" | "reaction" | "redaction" | "upload" | "direct";
export type OutboxId = number & { readonly __outbox: true };

export interface NewOutboxRow {
  roomId: RoomId;
  kind: OutboxKind;
  eventType: string;
  content: Record<string, unknown>;
  targetOutboxId?: OutboxId | null;
  targetEventId?: EventId | null;
  file?: { name: string; mime: string; data: Buffer } | null;
  ref?: string | null;
  /** What made it sensitive, in words safe to show when it is withheld (see 009); absent: harmless. */
  sensitive?: string | null;
}

export interface OutboxRow {
  id: OutboxId;
  roomId: RoomId;
  txnId: string;
  kind: OutboxKind;
  eventType: string;
  content: Record<string, unknown>;
  targetOutboxId: OutboxId | null;
  targetEventId: EventId | null;
  file: { name: string; mime: string; data: Buffer } | null;
  ref: string | null;
  sensitive: string | null;
  attempts: number;
  nextAttemptAt: number;
  eventId: EventId | null;
  state: "pending" | "sent" | "failed";
}

interface Row {
  id: number;
  room_id: string;
  txn_id: string;
  kind: OutboxKind;
  event_type: string;
  content: string;
  target_outbox_id: number | null;
  target_event_id: string | null;
  file: Buffer | null;
  file_name: string | null;
  file_mime: string | null;
  ref: string | null;
  sensitive: string | null;
  attempts: number;
  next_attempt_at: number;
  event_id: string | null;
  state: "pending" | "sent" | "failed";
}

function toOutboxRow(r: Row): OutboxRow {
  return {
    id: r.id as OutboxId,
    roomId: r.room_id as RoomId,
    txnId: r.txn_id,
    kind: r.kind,
    eventType: r.event_type,
    content: JSON.parse(r.content) as Record<string, unknown>,
    targetOutboxId: r.target_outbox_id as OutboxId | null,
    targetEventId: r.target_event_id as EventId | null,
    file: r.file && r.file_name && r.file_mime ? { name: r.file_name, mime: r.file_mime, data: r.file } : null,
    ref: r.ref,
    sensitive: r.sensitive,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    eventId: r.event_id as EventId | null,
    state: r.state,
  };
}

export function insertOutbox(db: Database, row: NewOutboxRow, now: number): OutboxId {
  const txnId = `lagebot.${now.toString(36)}.${randomBytes(9).toString("base64url")}`;
  const res = prepared(
    db,
    `INSERT INTO outbox (room_id, txn_id, kind, event_type, content, target_outbox_id, target_event_id, file, file_name, file_mime, ref, sensitive, state, next_attempt_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    row.roomId, txnId, row.kind, row.eventType, JSON.stringify(row.content), row.targetOutboxId ?? null, row.targetEventId ?? null,
    row.file?.data ?? null, row.file?.name ?? null, row.file?.mime ?? null, row.ref ?? null, row.sensitive?.slice(0, 200) || null, now, now,
  );
  return Number(res.lastInsertRowid) as OutboxId;
}

export function pendingRooms(db: Database): RoomId[] {
  return prepared<[], { room_id: string }>(db, "SELECT DISTINCT room_id FROM outbox WHERE state = 'pending'").all().map((r) => r.room_id as RoomId);
}

/** The oldest pending row of a room: rows of one room go out strictly in order. */
export function headOfRoom(db: Database, roomId: RoomId): OutboxRow | null {
  const r = prepared<[string], Row>(db, "SELECT * FROM outbox WHERE state = 'pending' AND room_id = ? ORDER BY id LIMIT 1").get(roomId);
  return r ? toOutboxRow(r) : null;
}

export function getOutbox(db: Database, id: OutboxId): OutboxRow | null {
  const r = prepared<[number], Row>(db, "SELECT * FROM outbox WHERE id = ?").get(id);
  return r ? toOutboxRow(r) : null;
}

/** The latest sent row with this ref (e.g. the current card of a draft). */
export function findByRef(db: Database, ref: string): OutboxRow | null {
  const r = prepared<[string], Row>(db, "SELECT * FROM outbox WHERE ref = ? ORDER BY id DESC LIMIT 1").get(ref);
  return r ? toOutboxRow(r) : null;
}

export function findByEventId(db: Database, eventId: EventId): OutboxRow | null {
  const r = prepared<[string], Row>(db, "SELECT * FROM outbox WHERE event_id = ?").get(eventId);
  return r ? toOutboxRow(r) : null;
}

/** The ref of a message holding a secret (a calendar feed URL): its text goes as soon as it is sent. */
export const SECRET_REF = "secret";

export function markSent(db: Database, id: OutboxId, eventId: EventId, now: number): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'sent', event_id = ?, sent_at = ?, attempts = attempts + 1, file = NULL,
     content = CASE WHEN ref = '${SECRET_REF}' THEN json_object('msgtype', json_extract(content, '$.msgtype')) ELSE content END WHERE id = ?`,
  ).run(eventId, now, id);
}

export function markRetry(db: Database, id: OutboxId, nextAt: number, error: string): void {
  prepared(db, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?").run(Math.ceil(nextAt), error, id);
}

export function markFailed(db: Database, id: OutboxId, error: string): void {
  prepared(db, "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, file = NULL WHERE id = ?").run(error, id);
}

/**
 * A sensitive row that was not sent because the room holds someone of no agency (a notice went out
 * instead): it ends like a failed row, never to be sent or edited, and the bot's copy of its content goes.
 */
export function markWithheld(db: Database, id: OutboxId, now: number): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'failed', withheld_at = ?, attempts = attempts + 1, last_error = 'withheld', file = NULL,
     content = json_object('msgtype', json_extract(content, '$.msgtype')) WHERE id = ?`,
  ).run(now, id);
}

/** The `last_error` of a row waiting out a 429: that wait is the homeserver's, not ours to cut short. */
export const RATE_LIMITED = "rate limited";

/** Rows waiting out a network or server error may go at once (a rate limit's wait stands). */
export function retryNow(db: Database, now: number): number {
  return prepared(db, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ? AND COALESCE(last_error, '') <> ?")
    .run(now, now, RATE_LIMITED).changes;
}

export function updateContent(db: Database, id: OutboxId, content: Record<string, unknown>): void {
  prepared(db, "UPDATE outbox SET content = ? WHERE id = ?").run(JSON.stringify(content), id);
}

export function outboxStats(db: Database): { pending: number; failed: number; retrying: number } {
  const r = prepared<[], { pending: number; failed: number; retrying: number }>(
    db,
    // Only unsent rows: sent ones pile up, and the partial indexes keep this cheap however many there are.
    `SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
    (SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND withheld_at IS NULL) AS failed,
    (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts > 0) AS retrying`,
  ).get();
  return r ?? { pending: 0, failed: 0, retrying: 0 };
}

/**
 * A row for one person's eyes: it waits under their user ID (in place of a room ID, so in a queue of
 * its own) behind the 'direct' row that opens their direct room, and moves there once it is open.
 */
export function insertForUser(db: Database, user: UserId, row: Omit<NewOutboxRow, "roomId">, now: number): OutboxId {
  return insertOutbox(db, { ...row, roomId: userQueue(user) }, now);
}

/** The queue of a user's rows that wait for their direct room: their user ID stands in for the room. */
function userQueue(user: UserId): RoomId {
  return user as string as RoomId;
}

/** The user whose direct room a queue waits for, or null for a real room. */
export function queuedFor(queue: RoomId): UserId | null {
  return asUserId(queue);
}

/**
 * The user's direct room is open: every 'direct' row waiting for it is done (without an event of its
 * own), and the rows waiting under the user's ID go to the room, in their order.
 */
export function moveToRoom(db: Database, user: UserId, roomId: RoomId, now: number): number {
  prepared(db, "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE room_id = ? AND kind = 'direct' AND state = 'pending'").run(now, user);
  return prepared(db, "UPDATE outbox SET room_id = ? WHERE room_id = ? AND state = 'pending'").run(roomId, user).changes;
}

/**
 * Sent rows older than `cutoff` keep only what cards and reactions are traced by (IDs, room, ref,
 * message type); their texts and files go. Returns how many rows were trimmed.
 */
export function trimSentBefore(db: Database, cutoff: number): number {
  return prepared(
    db,
    `UPDATE outbox SET content = json_object('msgtype', json_extract(content, '$.msgtype')), file = NULL, file_name = NULL, last_error = NULL
     WHERE state = 'sent' AND sent_at < ? AND (file IS NOT NULL OR content <> json_object('msgtype', json_extract(content, '$.msgtype')))`,
  ).run(cutoff).changes;
}
