// End-to-end encryption against a real Synapse. An event the bot cannot decrypt makes it say so once
// in the room (per day) and count it in !status, instead of going silent: this part always runs (with
// the native crypto library the bot has encryption on; without it every encrypted event is one it
// cannot read). With the library present, the bot joins an encrypted room, reads a command sent
// encrypted by an SDK client with its own crypto, and answers encrypted. Without it that part is
// skipped, saying why: the probe below loads the library the way the SDK does.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-bot-sdk";
import { loadSdk } from "../../src/matrix/sdk.ts";
import { BotProcess } from "../support/bot-process.ts";
import { faultWorld, isBotMessage, repliesTo, waitForReplies } from "../support/faults.ts";
import type { FaultWorld } from "../support/faults.ts";
import { bodyOf, isReplyTo } from "../support/person.ts";

const hs = inject("synapse");

/** Loads the native crypto library; null when it is there, else why not. */
function cryptoMissing(): string | null {
  try {
    createRequire(import.meta.url)("@matrix-org/matrix-sdk-crypto-nodejs");
    return null;
  } catch (e) {
    return e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
  }
}
const missing = cryptoMissing();
if (missing) console.log(`e2ee: encrypted-room tests skipped: the native crypto library is missing (${missing}); see README, "End-to-end encryption"`);

describe("an event the bot cannot decrypt", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "undecryptable");
    await w.anna.startSync();
    bot = await BotProcess.start({ config: w.config({ encryption: missing === null }) });
  });
  afterAll(async () => {
    await bot?.kill("SIGTERM");
    await w?.anna.stopSync();
    w?.dispose();
  });

  it("says so once in the room and in !status", async () => {
    const mark = w.anna.mark();
    const garbage = (n: number) => ({ algorithm: "m.megolm.v1.aes-sha2", sender_key: "c2VuZGVy", session_id: `no-such-session-${n}`, ciphertext: "AwgAEnB4cmFuZG9t", device_id: "NOPE" });
    const first = await w.anna.sendRaw(w.room, "m.room.encrypted", garbage(1));
    const second = await w.ben.sendRaw(w.room, "m.room.encrypted", garbage(2));
    const status = await w.anna.send(w.room, "!status");
    await waitForReplies(w.anna, w.botId, [first, status], mark, 30_000);
    await w.anna.collect(w.room, 2_000);

    const notices = w.anna.eventsSince(mark, w.room).filter((ev) => isBotMessage(w.botId)(ev) && bodyOf(ev).includes("nicht entschlüsseln"));
    expect(notices).toHaveLength(1);
    expect(notices.every((n) => isReplyTo(n, first))).toBe(true);
    expect(repliesTo(w.anna, w.botId, second, mark)).toEqual([]);
    const s = bodyOf(repliesTo(w.anna, w.botId, status, mark)[0] ?? { content: {} });
    expect(s).toContain("Nicht entschlüsselbare Nachrichten: 2");
    console.log(`e2ee: undecryptable events 2, notices in the room 1, reported in !status: yes (encryption ${missing === null ? "on" : "off"})`);
  });
});

describe.skipIf(missing !== null)("an encrypted room (native crypto library present)", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;
  let room = "";
  let anna: MatrixClient | null = null;
  let annaDir = "";
  const decrypted: Array<{ roomId: string; event: Record<string, unknown> }> = [];

  beforeAll(async () => {
    w = await faultWorld(hs, "e2ee");
    room = await w.anna.createRoom({ name: "Verschlüsselt", encrypted: true, invite: [w.ben.userId, w.botId] });
    await w.anna.startSync();
    bot = await BotProcess.start({ config: w.config({ encryption: true, rooms: [room] }) });
    // Anna's second face: an SDK client with its own device and crypto store, so she can encrypt.
    const { sdk } = loadSdk();
    const dir = (annaDir = mkdtempSync(join(tmpdir(), "lagebot-e2ee-anna-")));
    const SQLITE_STORE = 0 as ConstructorParameters<typeof sdk.RustSdkCryptoStorageProvider>[1];
    anna = new sdk.MatrixClient(hs.url, w.anna.accessToken, new sdk.MemoryStorageProvider(), new sdk.RustSdkCryptoStorageProvider(join(dir, "crypto"), SQLITE_STORE));
    anna.on("room.message", (roomId: string, event: Record<string, unknown>) => decrypted.push({ roomId, event }));
    await anna.start();
  });
  afterAll(async () => {
    anna?.stop();
    if (annaDir) rmSync(annaDir, { recursive: true, force: true });
    await bot?.kill("SIGTERM");
    await w?.anna.stopSync();
    w?.dispose();
  });

  it("reads a command sent encrypted and answers encrypted", async () => {
    if (!anna) throw new Error("no client");
    const mark = w.anna.mark();
    const cmd = await anna.sendMessage(room, { msgtype: "m.text", body: "!status" });
    // On the wire (Anna's plain sync sees what the server stores) the answer is encrypted…
    const wire = await w.anna.waitFor((ev) => ev.sender === w.botId && ev.room_id === room && ev.type === "m.room.encrypted", { after: mark, description: "an encrypted answer", timeoutMs: 60_000 });
    expect(wire.content["ciphertext"]).toBeDefined();
    // …and decrypted it is the reply to the command.
    const deadline = Date.now() + 30_000;
    while (!decrypted.some((d) => d.event["sender"] === w.botId && isReplyTo({ content: content(d.event) }, cmd)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const reply = decrypted.find((d) => d.event["sender"] === w.botId && isReplyTo({ content: content(d.event) }, cmd));
    expect(bodyOf({ content: content(reply?.event ?? {}) })).toContain("Verschlüsselung: an");
    console.log("e2ee: encrypted command answered encrypted: yes");
  });
});

function content(ev: Record<string, unknown>): Record<string, unknown> {
  const c = ev["content"];
  return typeof c === "object" && c !== null ? (c as Record<string, unknown>) : {};
}
