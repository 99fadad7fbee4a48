// Someone of no agency who addresses the bot is told so once per room and day, not at every try.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import type { RoomId, UserId } from "../ids.ts";

/** Records a refusal of `user` in `roomId` on `day` (YYYY-MM-DD); true if it is the first that day. */
export function firstRefusalOfDay(db: Database, user: UserId, roomId: RoomId, day: string): boolean {
  return prepared(db, "INSERT OR IGNORE INTO refusals (user_id, room_id, day) VALUES (?, ?, ?)").run(user, roomId, day).changes > 0;
}
