// The display names of a room's members (room_members, migration 009, kept by rooms/tracker.ts), for
// naming people in what the bot posts there (render/people.ts).
import type { Database } from "../db/open.ts";
import { asUserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";
import type { RoomId, UserId } from "../ids.ts";

/** A member of a room and their display name there (null: none set). */
export interface RoomMember {
  userId: UserId;
  displayName: string | null;
}

/** Joined and invited members of the room with their display name in it (null: none set). */
export function roomMembers(db: Database, roomId: RoomId): RoomMember[] {
  return prepared<[string], { user_id: string; display_name: string | null }>(db, "SELECT user_id, display_name FROM room_members WHERE room_id = ?")
    .all(roomId)
    .flatMap((r) => {
      const userId = asUserId(r.user_id);
      return userId ? [{ userId, displayName: r.display_name }] : [];
    });
}
