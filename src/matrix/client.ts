// The Matrix adapter: SDK client with our SQLite storage, crypto when available, the sync hook that
// stores every event before the sync token moves on, backfill after gaps, and the send transport.
import { join } from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import { asUserId } from "../ids.ts";
import type { RoomId, UserId } from "../ids.ts";
import { CRYPTO_INSTALL_HINT, loadSdk } from "./sdk.ts";
import { cryptoOf } from "./crypto-client.ts";
import type { CryptoAvailability } from "./sdk.ts";
import { SqliteStorageProvider } from "./storage.ts";
import type { Transport } from "./outbox.ts";
import type { IncomingEvent } from "./inbox.ts";
import { SyncBatch } from "./batch.ts";
import { describeError } from "./errors.ts";
import { retry } from "./start-retry.ts";
import { StartupError, cryptoStoreLost, hasCryptoStore, isKeyMismatch, publishedEd25519, serverHasDeviceKeys } from "./crypto-store.ts";
import { EncryptionGuard } from "./encryption.ts";
import type { SyncRooms } from "./encryption.ts";
import { matrixTransport, tellSdk } from "./transport.ts";
import { roomEncryption } from "../store/room-encryption.ts";
import { setUpCrossSigning } from "./cross-signing.ts";
import { Reachability } from "./reachability.ts";
import type { UnreachableServer } from "./reachability.ts";
import type { CrossSigningState } from "./cross-signing.ts";

export { StartupError };

export interface SyncHooks {
  /**
   * A sync batch's timeline events, in order (backfilled ones first). `saveToken` saves the batch's
   * sync token and must be called in the same transaction that stores the events.
   */
  onBatch(events: IncomingEvent[], saveToken: () => void): void;
  /** Whether this event is already stored (backfill stops there). */
  known(eventId: string): boolean;
  onInvite(roomId: RoomId, inviter: UserId): void;
  onSynced(): void;
  onDecryptionFailure(roomId: RoomId, eventId: string): void;
  /** Room keys arrived (to-device): events waiting for their key can be tried again. */
  onRoomKeys(): void;
  /** The sync's room state (members, join rules …), synchronously, before any of its events is stored or handled. */
  onRoomState?(sync: SyncRooms): void;
}

type RawSync = SyncRooms & {
  next_batch?: unknown;
  rooms?: { join?: Record<string, { timeline?: { events?: Array<Record<string, unknown>>; limited?: boolean; prev_batch?: string } }> };
};

/** GET /profile/{user}: only a string display name is used. */
const profileSchema = z.object({ displayname: z.string() });

const ROOM_KEY_TYPES = new Set(["m.room_key", "m.forwarded_room_key"]);

const BACKFILL_PAGES = 10;
const LONG_POLL_MS = 25_000;
// A long poll answers within LONG_POLL_MS; silence well beyond it means the line is dead (a black
// hole shows no error until the SDK's 40 s request timeout).
const SILENT_SYNC_MS = LONG_POLL_MS + 15_000;

export interface Connection {
  client: MatrixClient;
  userId: UserId;
  deviceId: string | null;
  displayName: string | null;
  encryption: { enabled: boolean; why: string };
  transport: Transport;
  lastSyncAt(): number | null;
  /** performance.now() when the sync response being processed arrived (bot-added latency). */
  syncArrivedAt(): number | null;
  /** Set while syncs fail (cleared by the next good one): /health reports it. */
  syncFailure(): { since: number; reason: string } | null;
  /** Whether the homeserver answers: no failed sync, and the long poll not silent for too long. */
  reachable(): boolean;
  /** The last time syncs failed and then worked again: from the last good sync to the first one after. */
  lastOutage(): { from: number; to: number; reason: string } | null;
  /** Other homeservers our server could not reach for us (named in /keys answers; see reachability.ts). */
  unreachableServers(): UnreachableServer[];
  /** Decrypts a stored m.room.encrypted event (rejects while its key is missing). */
  decrypt(roomId: RoomId, event: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** GET /rooms/{room}/state: every current state event of the room (rejects with the HTTP error). */
  roomState(roomId: RoomId): Promise<unknown>;
  /** The bot's device: whether it changed since the last start, and its cross-signing. */
  device(): { changedFrom: string | null; crossSigning: CrossSigningState };
  start(hooks: SyncHooks): Promise<void>;
  stop(): void;
}

export function cryptoDecision(config: Config, crypto: CryptoAvailability): { enabled: boolean; why: string } {
  if (!config.encryption) return { enabled: false, why: crypto.available ? "disabled in config" : `disabled in config; native crypto library missing (${crypto.reason})` };
  if (!crypto.available) throw new StartupError(`"encryption": true, but ${CRYPTO_INSTALL_HINT}\n(${crypto.reason})`);
  return { enabled: true, why: "enabled" };
}

export async function connect(config: Config, db: Database, log: Logger): Promise<Connection> {
  const { sdk, crypto } = loadSdk();
  const encryption = cryptoDecision(config, crypto);
  sdk.LogService.setLevel(sdk.LogLevel.WARN);
  sdk.LogService.muteModule("MatrixHttpClient"); // errors surface through our own handling
  sdk.LogService.setLogger({
    info: () => {}, debug: () => {}, trace: () => {},
    warn: (module: string, ...args: unknown[]) => log.warn({ module }, args.map(String).join(" ").slice(0, 300)),
    error: (module: string, ...args: unknown[]) => log.error({ module }, args.map(String).join(" ").slice(0, 300)),
  });

  const storage = new SqliteStorageProvider(db);
  const hadToken = storage.getSyncToken() !== null;
  let hooks: SyncHooks | null = null;
  let lastSync: number | null = null;
  let firstSync = !hadToken;
  let stopped = false;
  let arrivedAt: number | null = null;
  let syncFailure: { since: number; reason: string } | null = null;
  let lastOutage: { from: number; to: number; reason: string } | null = null;
  const reachability = new Reachability();

  class LagebotClient extends sdk.MatrixClient {
    protected override async doSync(token: string): Promise<unknown> {
      try {
        const res: unknown = await super.doSync(token);
        arrivedAt = performance.now();
        if (syncFailure) lastOutage = { from: lastSync ?? syncFailure.since, to: Date.now(), reason: syncFailure.reason };
        syncFailure = null;
        return res;
      } catch (e) {
        syncFailure ??= { since: Date.now(), reason: describeError(e) };
        throw e;
      }
    }

    public override async doRequest(...args: Parameters<MatrixClient["doRequest"]>): Promise<unknown> {
      const answer: unknown = await super.doRequest(...args);
      const endpoint: unknown = args[1];
      const body: unknown = args[3];
      if (typeof endpoint === "string") reachability.observe(endpoint, body, answer, new Date());
      return answer;
    }

    // Runs before the SDK's own processing: store backfilled events for rooms whose timeline has a
    // gap, then let the SDK emit the batch (our listener stores each event synchronously).
    protected override async processSync(raw: unknown, emitFn?: (t: string, ...p: unknown[]) => Promise<unknown>): Promise<unknown> {
      const sync = (raw ?? {}) as RawSync;
      // Before anything is sent or decrypted: which rooms are encrypted, in our store and the SDK's.
      guard.fromSync(sync);
      // Likewise who is in the rooms: a stranger who joined stops sensitive posts from this sync on.
      hooks?.onRoomState?.(sync);
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
        const cut = firstSync ? events.length : joinIdx >= 0 ? joinIdx : -1;
        events.slice(0, Math.max(cut, 0)).forEach((e) => typeof e["event_id"] === "string" && historicIds.add(e["event_id"]));
        if (!firstSync && joinIdx < 0 && room.timeline?.limited && room.timeline.prev_batch) await this.backfill(roomId as RoomId, room.timeline.prev_batch);
      }
      currentHistoric = historicIds;
      const res: unknown = await super.processSync(raw, emitFn);
      currentHistoric = new Set();
      firstSync = false;
      // The SDK saves the same token again afterwards; the storage skips that write.
      const token = typeof sync.next_batch === "string" ? sync.next_batch : null;
      try {
        batch.flush((events) =>
          hooks?.onBatch(events, () => {
            if (token !== null) storage.setSyncToken(token);
          }),
        );
      } catch (e) {
        // The batch stays for the next sync; throwing keeps the SDK from saving this token (it logs
        // the error and syncs again after a pause).
        storage.forgetToken();
        throw e;
      }
      lastSync = Date.now();
      hooks?.onSynced();
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
          if (typeof e["event_id"] === "string" && hooks?.known(e["event_id"])) {
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
            hooks?.onDecryptionFailure(roomId, String(e["event_id"]));
          }
        }
        batch.add({ roomId, event: ev, historic: false });
      }
    }
  }

  let currentHistoric = new Set<string>();
  const batch = new SyncBatch();
  // StoreType.Sqlite is 0; the const enum cannot be read when the native module is a stand-in.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- a const enum of an ambient module has no runtime value to name
  const SQLITE_STORE: ConstructorParameters<typeof sdk.RustSdkCryptoStorageProvider>[1] = 0;
  const cryptoStore = encryption.enabled ? new sdk.RustSdkCryptoStorageProvider(join(config.dataDir, "crypto"), SQLITE_STORE) : undefined;
  const client = new LagebotClient(config.homeserverUrl, config.accessToken, storage, cryptoStore);
  // Save the sync token only after the batch's events are stored: at-least-once into an idempotent inbox.
  Reflect.set(client, "persistTokenAfterSync", true);
  client.syncingTimeout = LONG_POLL_MS;

  const who = await retry("whoami", log, () => client.getWhoAmI(), () => stopped);
  const userId = asUserId(who.user_id);
  if (!userId) throw new StartupError(`homeserver returned an invalid user ID: ${who.user_id}`);
  const deviceId = who.device_id ?? null;
  const profile = profileSchema.safeParse(await client.getUserProfile(userId).catch(() => null));
  const displayName = profile.data?.displayname ?? null;
  const cryptoDir = join(config.dataDir, "crypto");
  if (encryption.enabled && deviceId && !hasCryptoStore(cryptoDir, deviceId)) {
    // No local store for this device: fine for a new device, fatal for one whose keys the server holds.
    const keys: unknown = await retry("keys query", log, () => client.doRequest("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [userId]: [deviceId] } }), () => stopped);
    if (serverHasDeviceKeys(keys, userId, deviceId)) throw cryptoStoreLost(cryptoDir, deviceId, "missing");
  }
  const changedFrom = storage.recordDevice(deviceId);
  if (changedFrom) log.warn({ previousDeviceId: changedFrom, deviceId }, "the bot's device changed since the last start (new access token); encrypted history before it stays unreadable");
  let crossSigning: CrossSigningState = { state: encryption.enabled ? "pending" : "off" };
  const guard = new EncryptionGuard(db, (roomId) => client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption/`), log);

  const transport: Transport = matrixTransport(client, guard, encryption.enabled);

  return {
    client,
    userId,
    deviceId,
    displayName,
    encryption,
    transport,
    lastSyncAt: () => lastSync,
    syncArrivedAt: () => arrivedAt,
    syncFailure: () => syncFailure,
    reachable: () => syncFailure === null && (lastSync === null || Date.now() - lastSync < SILENT_SYNC_MS),
    lastOutage: () => lastOutage,
    unreachableServers: () => reachability.unreachable(),
    roomState: (roomId) => client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`),
    async decrypt(roomId, event) {
      const crypto = cryptoOf(client);
      if (!crypto) throw new Error("encryption is off");
      return (await crypto.decryptRoomEvent(new sdk.EncryptedRoomEvent(event), roomId)).raw as Record<string, unknown>;
    },
    device: () => ({ changedFrom, crossSigning }),
    async start(h) {
      hooks = h;
      const onTimeline = (roomId: string, event: Record<string, unknown>) => {
        if (typeof event["event_id"] !== "string") return;
        batch.add({ roomId: roomId as RoomId, event, historic: currentHistoric.has(event["event_id"]) });
      };
      client.on("room.event", onTimeline);
      client.on("room.failed_decryption", (roomId: string, event: Record<string, unknown>) => h.onDecryptionFailure(roomId as RoomId, String(event["event_id"])));
      client.on("room.invite", (roomId: string, event: Record<string, unknown>) => {
        const inviter = asUserId(typeof event["sender"] === "string" ? event["sender"] : "");
        if (inviter) h.onInvite(roomId as RoomId, inviter);
      });
      client.on("to_device.decrypted", (msg: Record<string, unknown>) => {
        if (typeof msg["type"] === "string" && ROOM_KEY_TYPES.has(msg["type"])) h.onRoomKeys();
      });
      const mismatch = (e: unknown): Error | null => {
        if (encryption.enabled && deviceId && isKeyMismatch(e)) return cryptoStoreLost(cryptoDir, deviceId, "mismatch", describeError(e));
        // The SDK's words when the token has no device: encryption can never start with it.
        if (e instanceof Error && e.message.includes("server not revealing device ID")) return new StartupError(`${e.message}: log the bot in with a token that has a device`);
        return null;
      };
      await retry("start sync", log, () => client.start(), () => stopped, mismatch);
      const crypto = cryptoOf(client);
      if (encryption.enabled && deviceId && crypto) {
        // A store replaced by another copy has another identity than the one the server publishes.
        // The same answer serves cross-signing (master key and this device's keys).
        const keys: unknown = await client.doRequest("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [userId]: [deviceId] } }).catch(() => null);
        const published = publishedEd25519(keys, userId, deviceId);
        if (published !== null && published !== crypto.clientDeviceEd25519) {
          throw cryptoStoreLost(cryptoDir, deviceId, "mismatch", "its device key differs from the one the homeserver publishes");
        }
        crossSigning = await setUpCrossSigning({ client, storage, userId, deviceId, log }, keys);
      }
    },
    stop() {
      stopped = true;
      client.stop();
    },
  };
}
