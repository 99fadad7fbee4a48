// The checks of a start: who the bot is (whoami, display name), whether its crypto store belongs to
// its device (a missing or replaced store would make encrypted rooms unreadable for good), whether
// the device changed since the last start, and — once the sync runs — cross-signing.
import { join } from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config.ts";
import { asUserId } from "../ids.ts";
import type { UserId } from "../ids.ts";
import { cryptoOf } from "./crypto-client.ts";
import { StartupError, cryptoStoreLost, hasCryptoStore, isKeyMismatch, publishedEd25519, serverHasDeviceKeys } from "./crypto-store.ts";
import { setUpCrossSigning } from "./cross-signing.ts";
import type { CrossSigningState } from "./cross-signing.ts";
import { describeError } from "./errors.ts";
import { retry } from "./start-retry.ts";
import type { SqliteStorageProvider } from "./storage.ts";

/** GET /profile/{user}: only a string display name is used. */
const profileSchema = z.object({ displayname: z.string() });

export interface Identity {
  userId: UserId;
  deviceId: string | null;
  displayName: string | null;
  /** The device of the last start, when it was another one. */
  changedFrom: string | null;
}

export interface StartDeps {
  client: MatrixClient;
  storage: SqliteStorageProvider;
  config: Config;
  encryption: { enabled: boolean };
  log: Logger;
  stopped: () => boolean;
}

const cryptoDirOf = (config: Config) => join(config.dataDir, "crypto");

const ownKeys = (client: MatrixClient, userId: UserId, deviceId: string) =>
  client.doRequest("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [userId]: [deviceId] } });

/** Before the sync starts: who we are, and that a crypto store is there if the server knows our device's keys. */
export async function identify(d: StartDeps): Promise<Identity> {
  const { client, storage, config, encryption, log, stopped } = d;
  const who = await retry("whoami", log, () => client.getWhoAmI(), stopped);
  const userId = asUserId(who.user_id);
  if (!userId) throw new StartupError(`homeserver returned an invalid user ID: ${who.user_id}`);
  const deviceId = who.device_id ?? null;
  const profile = profileSchema.safeParse(await client.getUserProfile(userId).catch(() => null));
  const displayName = profile.data?.displayname ?? null;
  const cryptoDir = cryptoDirOf(config);
  if (encryption.enabled && deviceId && !hasCryptoStore(cryptoDir, deviceId)) {
    // No local store for this device: fine for a new device, fatal for one whose keys the server holds.
    const keys: unknown = await retry("keys query", log, () => ownKeys(client, userId, deviceId), stopped);
    if (serverHasDeviceKeys(keys, userId, deviceId)) throw cryptoStoreLost(cryptoDir, deviceId, "missing");
  }
  const changedFrom = storage.recordDevice(deviceId);
  if (changedFrom) log.warn({ previousDeviceId: changedFrom, deviceId }, "the bot's device changed since the last start (new access token); encrypted history before it stays unreadable");
  return { userId, deviceId, displayName, changedFrom };
}

/** Starts the sync, retrying while the homeserver is away; a crypto store that does not match ends start-up. */
export async function startSync(d: StartDeps, me: Identity): Promise<void> {
  const { client, config, encryption, log, stopped } = d;
  const mismatch = (e: unknown): Error | null => {
    if (encryption.enabled && me.deviceId && isKeyMismatch(e)) return cryptoStoreLost(cryptoDirOf(config), me.deviceId, "mismatch", describeError(e));
    // The SDK's words when the token has no device: encryption can never start with it.
    if (e instanceof Error && e.message.includes("server not revealing device ID")) return new StartupError(`${e.message}: log the bot in with a token that has a device`);
    return null;
  };
  await retry("start sync", log, () => client.start(), stopped, mismatch);
}

/** Once the sync runs: the store's identity is the one the server publishes, and cross-signing is set up. */
export async function checkDevice(d: StartDeps, me: Identity): Promise<CrossSigningState | null> {
  const { client, storage, config, encryption, log } = d;
  const crypto = cryptoOf(client);
  const { userId, deviceId } = me;
  if (!encryption.enabled || !deviceId || !crypto) return null;
  // A store replaced by another copy has another identity than the one the server publishes.
  // The same answer serves cross-signing (master key and this device's keys).
  const keys: unknown = await ownKeys(client, userId, deviceId).catch(() => null);
  const published = publishedEd25519(keys, userId, deviceId);
  if (published !== null && published !== crypto.clientDeviceEd25519) {
    throw cryptoStoreLost(cryptoDirOf(config), deviceId, "mismatch", "its device key differs from the one the homeserver publishes");
  }
  return setUpCrossSigning({ client, storage, userId, deviceId, log }, keys);
}
