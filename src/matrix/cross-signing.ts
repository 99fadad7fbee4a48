// The bot's cross-signing identity: clients that share keys only with devices signed by their owner
// (Element's "exclude insecure devices") must see the bot's device as signed. The crypto library 0.4.0
// creates cross-signing keys but drops the upload request, so the keys are made and signed here
// (Ed25519 over canonical JSON, as the spec says) and uploaded once; Synapse takes the first upload of
// a user's cross-signing keys without a password (MSC3967). Only the self-signing private key is kept
// (in the bot's database, beside the crypto store's secrets), so a new device of the bot can be signed
// later; the master and user-signing private keys are not needed after the upload and are dropped.
// The device keys the homeserver returns are signed only if they are provably this device's own.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as ed25519Sign, verify as ed25519Verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import type { MatrixClient } from "matrix-bot-sdk";
import { z } from "zod";
import type { SqliteStorageProvider } from "./storage.ts";
import { cryptoOf } from "./crypto-client.ts";

export type CrossSigningState =
  | { state: "off" }
  | { state: "pending" }
  | { state: "on"; masterKey: string }
  | { state: "foreign"; masterKey: string }
  | { state: "failed"; reason: string };

const STORED_KEY = "cross_signing";
const stored = z.object({ masterPublic: z.string(), selfSigning: z.string() });

const signedKey = z.looseObject({ keys: z.record(z.string(), z.string()), signatures: z.record(z.string(), z.record(z.string(), z.string())).optional() });
const keysQuery = z.looseObject({
  master_keys: z.record(z.string(), signedKey).optional(),
  device_keys: z.record(z.string(), z.record(z.string(), signedKey)).optional(),
});

/** Matrix canonical JSON: keys sorted, no white space (our objects hold only strings and arrays). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const unpadded = (b: Buffer) => b.toString("base64").replace(/=+$/u, "");

function publicKeyOf(key: KeyObject): string {
  return unpadded(Buffer.from(String(key.export({ format: "jwk" }).x), "base64url"));
}

/** The Ed25519 signature of an object (without `signatures` and `unsigned`), unpadded base64. */
export function signObject(obj: Record<string, unknown>, key: KeyObject): string {
  const { signatures: _s, unsigned: _u, ...rest } = obj;
  return unpadded(ed25519Sign(null, Buffer.from(canonicalJson(rest), "utf8"), key));
}

function keyFrom(der: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(der, "base64"), format: "der", type: "pkcs8" });
}

const newKey = (): KeyObject => generateKeyPairSync("ed25519").privateKey;
const exportKey = (k: KeyObject): string => k.export({ format: "der", type: "pkcs8" }).toString("base64");

/** Whether `obj` carries a valid signature of `userId`'s key `keyId` (public key `publicKey`, unpadded base64). */
export function verifySigned(obj: Record<string, unknown>, userId: string, keyId: string, publicKey: string): boolean {
  const sigs = obj["signatures"];
  const byUser: unknown = typeof sigs === "object" && sigs !== null ? Reflect.get(sigs, userId) : undefined;
  const sig: unknown = typeof byUser === "object" && byUser !== null ? Reflect.get(byUser, keyId) : undefined;
  if (typeof sig !== "string") return false;
  try {
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey, "base64").toString("base64url") }, format: "jwk" });
    const { signatures: _s, unsigned: _u, ...rest } = obj;
    return ed25519Verify(null, Buffer.from(canonicalJson(rest), "utf8"), key, Buffer.from(sig, "base64"));
  } catch {
    return false;
  }
}

function crossSigningKey(userId: string, usage: string, pub: string): Record<string, unknown> {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${pub}`]: pub } };
}

export interface CrossSigningDeps {
  client: MatrixClient;
  storage: SqliteStorageProvider;
  userId: string;
  deviceId: string;
  log: Logger;
}

/**
 * Sets up cross-signing if the account has none, and signs the bot's device; never throws.
 * `ownKeys`: a /keys/query answer for the bot's device the caller already has (else it asks).
 */
export async function setUpCrossSigning(d: CrossSigningDeps, ownKeys: unknown = null): Promise<CrossSigningState> {
  try {
    const state = await run(d, ownKeys);
    // The reason is English and technical: `!status` only says that it failed, the log says why.
    if (state.state === "failed") d.log.warn({ reason: state.reason }, "cross-signing not set up");
    return state;
  } catch (e) {
    const reason = e instanceof Error ? e.message.slice(0, 200) : String(e);
    d.log.warn({ reason }, "cross-signing not set up");
    return { state: "failed", reason };
  }
}

async function queryOwnKeys(d: CrossSigningDeps): Promise<z.infer<typeof keysQuery>> {
  return keysQuery.parse(await d.client.doRequest("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [d.userId]: [d.deviceId] } }));
}

async function run(d: CrossSigningDeps, ownKeys: unknown): Promise<CrossSigningState> {
  const { client, storage, userId, deviceId, log } = d;
  let q = ownKeys === null ? await queryOwnKeys(d) : keysQuery.parse(ownKeys);
  const raw = storage.readOwn(STORED_KEY);
  let ours = raw ? stored.parse(JSON.parse(raw)) : null;
  const serverMaster = Object.values(q.master_keys?.[userId]?.keys ?? {})[0];

  if (serverMaster === undefined) {
    const [master, selfSigning, userSigning] = [newKey(), newKey(), newKey()];
    const mpub = publicKeyOf(master);
    // Stored before the upload: a crash in between must not leave keys on the server that we lost.
    ours = { masterPublic: mpub, selfSigning: exportKey(selfSigning) };
    storage.storeOwn(STORED_KEY, JSON.stringify(ours));
    const masterKey = crossSigningKey(userId, "master", mpub);
    // The device vouches for its identity. The SDK signs the JSON text as given: canonical it must be.
    const crypto = cryptoOf(client);
    if (crypto) masterKey["signatures"] = await crypto.sign(JSON.parse(canonicalJson(masterKey)) as Record<string, unknown>);
    const signedBy = (usage: string, key: KeyObject) => {
      const k = crossSigningKey(userId, usage, publicKeyOf(key));
      return { ...k, signatures: { [userId]: { [`ed25519:${mpub}`]: signObject(k, master) } } };
    };
    await client.doRequest("POST", "/_matrix/client/v3/keys/device_signing/upload", null, {
      master_key: masterKey, self_signing_key: signedBy("self_signing", selfSigning), user_signing_key: signedBy("user_signing", userSigning),
    });
    log.info({ masterKey: mpub }, "cross-signing keys of the bot's account uploaded");
    q = await queryOwnKeys(d);
  } else if (ours?.masterPublic !== serverMaster) {
    log.warn({ masterKey: serverMaster }, "the bot's account has cross-signing keys the bot does not hold; its device cannot be signed by them");
    return { state: "foreign", masterKey: serverMaster };
  }

  const selfSigning = keyFrom(ours.selfSigning);
  const sspub = publicKeyOf(selfSigning);
  const device = q.device_keys?.[userId]?.[deviceId];
  if (!device) return { state: "failed", reason: `the homeserver has no keys of device ${deviceId} yet` };
  // Sign only what this device signed itself: a homeserver could list other keys under its ID.
  const own = cryptoOf(client)?.clientDeviceEd25519;
  const keyId = `ed25519:${deviceId}`;
  if (!own || device.keys[keyId] !== own || !verifySigned(device, userId, keyId, own)) {
    return { state: "failed", reason: `the keys the homeserver lists for device ${deviceId} are not this device's` };
  }
  if (device.signatures?.[userId]?.[`ed25519:${sspub}`] === undefined) {
    const { unsigned: _u, ...body } = device;
    const signature = signObject(body, selfSigning);
    const signatures = { ...body.signatures, [userId]: { ...body.signatures?.[userId], [`ed25519:${sspub}`]: signature } };
    const res = z.looseObject({ failures: z.record(z.string(), z.unknown()).optional() }).parse(
      await client.doRequest("POST", "/_matrix/client/v3/keys/signatures/upload", null, { [userId]: { [deviceId]: { ...body, signatures } } }),
    );
    if (res.failures && Object.keys(res.failures).length > 0) return { state: "failed", reason: `signature refused: ${JSON.stringify(res.failures).slice(0, 200)}` };
    log.info({ deviceId }, "the bot's device is signed by its cross-signing identity");
  }
  return { state: "on", masterKey: ours.masterPublic };
}
