// Repository of the bot's direct rooms: one per user, for what only that user may see.
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

export interface DirectRoom {
  userId: UserId;
  roomId: RoomId;
  /** Created with m.room.encryption. */
  encrypted: boolean;
}

interface Row {
  user_id: string;
  room_id: string;
  encrypted: number;
}

function toDirectRoom(r: Row): DirectRoom {
  return { userId: r.user_id as UserId, roomId: r.room_id as RoomId, encrypted: r.encrypted === 1 };
}

export function directRoomOf(db: Database, user: UserId): DirectRoom | null {
  const r = prepared<[string], Row>(db, "SELECT user_id, room_id, encrypted FROM direct_rooms WHERE user_id = ?").get(user);
  return r ? toDirectRoom(r) : null;
}

/** The user's direct room from now on (a new one replaces the old). */
export function saveDirectRoom(db: Database, d: DirectRoom, now: number): void {
  prepared(
    db,
    `INSERT INTO direct_rooms (user_id, room_id, encrypted, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET room_id = excluded.room_id, encrypted = excluded.encrypted, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  ).run(d.userId, d.roomId, d.encrypted ? 1 : 0, now, now);
}

