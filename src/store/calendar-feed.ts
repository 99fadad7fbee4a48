// The personal calendar feeds (migration 012): who holds a feed, by the SHA-256 of its token only,
// and whether that person still is a member of a served room (room_members, kept by rooms/tracker.ts).
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";
import { asUserId } from "../ids.ts";
import type { UserId } from "../ids.ts";

/** A fresh feed token: 32 random bytes as base64url (43 characters), and the hash that is stored. */
export function newFeedToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: feedTokenHash(token) };
}

/** What is stored and looked up: the token itself never is. */
export function feedTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export class CalendarFeedStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  /** Gives `user` the feed with this token hash; true when it replaced an earlier one (whose URL stops working). */
  subscribe(user: UserId, hash: string, now: Date): boolean {
    const had = this.has(user);
    prepared(
      this.db,
      `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
    ).run(user, hash, now.getTime());
    return had;
  }

  /** Ends `user`'s feed; false when there was none. */
  revoke(user: UserId): boolean {
    return prepared(this.db, "DELETE FROM calendar_feeds WHERE user_id = ?").run(user).changes > 0;
  }

  has(user: UserId): boolean {
    return prepared<[string], { n: number }>(this.db, "SELECT COUNT(*) AS n FROM calendar_feeds WHERE user_id = ?").get(user)?.n === 1;
  }

  /** The holder of the feed with this token hash, or null. */
  ownerOf(hash: string): UserId | null {
    const r = prepared<[string], { user_id: string }>(this.db, "SELECT user_id FROM calendar_feeds WHERE token_hash = ?").get(hash);
    return r ? asUserId(r.user_id) : null;
  }

  /** Joined (not only invited) to at least one served room: who leaves them all sees no feed. */
  inServedRoom(user: UserId): boolean {
    return (prepared<[string], { n: number }>(this.db, "SELECT COUNT(*) AS n FROM room_members WHERE user_id = ? AND membership = 'join'").get(user)?.n ?? 0) > 0;
  }
}
