// Room safety as the running bot applies it: the assessment of a room from what is stored, and
// whether sensitive content must be withheld there now. Asked by the dispatcher (before a sensitive
// verb runs), by the outbox (before a sensitive row is sent) and by the room family (!raum, reports).
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { roomEncryption } from "../store/room-encryption.ts";
import { roomSafetyOf } from "../store/room-safety.ts";
import type { Member } from "../store/room-safety.ts";
import { assessRoom, strangersOf } from "./safety.ts";
import type { Assessment } from "./safety.ts";

export class RoomSafety {
  private readonly db: Database;
  private readonly config: Config;
  private readonly botUserId: UserId | null;

  constructor(db: Database, config: Config, botUserId: UserId | null) {
    this.db = db;
    this.config = config;
    this.botUserId = botUserId;
  }

  assessment(roomId: RoomId): Assessment {
    const { encrypted, ...room } = roomSafetyOf(this.db, roomId);
    // What E2EE knows (sync, the outbox's lookup) first; else what the read of the room state showed.
    const known = roomEncryption(this.db, roomId).state;
    const encryption = known !== "unknown" ? known : encrypted === null ? "unknown" : encrypted ? "encrypted" : "plain";
    return assessRoom({ ...room, encryption }, this.config, this.botUserId);
  }

  /**
   * The members of no agency in the room when sensitive content must be withheld there (roomSafety
   * "withhold"), else null. Rests on the members known so far, also before the whole state was read.
   */
  withholding(roomId: RoomId): Member[] | null {
    if (this.config.roomSafety !== "withhold") return null;
    const strangers = strangersOf(roomSafetyOf(this.db, roomId).members, this.config, this.botUserId);
    return strangers.length > 0 ? strangers : null;
  }
}
