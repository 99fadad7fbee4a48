import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { RoomId, UserId } from "../../../src/ids.ts";
import { Inbox } from "../../../src/matrix/inbox.ts";
import { LateKeys } from "../../../src/matrix/late-keys.ts";
import type { Dispatcher, InboxRow } from "../../../src/pipeline/dispatch.ts";
import { memoryDb } from "../../support/db.ts";

const ROOM = "!lage:stadt.example" as RoomId;
const log = pino({ level: "silent" });

/** An inbox whose dispatcher only records what it was handed. */
function world(keyWaitMs: number | null) {
  const db = memoryDb();
  const handled: Array<{ type: string; event: Record<string, unknown> }> = [];
  const dispatcher = { handle: (row: InboxRow) => {
    const event = JSON.parse(row.event) as Record<string, unknown>;
    handled.push({ type: String(event["type"]), event });
    db.prepare("UPDATE inbox SET state = 'done' WHERE seq = ?").run(row.seq);
    return "ok";
  } } as unknown as Dispatcher;
  let now = 1_000_000;
  const inbox = new Inbox(db, { botUserId: "@bot:stadt.example" as UserId, keyWaitMs, serves: () => true, dispatcher, log, afterHandle: () => {}, now: () => now });
  const encrypted = (id: string) => ({
    event_id: id, sender: "@anna:stadt.example", type: "m.room.encrypted", origin_server_ts: now,
    content: { algorithm: "m.megolm.v1.aes-sha2", session_id: "s", ciphertext: "c", "m.relates_to": { rel_type: "m.annotation", event_id: "$card", key: "✅" } },
  });
  return { db, inbox, handled, encrypted, advance: (ms: number) => (now += ms), now: () => now };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("an encrypted event whose room key comes late", () => {
  it("waits instead of being answered 'cannot decrypt', and runs once when the key arrives", async () => {
    const w = world(600_000);
    let keyThere = false;
    const keys = new LateKeys({
      inbox: w.inbox, log, now: w.now, caughtUp: () => true, onReady: () => w.inbox.drain(),
      decrypt: (_room, ev) => (keyThere ? Promise.resolve({ ...ev, type: "m.reaction", content: {} }) : Promise.reject(new Error("missing key"))),
    });
    w.inbox.storeBatch([{ roomId: ROOM, event: w.encrypted("$e1"), historic: false }]);
    await flush();
    expect(w.handled).toEqual([]);
    keys.trigger();
    await keys.idle();
    expect(w.inbox.waitingCount()).toBe(1);
    keyThere = true;
    keys.trigger();
    keys.trigger(); // a second signal while the first pass runs must not handle it twice
    await keys.idle();
    await flush();
    expect(w.handled.map((h) => h.type)).toEqual(["m.reaction"]);
    keys.trigger();
    await keys.idle();
    await flush();
    expect(w.handled).toHaveLength(1);
  });

  it("is handled as undecryptable when the window ends without a key, once the bot is caught up with the homeserver", async () => {
    const w = world(600_000);
    let caughtUp = true;
    const keys = new LateKeys({ inbox: w.inbox, log, now: w.now, caughtUp: () => caughtUp, onReady: () => w.inbox.drain(), decrypt: () => Promise.reject(new Error("missing key")) });
    w.inbox.storeBatch([{ roomId: ROOM, event: w.encrypted("$e1"), historic: false }]);
    w.advance(599_000);
    const pass = async () => {
      keys.trigger();
      await keys.idle();
      await flush();
    };
    await pass();
    expect(w.handled).toEqual([]);
    // The window is over, but the bot has not synced since it came back (or the line did): its key may be waiting.
    caughtUp = false;
    w.advance(3_600_000);
    await pass();
    expect(w.handled).toEqual([]);
    caughtUp = true;
    await pass();
    expect(w.handled.map((h) => h.type)).toEqual(["m.room.encrypted"]);
  });

  it("is handled at once when the bot cannot decrypt at all (encryption off)", async () => {
    const w = world(null);
    w.inbox.storeBatch([{ roomId: ROOM, event: w.encrypted("$e1"), historic: false }]);
    await flush();
    expect(w.handled.map((h) => h.type)).toEqual(["m.room.encrypted"]);
  });
});
