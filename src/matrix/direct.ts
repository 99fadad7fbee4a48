// Opens the bot's direct room with a user for an outbox 'direct' row: the stored room again while the
// user is in it (or can be invited back) and its encryption matches the bot's, else a new room,
// created with m.room.encryption when the bot encrypts. Then the user's waiting rows move there.
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { directRoomOf, saveDirectRoom } from "../store/direct-rooms.ts";
import { moveToRoom } from "../store/outbox.ts";
import { markEncrypted, markHistoryVisibility, markPlain, roomEncryption } from "../store/room-encryption.ts";
import { errcodeOf } from "./errors.ts";

/** What the outbox needs of the homeserver to open direct rooms. */
export interface DirectTransport {
  /** Whether the bot encrypts: new direct rooms are created encrypted then, and unencrypted ones are not reused. */
  readonly encrypts: boolean;
  /** Creates a private room with `is_direct`, the user invited, history visible to invited members. */
  create(user: UserId, encrypted: boolean): Promise<RoomId>;
  /** The user's membership in the room; null when they never were in it. Rejects (M_FORBIDDEN) when the bot is not in it. */
  membership(roomId: RoomId, user: UserId): Promise<string | null>;
  invite(roomId: RoomId, user: UserId): Promise<void>;
}

/** The settings a new encrypted direct room is created with (the megolm default). */
export const DIRECT_ENCRYPTION = { algorithm: "m.megolm.v1.aes-sha2" } as const;
/** Invited members may read what was sent before they joined: the export waits in the room for them. */
export const DIRECT_HISTORY = "shared";

/** Opens the direct room for a 'direct' row of `user`'s and moves their waiting rows there (the row is then done). */
export async function openDirect(db: Database, t: DirectTransport, user: UserId, now: () => number): Promise<RoomId> {
  const roomId = (await reusable(db, t, user)) ?? (await createRoom(db, t, user, now()));
  db.transaction(() => moveToRoom(db, user, roomId, now()))();
  return roomId;
}

/** The stored room, if it can serve: same encryption as the bot's, and the user in it or invited back. */
async function reusable(db: Database, t: DirectTransport, user: UserId): Promise<RoomId | null> {
  const known = directRoomOf(db, user);
  if (!known) return null;
  const enc = roomEncryption(db, known.roomId);
  const encrypted = enc.state === "unknown" ? known.encrypted : enc.state === "encrypted";
  // A plaintext room is no place for an encrypting bot; an encrypted one cannot be written to without encryption.
  if (encrypted !== t.encrypts) return null;
  let membership: string | null;
  try {
    membership = await t.membership(known.roomId, user);
  } catch (e) {
    if (errcodeOf(e) === "M_FORBIDDEN") return null; // the bot is no longer in it
    throw e;
  }
  if (membership === "join" || membership === "invite") return known.roomId;
  if (membership === "ban") return null;
  // They left (or declined the invite): ask them in again rather than opening a room per export.
  try {
    await t.invite(known.roomId, user);
  } catch (e) {
    if (errcodeOf(e) === "M_FORBIDDEN") return null;
    throw e;
  }
  return known.roomId;
}

async function createRoom(db: Database, t: DirectTransport, user: UserId, now: number): Promise<RoomId> {
  // Not idempotent: should the answer be lost, the retry makes a second room (the first stays unused).
  const roomId = await t.create(user, t.encrypts);
  db.transaction(() => {
    saveDirectRoom(db, { userId: user, roomId, encrypted: t.encrypts }, now);
    // Known before the first message: nothing waits for a lookup, nothing goes out in clear.
    if (t.encrypts) {
      markEncrypted(db, roomId, DIRECT_ENCRYPTION, "lookup", now);
      markHistoryVisibility(db, roomId, DIRECT_HISTORY);
    } else {
      markPlain(db, roomId, now);
    }
  })();
  return roomId;
}
