// Encrypted rooms when things go wrong, against a real Synapse with an independent client (matrix-js-sdk
// + Rust crypto): a room key that comes late (held back by the sender's client), also across a restart
// of the bot; the room's encryption state that cannot be read (a proxy answering 502); the crypto
// store lost while the token stays. Each test prints its figures.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { berlin } from "../support/converse.ts";
import { cryptoMissing, describeClear, e2eeRequired, e2eeWorld } from "../support/e2ee-world.ts";
import type { E2eeWorld } from "../support/e2ee-world.ts";
import { bodyOf, isReplyTo } from "../support/person.ts";
import { FaultProxy } from "../support/proxy.ts";
import type { SecureEvent } from "../support/secure-person.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const missing = cryptoMissing();
if (missing && e2eeRequired()) throw new Error(`the native crypto library must load here (CI): ${missing}`);

const HOLD_MS = 4_000;
const fromBot = (w: E2eeWorld, cmd: string) => (ev: SecureEvent) => ev.sender === w.botId && ev.type === "m.room.message" && isReplyTo(ev, cmd);

describe.skipIf(missing !== null)("a room key that arrives late", () => {
  let w: E2eeWorld;
  beforeAll(async () => {
    w = await e2eeWorld(hs, "latekey", { keyWaitWindow: "2m" });
  }, 120_000);
  afterAll(async () => {
    await ifSet(w)?.stop();
  });

  it("runs the command once the key is there, instead of answering 'cannot decrypt'", async () => {
    // Ben talks to the bot first, so the bot is synced and has an Olm session with Ben's device: what
    // comes late is the new room key only (a first message and its key may otherwise come in one sync).
    expect(bodyOf(await w.ask(w.ben, "!status"))).toContain("Verschlüsselung: an");
    await w.ben.holdToDevice();
    const mark = w.anna.mark();
    const cmd = await w.ben.send(w.room, "!einsatz liste");
    // While the key is held the bot says nothing: no "cannot decrypt", no answer.
    await new Promise((r) => setTimeout(r, HOLD_MS));
    expect(w.anna.eventsSince(mark).filter(fromBot(w, cmd))).toEqual([]);
    const released = Date.now();
    await w.ben.releaseToDevice();
    const reply = await w.anna.waitFor(fromBot(w, cmd), { after: mark, timeoutMs: 30_000, description: "the answer after the key came" });
    const afterKey = Date.now() - released;
    expect(bodyOf(reply)).not.toContain("nicht entschlüsseln");
    await w.anna.waitFor(() => false, { timeoutMs: 3_000 }).catch(() => undefined);
    expect(w.anna.eventsSince(mark).filter(fromBot(w, cmd))).toHaveLength(1);
    console.log(`e2ee: late key held ${HOLD_MS} ms → command answered once, ${afterKey} ms after the key was sent`);
  });

  it("keeps a command waiting for its key across a restart, and runs it once when the key comes", async () => {
    await w.ben.holdToDevice();
    const mark = w.anna.mark();
    const start = new Date(Date.now() + 2 * 86_400_000);
    const cmd = await w.ben.send(w.room, `!einsatz planen Nachtstreife Kirmes wann="${berlin(start)}" ort=Festplatz`);
    // Stored as waiting for its key (the bot logs the failed attempt), then the bot goes down.
    await w.bot.waitForLine(/could not decrypt event yet/, 20_000);
    await w.bot.kill("SIGTERM");
    await w.ben.releaseToDevice();
    const restarted = Date.now();
    w.bot = await w.bot.restart();
    const reply = await w.anna.waitFor(fromBot(w, cmd), { after: mark, timeoutMs: 60_000, description: "the answer after the restart" });
    expect(bodyOf(reply)).toMatch(/Einsatz OP-\d+ „[^“]*“ geplant/);
    await w.anna.waitFor(() => false, { timeoutMs: 3_000 }).catch(() => undefined);
    expect(w.anna.eventsSince(mark).filter(fromBot(w, cmd))).toHaveLength(1);
    const db = new BetterSqlite3(join(w.dataDir, "lagebot.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM operations WHERE title = 'Nachtstreife Kirmes'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    console.log(`e2ee: command waiting for its key survived a restart; ran once, answered ${Date.now() - restarted} ms after the restart began`);
  }, 120_000);
});

describe.skipIf(missing !== null)("the room's encryption state cannot be read", () => {
  let w: E2eeWorld;
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await FaultProxy.start(hs.url);
    w = await e2eeWorld(hs, "encstate", { homeserverUrl: proxy.url });
  }, 120_000);
  afterAll(async () => {
    await ifSet(w)?.stop();
    await ifSet(proxy)?.stop();
  });

  it("sends nothing in clear while the lookup fails, and the reply encrypted once it works", async () => {
    expect(bodyOf(await w.ask(w.anna, "!status"))).toContain("Verschlüsselung: an");
    await w.bot.kill("SIGTERM");
    // What the bot knew of the room is gone: its database from before this check existed, and an SDK
    // store that never recorded the room. Only a lookup can tell now, and the proxy fails it.
    const db = new BetterSqlite3(join(w.dataDir, "lagebot.sqlite"));
    db.prepare("DELETE FROM room_encryption").run();
    db.close();
    const sdkStore = join(w.dataDir, "crypto", "bot-sdk.json");
    writeFileSync(sdkStore, JSON.stringify({ ...(JSON.parse(readFileSync(sdkStore, "utf8")) as Record<string, unknown>), rooms: {} }));
    proxy.inject({ method: "GET", path: /\/state\/m\.room\.encryption/, times: Infinity, fault: { kind: "status", status: 502 } });
    w.bot = await w.bot.restart();

    const wireMark = w.wire.mark();
    const mark = w.anna.mark();
    const start = new Date(Date.now() + 86_400_000);
    const cmd = await w.anna.send(w.room, `!einsatz planen Zugriff wann="${berlin(start)}" ort="Hinterhof Lindenstraße 4"`);
    await w.bot.waitForLine(/encryption state of the room could not be read/, 30_000);
    const heldFrom = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    const clear = w.wire.eventsSince(wireMark, w.room).filter((ev) => ev.sender === w.botId && ev.type !== "m.room.encrypted");
    expect(clear, describeClear(clear)).toEqual([]);
    expect(w.wire.eventsSince(wireMark, w.room).filter((ev) => ev.sender === w.botId)).toEqual([]);
    const refused = proxy.requests({ method: "GET", path: /\/state\/m\.room\.encryption/ }).filter((r) => r.status === 502).length;
    expect(refused).toBeGreaterThan(0);

    proxy.clearFaults();
    const reply = await w.anna.waitFor(fromBot(w, cmd), { after: mark, timeoutMs: 60_000, description: "the reply after the lookup works again" });
    expect(reply.wireType).toBe("m.room.encrypted");
    expect(bodyOf(reply)).toMatch(/Einsatz OP-1 „[^“]*“ geplant/);
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log(`e2ee: state lookup refused ${refused} times; reply held ${Date.now() - heldFrom} ms, then sent encrypted; bot events in clear 0`);
  }, 120_000);
});

describe.skipIf(missing !== null)("a lost crypto store", () => {
  let w: E2eeWorld;
  beforeAll(async () => {
    w = await e2eeWorld(hs, "lostkeys");
  }, 120_000);
  afterAll(async () => {
    await ifSet(w)?.stop();
  });

  it("stops the bot with exit code 2 and says how to recover, instead of retrying for ever", async () => {
    expect(bodyOf(await w.ask(w.anna, "!status"))).toContain("Verschlüsselung: an");
    await w.bot.kill("SIGTERM");
    rmSync(join(w.dataDir, "crypto"), { recursive: true, force: true });
    const t0 = Date.now();
    const exit = await BotProcess.runToExit(w.config(), 60_000);
    const out = `${exit.stdout}\n${exit.stderr}`;
    expect(exit.code, out.slice(-2000)).toBe(2);
    expect(out).toContain("crypto store");
    expect(out).toMatch(/log the bot's account in again/);
    expect(out).not.toMatch(/homeserver unreachable/);
    console.log(`e2ee: crypto store deleted → exit code ${exit.code} after ${Date.now() - t0} ms, with how to recover`);
  }, 90_000);
});
