// What the bot knows of each room's encryption. 'encrypted' is final: no later row, lookup or error
// turns a room back to plaintext.
import { z } from "zod";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

/** The m.room.encryption content we keep (the SDK needs it to share keys with the right settings). */
export const encryptionSettings = z.looseObject({
  algorithm: z.string().min(1),
  rotation_period_ms: z.number().int().positive().optional(),
  rotation_period_msgs: z.number().int().positive().optional(),
});
export type EncryptionSettings = z.infer<typeof encryptionSettings>;

export type RoomEncryption = { state: "encrypted"; settings: EncryptionSettings; historyVisibility: string | null } | { state: "plain" } | { state: "unknown" };

interface Row {
  state: "encrypted" | "plain";
  settings: string | null;
  history_visibility: string | null;
}

export function roomEncryption(db: Database, roomId: RoomId): RoomEncryption {
  const r = prepared<[string], Row>(db, "SELECT state, settings, history_visibility FROM room_encryption WHERE room_id = ?").get(roomId);
  if (!r) return { state: "unknown" };
  if (r.state === "plain") return { state: "plain" };
  const parsed = encryptionSettings.safeParse(JSON.parse(r.settings ?? "{}"));
  // A stored row we cannot read still means encrypted; the default algorithm is the only one in use.
  return { state: "encrypted", settings: parsed.success ? parsed.data : { algorithm: "m.megolm.v1.aes-sha2" }, historyVisibility: r.history_visibility };
}

/** Records that the room is encrypted (keeps the newest settings). */
export function markEncrypted(db: Database, roomId: RoomId, settings: EncryptionSettings, source: "sync" | "lookup", now: number): void {
  prepared(
    db,
    `INSERT INTO room_encryption (room_id, state, settings, source, updated_at) VALUES (?, 'encrypted', ?, ?, ?)
     ON CONFLICT (room_id) DO UPDATE SET state = 'encrypted', settings = excluded.settings, source = excluded.source, updated_at = excluded.updated_at`,
  ).run(roomId, JSON.stringify(settings), source, now);
}

/** Records the history visibility of a room whose encryption is known (an unknown room gets no row: that would call it plain). */
export function markHistoryVisibility(db: Database, roomId: RoomId, visibility: string): void {
  prepared(db, "UPDATE room_encryption SET history_visibility = ? WHERE room_id = ?").run(visibility, roomId);
}

/** Records that a lookup found no encryption; never overrides 'encrypted'. */
export function markPlain(db: Database, roomId: RoomId, now: number): void {
  prepared(db, "INSERT INTO room_encryption (room_id, state, settings, source, updated_at) VALUES (?, 'plain', NULL, 'lookup', ?) ON CONFLICT (room_id) DO NOTHING").run(roomId, now);
}

export function encryptedRoomCount(db: Database): number {
  return prepared<[], { n: number }>(db, "SELECT COUNT(*) AS n FROM room_encryption WHERE state = 'encrypted'").get()?.n ?? 0;
}
