// Direct messages through the outbox: the 'direct' row opens (or reuses) the bot's direct room with a
// user, encrypted when the bot encrypts, and what waits behind it goes there and nowhere else, in
// order; a failed attempt is retried, and a room that cannot be opened sends nothing at all.
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventId, RoomId, UserId } from "../../../src/ids.ts";
import type { DirectTransport } from "../../../src/matrix/direct.ts";
import { OutboxSender } from "../../../src/matrix/outbox.ts";
import type { Transport } from "../../../src/matrix/outbox.ts";
import { baseContext } from "../../../src/pipeline/context.ts";
import { sendDirect } from "../../../src/pipeline/direct.ts";
import { text } from "../../../src/render/rich.ts";
import { directRoomOf, saveDirectRoom } from "../../../src/store/direct-rooms.ts";
import { insertOutbox } from "../../../src/store/outbox.ts";
import { markEncrypted, markPlain, roomEncryption } from "../../../src/store/room-encryption.ts";
import { memoryDb, testConfig } from "../../support/db.ts";

const AUDITOR = "@revision:stadt.example" as UserId;
const SHARED = "!lage:stadt.example" as RoomId;
const OLD_DM = "!alt:stadt.example" as RoomId;

type Failure = { statusCode?: number; errcode?: string; code?: string };
const reject = (f: Failure) => Promise.reject(Object.assign(new Error(f.errcode ?? f.code ?? "error"), f));

function world(opts: { encrypts: boolean; membership?: string | null | Failure; createFailures?: Failure[]; inviteFailure?: Failure }) {
  const db = memoryDb();
  const sent: Array<{ room: string; body: string }> = [];
  const uploads: Array<{ room: string; encrypted: boolean }> = [];
  const created: Array<{ user: string; encrypted: boolean }> = [];
  const invited: string[] = [];
  const createFailures = [...(opts.createFailures ?? [])];
  let rooms = 0;
  const direct: DirectTransport = {
    encrypts: opts.encrypts,
    create(user, encrypted) {
      const f = createFailures.shift();
      if (f) return reject(f);
      created.push({ user, encrypted });
      return Promise.resolve(`!dm${++rooms}:stadt.example` as RoomId);
    },
    membership() {
      const m = opts.membership;
      return typeof m === "object" && m !== null ? reject(m) : Promise.resolve(m ?? null);
    },
    invite(roomId) {
      if (opts.inviteFailure) return reject(opts.inviteFailure);
      invited.push(roomId);
      return Promise.resolve();
    },
  };
  const transport: Transport = {
    sendEvent(room, _type, _txn, content) {
      // A file by its name (its body is the caption).
      const body = content["filename"] ?? content["body"];
      sent.push({ room, body: typeof body === "string" ? body : "" });
      return Promise.resolve(`$e${sent.length}` as EventId);
    },
    redact: () => Promise.reject(new Error("unused")),
    encrypts: (room) => Promise.resolve(roomEncryption(db, room).state === "encrypted"),
    upload(room, _data, _name, _mime, encrypt) {
      uploads.push({ room, encrypted: encrypt });
      return Promise.resolve(encrypt ? { file: { url: "mxc://stadt.example/f" } } : { url: "mxc://stadt.example/f" });
    },
    direct,
  };
  const sender = new OutboxSender(db, transport, pino({ level: "silent" }), () => true);
  const ctx = baseContext({ db, config: testConfig(), clock: { now: () => new Date() }, runtime: () => { throw new Error("unused"); } }, { userId: "bot", agency: null, roomId: null, eventId: null });
  const exportFor = (user: UserId, label: string) =>
    sendDirect(ctx, user, text(`Prüfprotokoll ${label}`), [{ file: { name: `${label}.csv`, mime: "text/csv", data: Buffer.from("a,b\n") }, caption: text("CSV") }]);
  const states = () => db.prepare<[], { kind: string; state: string; room_id: string }>("SELECT kind, state, room_id FROM outbox ORDER BY id").all();
  return { db, sender, sent, uploads, created, invited, exportFor, states };
}

describe("a direct message to a user", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse("2026-11-25T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("opens an encrypted direct room when the bot encrypts, and sends the message and file there only, encrypted", async () => {
    const w = world({ encrypts: true });
    insertOutbox(w.db, { roomId: SHARED, kind: "message", eventType: "m.room.message", content: { msgtype: "m.notice", body: "Export per Direktnachricht gesendet" } }, Date.now());
    w.exportFor(AUDITOR, "eins");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.created).toEqual([{ user: AUDITOR, encrypted: true }]);
    expect(directRoomOf(w.db, AUDITOR)).toEqual({ userId: AUDITOR, roomId: "!dm1:stadt.example", encrypted: true });
    // Known as encrypted (with history for invited members) before anything is sent into it.
    expect(roomEncryption(w.db, "!dm1:stadt.example" as RoomId)).toEqual({ state: "encrypted", settings: { algorithm: "m.megolm.v1.aes-sha2" }, historyVisibility: "shared" });
    expect(w.sent.filter((s) => s.room === SHARED).map((s) => s.body)).toEqual(["Export per Direktnachricht gesendet"]);
    expect(w.sent.filter((s) => s.room !== SHARED)).toEqual([
      { room: "!dm1:stadt.example", body: "Prüfprotokoll eins" },
      { room: "!dm1:stadt.example", body: "eins.csv" },
    ]);
    expect(w.uploads).toEqual([{ room: "!dm1:stadt.example", encrypted: true }]);
    expect(w.states().map((s) => s.state)).toEqual(["sent", "sent", "sent", "sent"]);
    await w.sender.stop();
  });

  it("opens a plain direct room when the bot does not encrypt", async () => {
    const w = world({ encrypts: false });
    w.exportFor(AUDITOR, "eins");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.created).toEqual([{ user: AUDITOR, encrypted: false }]);
    expect(roomEncryption(w.db, "!dm1:stadt.example" as RoomId).state).toBe("plain");
    expect(w.uploads).toEqual([{ room: "!dm1:stadt.example", encrypted: false }]);
    await w.sender.stop();
  });

  it("reuses the stored direct room while the user is in it, and opens it once for two exports queued together", async () => {
    const w = world({ encrypts: true, membership: "join" });
    saveDirectRoom(w.db, { userId: AUDITOR, roomId: OLD_DM, encrypted: true }, Date.now());
    markEncrypted(w.db, OLD_DM, { algorithm: "m.megolm.v1.aes-sha2" }, "lookup", Date.now());
    w.exportFor(AUDITOR, "eins");
    w.exportFor(AUDITOR, "zwei");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.created).toEqual([]);
    expect(w.sent.map((s) => `${s.room} ${s.body}`)).toEqual([
      `${OLD_DM} Prüfprotokoll eins`, `${OLD_DM} eins.csv`, `${OLD_DM} Prüfprotokoll zwei`, `${OLD_DM} zwei.csv`,
    ]);
    expect(w.states().every((s) => s.state === "sent")).toBe(true);
    await w.sender.stop();
  });

  it("invites the user back into the stored room after they left it", async () => {
    const w = world({ encrypts: false, membership: "leave" });
    saveDirectRoom(w.db, { userId: AUDITOR, roomId: OLD_DM, encrypted: false }, Date.now());
    markPlain(w.db, OLD_DM, Date.now());
    w.exportFor(AUDITOR, "eins");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.invited).toEqual([OLD_DM]);
    expect(w.created).toEqual([]);
    expect(w.sent.map((s) => s.room)).toEqual([OLD_DM, OLD_DM]);
    await w.sender.stop();
  });

  it.each([
    ["the bot is no longer in it", { encrypts: true, membership: { statusCode: 403, errcode: "M_FORBIDDEN" } }, true],
    ["the user is banned from it", { encrypts: true, membership: "ban" }, true],
    ["it is not encrypted but the bot now encrypts", { encrypts: true, membership: "join" }, false],
  ])("opens a new room when %s", async (_why, opts, oldEncrypted) => {
    const w = world(opts);
    saveDirectRoom(w.db, { userId: AUDITOR, roomId: OLD_DM, encrypted: oldEncrypted }, Date.now());
    if (oldEncrypted) markEncrypted(w.db, OLD_DM, { algorithm: "m.megolm.v1.aes-sha2" }, "lookup", Date.now());
    else markPlain(w.db, OLD_DM, Date.now());
    w.exportFor(AUDITOR, "eins");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.created).toEqual([{ user: AUDITOR, encrypted: true }]);
    expect(directRoomOf(w.db, AUDITOR)?.roomId).toBe("!dm1:stadt.example");
    expect(w.sent.map((s) => s.room)).toEqual(["!dm1:stadt.example", "!dm1:stadt.example"]);
    await w.sender.stop();
  });

  it("retries opening after a server or network error, sending nothing meanwhile", async () => {
    const w = world({ encrypts: true, createFailures: [{ statusCode: 502, errcode: "M_UNKNOWN" }, { code: "ECONNREFUSED" }] });
    w.exportFor(AUDITOR, "eins");
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(100);
    expect(w.sent).toEqual([]);
    expect(w.states().map((s) => `${s.kind}:${s.state}:${s.room_id}`)).toEqual([`direct:pending:${AUDITOR}`, `message:pending:${AUDITOR}`, `upload:pending:${AUDITOR}`]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.created).toHaveLength(1);
    expect(w.sent.map((s) => s.room)).toEqual(["!dm1:stadt.example", "!dm1:stadt.example"]);
    await w.sender.stop();
  });

  it("sends nothing at all when the room cannot be opened, and keeps other rooms going", async () => {
    const w = world({ encrypts: true, createFailures: [{ statusCode: 403, errcode: "M_FORBIDDEN" }] });
    w.exportFor(AUDITOR, "eins");
    insertOutbox(w.db, { roomId: SHARED, kind: "message", eventType: "m.room.message", content: { msgtype: "m.notice", body: "Andere Antwort" } }, Date.now());
    w.sender.wake();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.sent).toEqual([{ room: SHARED, body: "Andere Antwort" }]);
    expect(w.uploads).toEqual([]);
    expect(w.states().map((s) => `${s.kind}:${s.state}`)).toEqual(["direct:failed", "message:failed", "upload:failed", "message:sent"]);
    await w.sender.stop();
  });
});
