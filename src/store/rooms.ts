// Rooms the bot serves beyond the configured ones (joined on a member's invite), and invites it declined.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import type { RoomId, UserId } from "../ids.ts";

/** Rooms joined on an invite (or recorded for a configured room), as the bot last left them. */
export function joinedRooms(db: Database): RoomId[] {
  return prepared<[], { room_id: string }>(db, "SELECT room_id FROM rooms WHERE state = 'joined'").all().map((r) => r.room_id as RoomId);
}

/** How the bot answered an invite: joined (a configured room or a member's invite) or declined. */
export function recordInviteAnswer(db: Database, a: { roomId: RoomId; configured: boolean; inviter: UserId; joined: boolean; now: number }): void {
  prepared(
    db,
    `INSERT INTO rooms (room_id, source, invited_by, state, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (room_id) DO UPDATE SET state = excluded.state, invited_by = excluded.invited_by, updated_at = excluded.updated_at`,
  ).run(a.roomId, a.configured ? "config" : "invite", a.inviter, a.joined ? "joined" : "declined", a.joined ? a.now : null, a.now);
}
