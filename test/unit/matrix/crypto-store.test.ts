import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cryptoStoreLost, hasCryptoStore, isKeyMismatch, machineStorePath, serverHasDeviceKeys } from "../../../src/matrix/crypto-store.ts";

describe("recognising a lost or replaced crypto store", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("finds the device's store where the SDK keeps it, and nothing for another device", () => {
    const dir = mkdtempSync(join(tmpdir(), "lagebot-crypto-"));
    dirs.push(dir);
    expect(hasCryptoStore(dir, "BOTDEVICE")).toBe(false);
    mkdirSync(machineStorePath(dir, "BOTDEVICE"));
    expect(hasCryptoStore(dir, "BOTDEVICE")).toBe(true);
    expect(hasCryptoStore(dir, "OTHER")).toBe(false);
  });

  it("reads from /keys/query whether the homeserver holds keys of the device", () => {
    const res = { device_keys: { "@bot:stadt.example": { BOTDEVICE: { keys: {} } } } };
    expect(serverHasDeviceKeys(res, "@bot:stadt.example", "BOTDEVICE")).toBe(true);
    expect(serverHasDeviceKeys(res, "@bot:stadt.example", "NEW")).toBe(false);
    expect(serverHasDeviceKeys({ device_keys: {} }, "@bot:stadt.example", "BOTDEVICE")).toBe(false);
    expect(serverHasDeviceKeys(null, "@bot:stadt.example", "BOTDEVICE")).toBe(false);
  });

  it("takes Synapse's one-time-key error as a store that does not match the server, and nothing else", () => {
    const synapse = Object.assign(new Error("M_UNKNOWN: One time key signed_curve25519:AAAAAAAAAA4 already exists. Old key: {…}"), { statusCode: 400 });
    expect(isKeyMismatch(synapse)).toBe(true);
    expect(isKeyMismatch(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8008"), { code: "ECONNREFUSED" }))).toBe(false);
    expect(isKeyMismatch(new Error("M_FORBIDDEN: Room already exists"))).toBe(false);
  });

  it("stops with exit code 2 and says how to recover", () => {
    const e = cryptoStoreLost("/data/crypto", "BOTDEVICE", "missing");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("BOTDEVICE");
    expect(e.message).toMatch(/log the bot's account in again/);
  });
});
