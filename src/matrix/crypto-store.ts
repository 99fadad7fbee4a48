// The crypto store belongs to one device. If it is gone (or replaced) while the access token and its
// device stay, the homeserver still holds that device's keys and the SDK fails for ever uploading
// new ones ("One time key … already exists"): that is recognised here and stops the bot with a way out.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Start-up cannot go on; `exitCode` for the process (1 unless said otherwise). */
export class StartupError extends Error {
  readonly exitCode: number = 1;
}

export class CryptoStoreLost extends StartupError {
  override readonly exitCode = 2;
}

/** Where the SDK keeps the crypto store of a device (RustSdkCryptoStorageProvider's layout). */
export function machineStorePath(cryptoDir: string, deviceId: string): string {
  return join(cryptoDir, createHash("sha256").update(deviceId).digest("hex"));
}

/** Whether a crypto store exists for the device (or a legacy one the SDK moves into place). */
export function hasCryptoStore(cryptoDir: string, deviceId: string): boolean {
  return existsSync(machineStorePath(cryptoDir, deviceId)) || existsSync(join(cryptoDir, "matrix-sdk-crypto.sqlite3"));
}

const at = (o: unknown, key: string): unknown => (typeof o === "object" && o !== null ? Reflect.get(o, key) : undefined);

/** Whether the homeserver publishes keys for this device (from a /keys/query response). */
export function serverHasDeviceKeys(response: unknown, userId: string, deviceId: string): boolean {
  return at(at(at(response, "device_keys"), userId), deviceId) !== undefined;
}

/** The Ed25519 key the homeserver publishes for this device, if any (from a /keys/query response). */
export function publishedEd25519(response: unknown, userId: string, deviceId: string): string | null {
  const key = at(at(at(at(response, "device_keys"), userId), deviceId), "keys");
  const ed = at(key, `ed25519:${deviceId}`);
  return typeof ed === "string" ? ed : null;
}

/** The SDK's error when the local store does not match the keys the server holds for the device. */
export function isKeyMismatch(e: unknown): boolean {
  const text = e instanceof Error ? e.message : typeof e === "object" && e !== null ? JSON.stringify(e) : String(e);
  return /one time key .* already exists|already exists.*one[_ ]time/i.test(text);
}

export function cryptoStoreLost(cryptoDir: string, deviceId: string, what: "missing" | "mismatch", detail?: string): CryptoStoreLost {
  const problem =
    what === "missing"
      ? `The crypto store of the bot's device ${deviceId} is missing (${cryptoDir}), but the homeserver still holds that device's keys.`
      : `The crypto store in ${cryptoDir} does not belong to the keys the homeserver holds for device ${deviceId} (it was replaced or restored from another copy)${detail ? `: ${detail}` : ""}.`;
  return new CryptoStoreLost(
    [
      problem,
      "The bot cannot use this device again: its room keys are gone, and encrypted rooms would stay unreadable.",
      "To recover: log the bot's account in again (POST /_matrix/client/v3/login) to get a new access token and with it a new device,",
      'put the new token into the config ("accessToken" or LAGEBOT_ACCESS_TOKEN), and start the bot; it sets the new device up and signs it.',
      "Encrypted messages sent before that stay unreadable for the bot; members' clients share keys with the new device for everything after.",
      "Keep dataDir/crypto together with the token from now on (back them up together).",
    ].join("\n"),
  );
}
