import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, signObject } from "../../../src/matrix/cross-signing.ts";

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
});
