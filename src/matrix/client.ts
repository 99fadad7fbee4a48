// The Matrix adapter: SDK client with our SQLite storage, crypto when available, the sync hook that
// stores every event before the sync token moves on, backfill after gaps, and the send transport.
// connect() puts together the pieces: sdk-logging.ts (the SDK's log lines), lagebot-client.ts (the
// client subclass and its sync hook), sync-state.ts (what the sync loop knows), startup.ts (the
// checks of a start) and sync-hooks.ts (what the bot hears from the sync).
import { join } from "node:path";
import type { Logger } from "pino";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { CRYPTO_INSTALL_HINT, loadSdk } from "./sdk.ts";
import { cryptoOf } from "./crypto-client.ts";
import type { CryptoAvailability } from "./sdk.ts";
import { SqliteStorageProvider } from "./storage.ts";
import type { Transport } from "./outbox.ts";
import { StartupError } from "./crypto-store.ts";
import { EncryptionGuard } from "./encryption.ts";
import { matrixTransport, sealer } from "./transport.ts";
import type { Sealer } from "./transport.ts";
import type { UnreachableServer } from "./reachability.ts";
import type { CrossSigningState } from "./cross-signing.ts";
import { routeSdkLogs } from "./sdk-logging.ts";
import { lagebotClient } from "./lagebot-client.ts";
import { LONG_POLL_MS, SyncState } from "./sync-state.ts";
import { checkDevice, identify, startSync } from "./startup.ts";
import { listen } from "./sync-hooks.ts";
import type { SyncHooks } from "./sync-hooks.ts";

export { StartupError };

export type { SyncHooks };

export interface Connection {
  client: MatrixClient;
  userId: UserId;
  deviceId: string | null;
  displayName: string | null;
  encryption: { enabled: boolean; why: EncryptionWhy };
  transport: Transport;
  /** An event content as the transport would send it: encrypted where the room is or may be. */
  seal: Sealer;
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

/**
 * Why encryption is on or off, as a code: `!status` words it in the room's language, and the crypto
 * library's own error (module paths and all) stays in the log.
 */
export type EncryptionWhy = "enabled" | "config" | "configAndNoLibrary";

export function cryptoDecision(config: Config, crypto: CryptoAvailability): { enabled: boolean; why: EncryptionWhy } {
  if (!config.encryption) return { enabled: false, why: crypto.available ? "config" : "configAndNoLibrary" };
  if (!crypto.available) throw new StartupError(`"encryption": true, but ${CRYPTO_INSTALL_HINT}\n(${crypto.reason})`);
  return { enabled: true, why: "enabled" };
}

export async function connect(config: Config, db: Database, log: Logger): Promise<Connection> {
  const { sdk, crypto } = loadSdk();
  const encryption = cryptoDecision(config, crypto);
  if (!crypto.available) log.warn({ reason: crypto.reason }, "the native crypto library is missing (encryption is off in the config)");
  routeSdkLogs(sdk, log);

  const storage = new SqliteStorageProvider(db);
  const state = new SyncState(storage.getSyncToken() !== null);
  const guard = new EncryptionGuard(db, (roomId) => client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption/`), log);
  const LagebotClient = lagebotClient(sdk, { state, storage, db, log, guard });
  // StoreType.Sqlite is 0; the const enum cannot be read when the native module is a stand-in.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- a const enum of an ambient module has no runtime value to name
  const SQLITE_STORE: ConstructorParameters<typeof sdk.RustSdkCryptoStorageProvider>[1] = 0;
  const cryptoStore = encryption.enabled ? new sdk.RustSdkCryptoStorageProvider(join(config.dataDir, "crypto"), SQLITE_STORE) : undefined;
  const client = new LagebotClient(config.homeserverUrl, config.accessToken, storage, cryptoStore);
  // Save the sync token only after the batch's events are stored: at-least-once into an idempotent inbox.
  Reflect.set(client, "persistTokenAfterSync", true);
  client.syncingTimeout = LONG_POLL_MS;

  const start = { client, storage, config, encryption, log, stopped: () => state.stopped };
  const me = await identify(start);
  let crossSigning: CrossSigningState = { state: encryption.enabled ? "pending" : "off" };
  const transport: Transport = matrixTransport(client, guard, encryption.enabled);

  return {
    client,
    userId: me.userId,
    deviceId: me.deviceId,
    displayName: me.displayName,
    encryption,
    transport,
    seal: sealer(client, guard, encryption.enabled),
    lastSyncAt: () => state.lastSync,
    syncArrivedAt: () => state.arrivedAt,
    syncFailure: () => state.syncFailure,
    reachable: () => state.reachable(),
    lastOutage: () => state.lastOutage,
    unreachableServers: () => state.reachability.unreachable(),
    roomState: (roomId) => client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`),
    async decrypt(roomId, event) {
      const crypto = cryptoOf(client);
      if (!crypto) throw new Error("encryption is off");
      return (await crypto.decryptRoomEvent(new sdk.EncryptedRoomEvent(event), roomId)).raw as Record<string, unknown>;
    },
    device: () => ({ changedFrom: me.changedFrom, crossSigning }),
    async start(hooks) {
      listen(client, state, hooks);
      await startSync(start, me);
      crossSigning = (await checkDevice(start, me)) ?? crossSigning;
    },
    stop() {
      state.stopped = true;
      client.stop();
    },
  };
}
