import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventId, RoomId } from "../../../src/ids.ts";
import { GIVE_UP_AFTER_SERVER_ERRORS, OutboxSender } from "../../../src/matrix/outbox.ts";
import type { Transport } from "../../../src/matrix/outbox.ts";
import { insertOutbox } from "../../../src/store/outbox.ts";
import { memoryDb } from "../../support/db.ts";

const ROOM = "!room:stadt.example" as RoomId;

/** A homeserver that answers 500 to every message whose body is "poison", and stores the others. */
function homeserver() {
  const posted: string[] = [];
  let refused = 0;
  const transport: Transport = {
    sendEvent(_room, _type, _txn, content) {
      if (content["body"] === "poison") {
        refused++;
        return Promise.reject(Object.assign(new Error("500"), { statusCode: 500, errcode: "M_UNKNOWN" }));
      }
      posted.push(String(content["body"]));
      return Promise.resolve(`$e${posted.length}` as EventId);
    },
    redact: () => Promise.reject(new Error("unused")),
    encrypts: () => Promise.resolve(false),
    upload: () => Promise.reject(new Error("unused")),
  };
  return { transport, posted, refused: () => refused };
}

describe("a message the homeserver always refuses with 500", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse("2026-11-25T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  function queue(online: () => boolean) {
    const db = memoryDb();
    const hs = homeserver();
    for (const body of ["poison", "Antwort 1", "Antwort 2"]) insertOutbox(db, { roomId: ROOM, kind: "message", eventType: "m.room.message", content: { msgtype: "m.notice", body } }, Date.now());
    const sender = new OutboxSender(db, hs.transport, pino({ level: "silent" }), online);
    sender.wake();
    const state = () => db.prepare<[], { state: string }>("SELECT state FROM outbox ORDER BY id").all().map((r) => r.state);
    return { db, hs, sender, state };
  }

  it("is given up after repeated refusals while the homeserver works otherwise, so the room's later messages go", async () => {
    const q = queue(() => true);
    // 15 backoffs of 0.5 s doubling to 30 s, each ±25 %: 226 to 377 s in all.
    await vi.advanceTimersByTimeAsync(220_000);
    expect(q.hs.posted).toEqual([]); // still trying, and the later messages wait in order
    await vi.advanceTimersByTimeAsync(160_000);
    expect(q.hs.refused()).toBe(GIVE_UP_AFTER_SERVER_ERRORS);
    expect(q.hs.posted).toEqual(["Antwort 1", "Antwort 2"]);
    expect(q.state()).toEqual(["failed", "sent", "sent"]);
    await q.sender.stop();
  });

  it("is kept while the homeserver is unreachable: an outage drops nothing", async () => {
    const q = queue(() => false);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(q.hs.refused()).toBeGreaterThan(GIVE_UP_AFTER_SERVER_ERRORS);
    expect(q.state()).toEqual(["pending", "pending", "pending"]);
    await q.sender.stop();
  });
});

describe("a message that waited out rate limits", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse("2026-11-25T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("is not given up on its first 5xx: only 5xx answers count toward giving up", async () => {
    const db = memoryDb();
    const answers = [...Array.from({ length: GIVE_UP_AFTER_SERVER_ERRORS - 1 }, () => 429), 500];
    const posted: string[] = [];
    const transport: Transport = {
      sendEvent(_room, _type, _txn, content) {
        const status = answers.shift();
        if (status === 429) return Promise.reject(Object.assign(new Error("429"), { statusCode: 429, errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 100 }));
        if (status === 500) return Promise.reject(Object.assign(new Error("500"), { statusCode: 500, errcode: "M_UNKNOWN" }));
        posted.push(String(content["body"]));
        return Promise.resolve("$sent" as EventId);
      },
      redact: () => Promise.reject(new Error("unused")),
      encrypts: () => Promise.resolve(false),
      upload: () => Promise.reject(new Error("unused")),
    };
    insertOutbox(db, { roomId: ROOM, kind: "message", eventType: "m.room.message", content: { msgtype: "m.notice", body: "Antwort" } }, Date.now());
    const sender = new OutboxSender(db, transport, pino({ level: "silent" }), () => true);
    sender.wake();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(answers).toEqual([]);
    expect(posted).toEqual(["Antwort"]);
    expect(db.prepare("SELECT state FROM outbox").pluck().get()).toBe("sent");
    await sender.stop();
  });
});
