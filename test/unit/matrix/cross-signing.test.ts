import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, signObject, verifySigned } from "../../../src/matrix/cross-signing.ts";

describe("signing the bot's keys", () => {
  it("writes canonical JSON: keys sorted at every depth, no white space, unicode as is", () => {
    expect(canonicalJson({ b: 1, a: { d: ["x", { z: 1, y: 2 }], c: "ü" } })).toBe('{"a":{"c":"ü","d":["x",{"y":2,"z":1}]},"b":1}');
  });

  it("signs an object without its signatures and unsigned parts, verifiable with the public key", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const device = { user_id: "@lagebot:stadt.example", device_id: "BOT", keys: { "ed25519:BOT": "abc" }, algorithms: ["m.megolm.v1.aes-sha2"] };
    const sig = signObject({ ...device, signatures: { other: {} }, unsigned: { device_display_name: "x" } }, privateKey);
    expect(sig).not.toMatch(/=$/u);
    const ok = verify(null, Buffer.from(canonicalJson(device)), publicKey, Buffer.from(sig, "base64"));
    expect(ok).toBe(true);
  });

  it("accepts a device's keys only with a valid signature by the key they name, and nothing changed", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const pub = Buffer.from(String(publicKey.export({ format: "jwk" }).x), "base64url").toString("base64").replace(/=+$/u, "");
    const me = "@lagebot:stadt.example";
    const device = { user_id: me, device_id: "BOT", keys: { "ed25519:BOT": pub, "curve25519:BOT": "c" } };
    const signed = { ...device, signatures: { [me]: { "ed25519:BOT": signObject(device, privateKey) } }, unsigned: { x: 1 } };
    expect(verifySigned(signed, me, "ed25519:BOT", pub)).toBe(true);
    // A homeserver that swaps the curve key under a valid-looking signature is caught.
    expect(verifySigned({ ...signed, keys: { ...device.keys, "curve25519:BOT": "attacker" } }, me, "ed25519:BOT", pub)).toBe(false);
    expect(verifySigned(device, me, "ed25519:BOT", pub)).toBe(false);
    expect(verifySigned(signed, me, "ed25519:BOT", "not a key")).toBe(false);
  });
});
