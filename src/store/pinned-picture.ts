// The pinned live situation card of each room (013) and what pinning takes there (power levels).
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import type { EventId, RoomId } from "../ids.ts";
import type { OutboxId } from "./outbox.ts";

/** The picture family's job that keeps the pinned card current (commands/picture/pin.ts), one per room. */
export const PIN_JOB = "picture.pinRefresh";
export const pinRef = (roomId: RoomId): string => `picture:pin:${roomId}`;

export type PinState = "pinning" | "pinned" | "unpinning" | "refused";

export interface PinnedPicture {
  roomId: RoomId;
  cardOutboxId: OutboxId;
  replacesEvent: EventId | null;
  lastText: string;
  state: PinState;
  neededLevel: number | null;
  /** The card's event, once sent. */
  cardEvent: EventId | null;
  /** The card never went out (refused by the homeserver, or withheld): nothing to pin or edit. */
  cardFailed: boolean;
}

interface Row {
  room_id: string;
  card_outbox_id: number;
  replaces_event: string | null;
  last_text: string;
  state: PinState;
  needed_level: number | null;
  event_id: string | null;
  card_state: string;
}

function toPinned(r: Row): PinnedPicture {
  return {
    roomId: r.room_id as RoomId,
    cardOutboxId: r.card_outbox_id as OutboxId,
    replacesEvent: r.replaces_event as EventId | null,
    lastText: r.last_text,
    state: r.state,
    neededLevel: r.needed_level,
    cardEvent: r.event_id as EventId | null,
    cardFailed: r.card_state === "failed",
  };
}

const SELECT = "SELECT p.*, o.event_id, o.state AS card_state FROM pinned_picture p JOIN outbox o ON o.id = p.card_outbox_id";

export function pinnedIn(db: Database, roomId: RoomId): PinnedPicture | null {
  const r = prepared<[string], Row>(db, `${SELECT} WHERE p.room_id = ?`).get(roomId);
  return r ? toPinned(r) : null;
}

/** Rows the pinner has work on: to pin once the card is sent, or to unpin. */
export function pinWork(db: Database): PinnedPicture[] {
  return prepared<[], Row>(db, `${SELECT} WHERE p.state = 'unpinning' OR (p.state = 'pinning' AND o.event_id IS NOT NULL) ORDER BY p.room_id`)
    .all()
    .map(toPinned);
}

/** Whether a row waits for its card to be sent, so the pinner should keep looking. */
export function pinWaiting(db: Database): boolean {
  const sql = "SELECT COUNT(*) AS n FROM pinned_picture p JOIN outbox o ON o.id = p.card_outbox_id WHERE p.state = 'unpinning' OR (p.state = 'pinning' AND o.state <> 'failed')";
  return prepared<[], { n: number }>(db, sql).get()?.n !== 0;
}

/** A new card for the room; the one it replaces (if any, and sent) comes out of the pinned list with it. */
export function startPin(db: Database, roomId: RoomId, card: OutboxId, text: string, replaces: EventId | null, now: number): void {
  prepared(
    db,
    `INSERT INTO pinned_picture (room_id, card_outbox_id, replaces_event, last_text, state, needed_level, updated_at) VALUES (?, ?, ?, ?, 'pinning', NULL, ?)
     ON CONFLICT (room_id) DO UPDATE SET card_outbox_id = excluded.card_outbox_id, replaces_event = excluded.replaces_event,
       last_text = excluded.last_text, state = 'pinning', needed_level = NULL, updated_at = excluded.updated_at`,
  ).run(roomId, card, replaces, text, now);
}

export function setPinState(db: Database, roomId: RoomId, state: PinState, now: number, neededLevel: number | null = null): void {
  prepared(db, "UPDATE pinned_picture SET state = ?, needed_level = ?, updated_at = ? WHERE room_id = ?").run(state, neededLevel, now, roomId);
}

/** The pinned list took the card: the replaced one is out of it now. */
export function markPinned(db: Database, roomId: RoomId, card: OutboxId, now: number): void {
  prepared(db, "UPDATE pinned_picture SET state = 'pinned', replaces_event = NULL, updated_at = ? WHERE room_id = ? AND card_outbox_id = ? AND state = 'pinning'").run(now, roomId, card);
}

export function recordCardText(db: Database, roomId: RoomId, text: string, now: number): void {
  prepared(db, "UPDATE pinned_picture SET last_text = ?, updated_at = ? WHERE room_id = ?").run(text, now, roomId);
}

export function dropPinned(db: Database, roomId: RoomId): void {
  prepared(db, "DELETE FROM pinned_picture WHERE room_id = ?").run(roomId);
}

export interface PinLevels {
  needed: number;
  bot: number;
}

export function pinLevelsIn(db: Database, roomId: RoomId): PinLevels | null {
  return prepared<[string], PinLevels>(db, "SELECT needed, bot FROM room_pin_levels WHERE room_id = ?").get(roomId) ?? null;
}

export function recordPinLevels(db: Database, roomId: RoomId, levels: PinLevels, now: number): void {
  prepared(
    db,
    `INSERT INTO room_pin_levels (room_id, needed, bot, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (room_id) DO UPDATE SET needed = excluded.needed, bot = excluded.bot, updated_at = excluded.updated_at`,
  ).run(roomId, levels.needed, levels.bot, now);
}
