import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventId, RoomId } from "../../../src/ids.ts";
import { EncryptionGuard, EncryptionStateUnknown } from "../../../src/matrix/encryption.ts";
import { OutboxSender } from "../../../src/matrix/outbox.ts";
import type { Transport } from "../../../src/matrix/outbox.ts";
import { insertOutbox } from "../../../src/store/outbox.ts";
import { roomEncryption } from "../../../src/store/room-encryption.ts";
import { memoryDb } from "../../support/db.ts";

const ROOM = "!lage:stadt.example" as RoomId;
const log = pino({ level: "silent" });
const notFound = () => Promise.reject(Object.assign(new Error("M_NOT_FOUND"), { statusCode: 404, errcode: "M_NOT_FOUND" }));
const badGateway = () => Promise.reject(Object.assign(new Error("502"), { statusCode: 502 }));
const megolm = { algorithm: "m.megolm.v1.aes-sha2" };

describe("the room's encryption before a message goes out", () => {
  it("takes m.room.encryption from the sync's state and timeline and never asks then", async () => {
    const db = memoryDb();
    const lookup = vi.fn(badGateway);
    const guard = new EncryptionGuard(db, lookup, log);
    guard.fromSync({ rooms: { join: { [ROOM]: { state: { events: [{ type: "m.room.encryption", state_key: "", content: { ...megolm, rotation_period_ms: 604_800_000 } }] } } } } });
    expect(await guard.settingsFor(ROOM)).toEqual({ ...megolm, rotation_period_ms: 604_800_000 });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("holds the message when the state lookup fails, instead of calling the room unencrypted", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, badGateway, log);
    await expect(guard.settingsFor(ROOM)).rejects.toBeInstanceOf(EncryptionStateUnknown);
    expect(roomEncryption(db, ROOM).state).toBe("unknown");
  });

  it("sends in clear only where the homeserver says there is no encryption", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, notFound, log);
    expect(await guard.settingsFor(ROOM)).toBeNull();
    expect(roomEncryption(db, ROOM).state).toBe("plain");
  });

  it("keeps a room encrypted once seen so, whatever a later lookup says", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, () => Promise.resolve(megolm), log);
    expect(await guard.settingsFor(ROOM)).toEqual(megolm);
    const later = new EncryptionGuard(db, notFound, log);
    expect(await later.settingsFor(ROOM)).toEqual(megolm);
  });

  it("turns a plaintext room encrypted when sync shows encryption was switched on", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, notFound, log);
    expect(await guard.settingsFor(ROOM)).toBeNull();
    guard.fromSync({ rooms: { join: { [ROOM]: { timeline: { events: [{ type: "m.room.encryption", state_key: "", content: megolm }] } } } } });
    expect(await guard.settingsFor(ROOM)).toEqual(megolm);
  });

  it("keeps the history visibility of an encrypted room, and never calls an unknown room plain for it", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, badGateway, log);
    const hv = { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "shared" } };
    guard.fromSync({ rooms: { join: { [ROOM]: { state: { events: [hv] } } } } });
    expect(roomEncryption(db, ROOM).state).toBe("unknown");
    await expect(guard.settingsFor(ROOM)).rejects.toBeInstanceOf(EncryptionStateUnknown);
    guard.fromSync({ rooms: { join: { [ROOM]: { state: { events: [{ type: "m.room.encryption", state_key: "", content: megolm }, hv] } } } } });
    expect(guard.historyVisibility(ROOM)).toBe("shared");
  });

  it("treats an m.room.encryption event it cannot read as encrypted", async () => {
    const db = memoryDb();
    const guard = new EncryptionGuard(db, badGateway, log);
    guard.fromSync({ rooms: { join: { [ROOM]: { timeline: { events: [{ type: "m.room.encryption", state_key: "", content: { algorithm: 7 } }] } } } } });
    expect((await guard.settingsFor(ROOM))?.algorithm).toBe("m.megolm.v1.aes-sha2");
  });
});

describe("a message into a room whose encryption cannot be found out", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse("2026-12-02T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("waits in the outbox however long it takes (never given up), then goes out", async () => {
    const db = memoryDb();
    let stateKnown = false;
    const sent: string[] = [];
    const transport: Transport = {
      sendEvent(_r, _t, _x, content) {
        if (!stateKnown) return Promise.reject(new EncryptionStateUnknown("unknown"));
        sent.push(String(content["body"]));
        return Promise.resolve("$sent" as EventId);
      },
      redact: () => Promise.reject(new Error("unused")),
      encrypts: () => Promise.resolve(false),
      upload: () => Promise.reject(new Error("unused")),
    };
    insertOutbox(db, { roomId: ROOM, kind: "message", eventType: "m.room.message", content: { msgtype: "m.notice", body: "Einsatz OP-1 geplant" } }, Date.now());
    const sender = new OutboxSender(db, transport, log, () => true);
    sender.wake();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    const row = db.prepare<[], { state: string; attempts: number }>("SELECT state, attempts FROM outbox").get();
    expect(row?.state).toBe("pending");
    expect(row?.attempts).toBeGreaterThan(20);
    stateKnown = true;
    await vi.advanceTimersByTimeAsync(40_000); // the longest backoff: 30 s with up to 25 % jitter
    expect(sent).toEqual(["Einsatz OP-1 geplant"]);
    await sender.stop();
  });
});

describe("a file whose room turns encrypted before it could be sent", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse("2026-12-02T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("is uploaded again, encrypted, instead of sending the link to the clear copy", async () => {
    const db = memoryDb();
    let encrypted = false;
    let failSend = true;
    const uploads: boolean[] = [];
    const sent: Array<Record<string, unknown>> = [];
    const transport: Transport = {
      sendEvent(_r, _t, _x, content) {
        if (failSend) return Promise.reject(Object.assign(new Error("502"), { statusCode: 502 }));
        sent.push(content);
        return Promise.resolve("$file" as EventId);
      },
      redact: () => Promise.reject(new Error("unused")),
      encrypts: () => Promise.resolve(encrypted),
      upload(_r, _d, _n, _m, encrypt) {
        uploads.push(encrypt);
        return Promise.resolve(encrypt ? { file: { url: "mxc://stadt.example/cipher", key: { k: "k" }, iv: "iv", hashes: { sha256: "h" }, v: "v2" } } : { url: "mxc://stadt.example/clear" });
      },
    };
    const file = { name: "einsaetze.ics", mime: "text/calendar", data: Buffer.from("BEGIN:VCALENDAR") };
    insertOutbox(db, { roomId: ROOM, kind: "upload", eventType: "m.room.message", content: { msgtype: "m.file", body: file.name }, file }, Date.now());
    const sender = new OutboxSender(db, transport, log, () => true);
    sender.wake();
    await vi.advanceTimersByTimeAsync(100);
    expect(uploads).toEqual([false]);
    encrypted = true;
    failSend = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(uploads).toEqual([false, true]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.["url"]).toBeUndefined();
    expect((sent[0]?.["file"] as { url: string }).url).toBe("mxc://stadt.example/cipher");
    await sender.stop();
  });
});
