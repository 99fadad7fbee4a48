// Reactions on our own messages, kept so that a later redaction can be traced to what it withdrew.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";

export interface Reaction {
  eventId: EventId;
  roomId: RoomId;
  sender: UserId;
  /** The event of ours it is on. */
  target: EventId;
  key: string;
  /** The ref of the outbox row it is on (e.g. "press:card:3:1"). */
  ref: string | null;
}

interface Row {
  event_id: string;
  room_id: string;
  sender: string;
  target: string;
  key: string;
  ref: string | null;
}

function toReaction(r: Row): Reaction {
  return { eventId: r.event_id as EventId, roomId: r.room_id as RoomId, sender: r.sender as UserId, target: r.target as EventId, key: r.key, ref: r.ref };
}

/** Records a reaction once (a replay changes nothing). */
export function recordReaction(db: Database, r: Reaction): void {
  prepared(db, "INSERT OR IGNORE INTO reactions (event_id, room_id, sender, target, key, ref) VALUES (?, ?, ?, ?, ?, ?)")
    .run(r.eventId, r.roomId, r.sender, r.target, r.key, r.ref);
}

/** The reaction with this event ID in this room, unless it was redacted already. */
export function liveReaction(db: Database, eventId: EventId, roomId: RoomId): Reaction | null {
  const r = prepared<[string, string], Row>(db, "SELECT event_id, room_id, sender, target, key, ref FROM reactions WHERE event_id = ? AND room_id = ? AND redacted = 0")
    .get(eventId, roomId);
  return r ? toReaction(r) : null;
}

export function markReactionRedacted(db: Database, eventId: EventId): void {
  prepared(db, "UPDATE reactions SET redacted = 1 WHERE event_id = ?").run(eventId);
}

/** The keys of a person's earlier reactions on one of our messages, redacted ones too (a hint is given once per person and message). */
export function earlierKeys(db: Database, target: EventId, sender: UserId, except: EventId): string[] {
  return prepared<[string, string, string], { key: string }>(db, "SELECT key FROM reactions WHERE target = ? AND sender = ? AND event_id <> ?")
    .all(target, sender, except).map((r) => r.key);
}
