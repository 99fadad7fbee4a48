// Greetings of people who join a served room (migration 014): the tracker asks here, in the sync's
// transaction, whether a join is new and marks it greeted, so nobody is greeted twice in a room.
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

/** The person's membership as the bot last knew it (null: not in the room). */
export function knownMembership(db: Database, roomId: RoomId, userId: UserId): "join" | "invite" | null {
  const r = prepared<[string, string], { membership: "join" | "invite" }>(db, "SELECT membership FROM room_members WHERE room_id = ? AND user_id = ?").get(roomId, userId);
  return r?.membership ?? null;
}

/** Marks the person greeted in the room; false when they already were. */
export function markGreeted(db: Database, roomId: RoomId, userId: UserId, now: number): boolean {
  return prepared(db, "INSERT OR IGNORE INTO greetings (room_id, user_id, greeted_at) VALUES (?, ?, ?)").run(roomId, userId, now).changes === 1;
}
