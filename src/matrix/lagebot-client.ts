// The SDK client with our sync hook: every event of a sync is stored (in one transaction with the
// sync token) before the token moves on; gaps in a room's timeline are backfilled first; which rooms
// are encrypted, and who is in them, is taken from the sync before anything is sent or decrypted.
import type { Logger } from "pino";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { roomEncryption } from "../store/room-encryption.ts";
import { cryptoOf } from "./crypto-client.ts";
import type { EncryptionGuard, SyncRooms } from "./encryption.ts";
import type { SqliteStorageProvider } from "./storage.ts";
import type { SyncState } from "./sync-state.ts";
import { tellSdk } from "./transport.ts";

type Sdk = typeof import("matrix-bot-sdk");

type RawSync = SyncRooms & {
  next_batch?: unknown;
  rooms?: { join?: Record<string, { timeline?: { events?: Array<Record<string, unknown>>; limited?: boolean; prev_batch?: string } }> };
};

const BACKFILL_PAGES = 10;

export interface ClientDeps {
  state: SyncState;
  storage: SqliteStorageProvider;
  db: Database;
  log: Logger;
  /** Takes each sync's encryption state first (it asks the homeserver through this client when in doubt). */
  guard: EncryptionGuard;
}

/** The class of the bot's client, over the SDK as loaded (sdk.ts); one per connection. */
export function lagebotClient(sdk: Sdk, d: ClientDeps) {
  const { state, storage, db, log } = d;
  return class LagebotClient extends sdk.MatrixClient {
    protected override async doSync(token: string): Promise<unknown> {
      try {
        const res: unknown = await super.doSync(token);
        state.answered();
        return res;
      } catch (e) {
        state.failed(e);
        throw e;
      }
    }

    public override async doRequest(...args: Parameters<MatrixClient["doRequest"]>): Promise<unknown> {
      const answer: unknown = await super.doRequest(...args);
      const endpoint: unknown = args[1];
      const body: unknown = args[3];
      if (typeof endpoint === "string") state.reachability.observe(endpoint, body, answer, new Date());
      return answer;
    }

    // Runs before the SDK's own processing: store backfilled events for rooms whose timeline has a
    // gap, then let the SDK emit the batch (our listener stores each event synchronously).
    protected override async processSync(raw: unknown, emitFn?: (t: string, ...p: unknown[]) => Promise<unknown>): Promise<unknown> {
      const sync = (raw ?? {}) as RawSync;
      // Before anything is sent or decrypted: which rooms are encrypted, in our store and the SDK's.
      d.guard.fromSync(sync);
      // Likewise who is in the rooms: a stranger who joined stops sensitive posts from this sync on.
      state.hooks?.onRoomState?.(sync);
      for (const roomId of Object.keys(sync.rooms?.join ?? {})) {
        const known = roomEncryption(db, roomId as RoomId);
        if (known.state === "encrypted" && cryptoOf(this)) await tellSdk(this, roomId as RoomId, known.settings, known.historyVisibility);
      }
      const me = await this.getUserId();
      const historicIds = new Set<string>();
      for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {})) {
        const events = room.timeline?.events ?? [];
        const joinIdx = events.findIndex((e) => e["type"] === "m.room.member" && e["state_key"] === me && (e["content"] as Record<string, unknown> | undefined)?.["membership"] === "join");
        // Events before our own join (or in the very first sync) are history, not commands to us.
        const cut = state.firstSync ? events.length : joinIdx >= 0 ? joinIdx : -1;
        events.slice(0, Math.max(cut, 0)).forEach((e) => typeof e["event_id"] === "string" && historicIds.add(e["event_id"]));
        if (!state.firstSync && joinIdx < 0 && room.timeline?.limited && room.timeline.prev_batch) await this.backfill(roomId as RoomId, room.timeline.prev_batch);
      }
      state.historic = historicIds;
      const res: unknown = await super.processSync(raw, emitFn);
      state.historic = new Set();
      state.firstSync = false;
      // The SDK saves the same token again afterwards; the storage skips that write.
      const token = typeof sync.next_batch === "string" ? sync.next_batch : null;
      try {
        state.batch.flush((events) =>
          state.hooks?.onBatch(events, () => {
            if (token !== null) storage.setSyncToken(token);
          }),
        );
      } catch (e) {
        // The batch stays for the next sync; throwing keeps the SDK from saving this token (it logs
        // the error and syncs again after a pause).
        storage.forgetToken();
        throw e;
      }
      state.lastSync = Date.now();
      state.hooks?.onSynced();
      return res;
    }

    private async backfill(roomId: RoomId, from: string): Promise<void> {
      const found: Array<Record<string, unknown>> = [];
      let token: string | undefined = from;
      for (let page = 0; page < BACKFILL_PAGES && token; page++) {
        const res = (await this.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, { dir: "b", from: token, limit: 100 })) as {
          chunk?: Array<Record<string, unknown>>;
          end?: string;
        };
        const chunk = res.chunk ?? [];
        let reachedKnown = false;
        for (const e of chunk) {
          if (typeof e["event_id"] === "string" && state.hooks?.known(e["event_id"])) {
            reachedKnown = true;
            break;
          }
          found.push(e);
        }
        if (reachedKnown || chunk.length === 0) break;
        token = res.end;
      }
      log.info({ roomId, events: found.length }, "backfilled timeline gap");
      for (const e of found.reverse()) {
        let ev = e;
        const crypto = cryptoOf(this);
        if (e["type"] === "m.room.encrypted" && crypto && (await crypto.isRoomEncrypted(roomId))) {
          try {
            ev = (await crypto.decryptRoomEvent(new sdk.EncryptedRoomEvent(e), roomId)).raw as Record<string, unknown>;
          } catch {
            state.hooks?.onDecryptionFailure(roomId, String(e["event_id"]));
          }
        }
        state.batch.add({ roomId, event: ev, historic: false });
      }
    }
  };
}
