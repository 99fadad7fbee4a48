// Questions the bot asked back, by the outbox row that asked them (migrations/011_answered.sql).
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import { asRoomId, asUserId } from "../ids.ts";
import type { RoomId, UserId } from "../ids.ts";
import type { OutboxId } from "./outbox.ts";

export interface Question {
  outboxId: OutboxId;
  roomId: RoomId;
  person: UserId;
  command: string;
  /** What it is about ("press:PR-1:2"), so a change to that record can close it; null: nothing. */
  about: string | null;
  expiresAt: number;
  /** Set when a change to what it is about closed it before it was answered. */
  closedAt: number | null;
  answeredAt: number | null;
}

interface Row {
  outbox_id: number;
  room_id: string;
  person: string;
  command: string;
  about: string | null;
  expires_at: number;
  closed_at: number | null;
  answered_at: number | null;
}

function toQuestion(r: Row): Question | null {
  const roomId = asRoomId(r.room_id);
  const person = asUserId(r.person);
  if (!roomId || !person) return null;
  return { outboxId: r.outbox_id as OutboxId, roomId, person, command: r.command, about: r.about, expiresAt: r.expires_at, closedAt: r.closed_at, answeredAt: r.answered_at };
}

/** A week after it expired a question is of no use, not even to say that it expired. */
const KEEP_MS = 7 * 24 * 3600_000;

/** Forgets questions a week after they expired: they hold who was asked (the daily retention run). */
export function purgeQuestions(db: Database, now: number): number {
  return prepared(db, "DELETE FROM questions WHERE expires_at < ?").run(now - KEEP_MS).changes;
}

export function insertQuestion(
  db: Database,
  q: { outboxId: OutboxId; roomId: RoomId; person: UserId; command: string; about: string | null; expiresAt: number },
  now: number,
): void {
  purgeQuestions(db, now);
  prepared(db, "INSERT OR REPLACE INTO questions (outbox_id, room_id, person, command, about, asked_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(q.outboxId, q.roomId, q.person, q.command, q.about, now, q.expiresAt);
}

export function questionAsked(db: Database, outboxId: OutboxId): Question | null {
  const r = prepared<[number], Row>(db, "SELECT outbox_id, room_id, person, command, about, expires_at, closed_at, answered_at FROM questions WHERE outbox_id = ?").get(outboxId);
  return r ? toQuestion(r) : null;
}

/** Marks the question answered; false if it was answered already (a question is answered once). */
export function markAnswered(db: Database, outboxId: OutboxId, now: number): boolean {
  return prepared(db, "UPDATE questions SET answered_at = ? WHERE outbox_id = ? AND answered_at IS NULL").run(now, outboxId).changes === 1;
}

/**
 * Closes the open questions whose `about` starts with `prefix` ("press:PR-1:" for every version of
 * PR-1), only `person`'s if given. A reply to a closed question is told it no longer applies.
 */
export function closeQuestions(db: Database, prefix: string, now: number, person: UserId | null = null): number {
  return prepared(
    db,
    "UPDATE questions SET closed_at = ? WHERE answered_at IS NULL AND closed_at IS NULL AND substr(about, 1, length(?)) = ? AND (? IS NULL OR person = ?)",
  ).run(now, prefix, prefix, person, person).changes;
}
