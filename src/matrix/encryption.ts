// Whether a message into a room must be encrypted, and with which settings. Fail closed: a room is
// plaintext only when the homeserver said so (no m.room.encryption state); when that cannot be found
// out, the message waits in the outbox instead of going out in clear.
import type { Logger } from "pino";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { encryptionSettings, markEncrypted, markHistoryVisibility, markPlain, roomEncryption } from "../store/room-encryption.ts";
import type { EncryptionSettings } from "../store/room-encryption.ts";
import { describeError, errcodeOf } from "./errors.ts";
import { latestState, syncStateEvents } from "./room-state.ts";
import type { SyncRooms } from "./room-state.ts";

export type { SyncRooms };

/** The room's encryption is unknown and could not be looked up: retry later, never send in clear. */
export class EncryptionStateUnknown extends Error {
  readonly code = "encryption state unknown";
}

/**
 * The message can never go out safely: the room is encrypted but this bot runs without encryption,
 * or the bot may not read the room at all (403: not a member). Given up, nothing sent.
 */
export class EncryptionUnavailable extends Error {}

/** The megolm default, for an m.room.encryption event whose content we cannot read: still encrypted. */
const FALLBACK: EncryptionSettings = { algorithm: "m.megolm.v1.aes-sha2" };

function settingsOf(content: unknown): EncryptionSettings {
  const parsed = encryptionSettings.safeParse(content);
  return parsed.success ? parsed.data : FALLBACK;
}

export interface StateLookup {
  /** GET /rooms/{room}/state/m.room.encryption/; rejects with the HTTP error (errcode M_NOT_FOUND when absent). */
  (roomId: RoomId): Promise<unknown>;
}

export class EncryptionGuard {
  private readonly db: Database;
  private readonly lookup: StateLookup;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(db: Database, lookup: StateLookup, log: Logger, now: () => number = Date.now) {
    this.db = db;
    this.lookup = lookup;
    this.log = log;
    this.now = now;
  }

  /** Takes every m.room.encryption state event of the joined rooms in a sync response (state and timeline). */
  fromSync(sync: SyncRooms): void {
    for (const { roomId, events } of syncStateEvents(sync)) {
      const enc = latestState(events, "m.room.encryption");
      if (enc) markEncrypted(this.db, roomId, settingsOf(enc.content), "sync", this.now());
      const hv = latestState(events, "m.room.history_visibility")?.content["history_visibility"];
      if (typeof hv === "string") markHistoryVisibility(this.db, roomId, hv);
    }
  }

  /** The room's history visibility as last seen in sync (null: not seen). */
  historyVisibility(roomId: RoomId): string | null {
    const known = roomEncryption(this.db, roomId);
    return known.state === "encrypted" ? known.historyVisibility : null;
  }

  /** The settings to encrypt with, or null for a room the homeserver says is not encrypted. */
  async settingsFor(roomId: RoomId): Promise<EncryptionSettings | null> {
    const known = roomEncryption(this.db, roomId);
    if (known.state === "encrypted") return known.settings;
    if (known.state === "plain") return null;
    let content: unknown;
    try {
      content = await this.lookup(roomId);
    } catch (e) {
      if (errcodeOf(e) === "M_NOT_FOUND") {
        markPlain(this.db, roomId, this.now());
        return null;
      }
      if (errcodeOf(e) === "M_FORBIDDEN") throw new EncryptionUnavailable(`the bot may not read the state of ${roomId} (${describeError(e)})`);
      this.log.warn({ roomId, reason: describeError(e) }, "encryption state of the room could not be read; the message waits");
      throw new EncryptionStateUnknown(`encryption state of ${roomId} unknown: ${describeError(e)}`);
    }
    const settings = settingsOf(content);
    markEncrypted(this.db, roomId, settings, "lookup", this.now());
    return settings;
  }
}
