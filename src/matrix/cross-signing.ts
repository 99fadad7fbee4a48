// The bot's cross-signing identity: clients that share keys only with devices signed by their owner
// (Element's "exclude insecure devices") must see the bot's device as signed. The crypto library 0.4.0
// creates cross-signing keys but drops the upload request, so the keys are made and signed here
// (Ed25519 over canonical JSON, as the spec says) and uploaded once; Synapse takes the first upload of
// a user's cross-signing keys without a password (MSC3967). The private keys stay in the bot's database
// beside its other secrets, so a new device of the bot can be signed later.
import { createPrivateKey, generateKeyPairSync, sign as ed25519Sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import type { MatrixClient } from "matrix-bot-sdk";
import { z } from "zod";
import type { SqliteStorageProvider } from "./storage.ts";

export type CrossSigningState =
  | { state: "off" }
  | { state: "pending" }
  | { state: "on"; masterKey: string }
  | { state: "foreign"; masterKey: string }
  | { state: "failed"; reason: string };

const STORED_KEY = "cross_signing";
const stored = z.object({ master: z.string(), selfSigning: z.string(), userSigning: z.string() });
type Stored = z.infer<typeof stored>;

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

function newKeys(): Stored {
  const make = () => generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
  return { master: make(), selfSigning: make(), userSigning: make() };
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

/** Sets up cross-signing if the account has none, and signs the bot's device; never throws. */
export async function setUpCrossSigning(d: CrossSigningDeps): Promise<CrossSigningState> {
  try {
    return await run(d);
  } catch (e) {
    const reason = e instanceof Error ? e.message.slice(0, 200) : String(e);
    d.log.warn({ reason }, "cross-signing not set up");
    return { state: "failed", reason };
  }
}

async function queryOwnKeys(d: CrossSigningDeps): Promise<z.infer<typeof keysQuery>> {
  return keysQuery.parse(await d.client.doRequest("POST", "/_matrix/client/v3/keys/query", null, { device_keys: { [d.userId]: [] } }));
}

async function run(d: CrossSigningDeps): Promise<CrossSigningState> {
  const { client, storage, userId, deviceId, log } = d;
  let q = await queryOwnKeys(d);
  const raw = storage.readOwn(STORED_KEY);
  let ours = raw ? stored.parse(JSON.parse(raw)) : null;
  const serverMaster = Object.values(q.master_keys?.[userId]?.keys ?? {})[0];

  if (serverMaster === undefined) {
    // Stored before the upload: a crash in between must not leave keys on the server that we lost.
    ours ??= newKeys();
    storage.storeOwn(STORED_KEY, JSON.stringify(ours));
    const master = keyFrom(ours.master);
    const mpub = publicKeyOf(master);
    const masterKey = crossSigningKey(userId, "master", mpub);
    if (client.crypto) masterKey["signatures"] = await client.crypto.sign(masterKey); // the device vouches for its identity
    const signedBy = (usage: string, der: string) => {
      const k = crossSigningKey(userId, usage, publicKeyOf(keyFrom(der)));
      return { ...k, signatures: { [userId]: { [`ed25519:${mpub}`]: signObject(k, master) } } };
    };
    await client.doRequest("POST", "/_matrix/client/v3/keys/device_signing/upload", null, {
      master_key: masterKey, self_signing_key: signedBy("self_signing", ours.selfSigning), user_signing_key: signedBy("user_signing", ours.userSigning),
    });
    log.info({ masterKey: mpub }, "cross-signing keys of the bot's account uploaded");
    q = await queryOwnKeys(d);
  } else if (!ours || publicKeyOf(keyFrom(ours.master)) !== serverMaster) {
    log.warn({ masterKey: serverMaster }, "the bot's account has cross-signing keys the bot does not hold; its device cannot be signed by them");
    return { state: "foreign", masterKey: serverMaster };
  }

  const selfSigning = keyFrom(ours.selfSigning);
  const sspub = publicKeyOf(selfSigning);
  const mpub = publicKeyOf(keyFrom(ours.master));
  const device = q.device_keys?.[userId]?.[deviceId];
  if (!device) return { state: "failed", reason: `the homeserver has no keys of device ${deviceId} yet` };
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
  return { state: "on", masterKey: mpub };
}
