import { describe, expect, it } from "vitest";
import { SyncBatch } from "../../../src/matrix/batch.ts";
import type { IncomingEvent } from "../../../src/matrix/inbox.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";

function commands(from: number, n: number, opts: { historic?: boolean } = {}): IncomingEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    roomId: ROOM,
    historic: opts.historic ?? false,
    event: { event_id: `$c${from + i}`, type: "m.room.message", sender: ANNA, origin_server_ts: Date.parse("2026-11-25T09:00:00Z"), content: { msgtype: "m.text", body: "!status" } },
  }));
}

async function drained(t: ReturnType<typeof setup>): Promise<void> {
  while (t.inbox.pendingCount() > 0) await new Promise((r) => setImmediate(r));
}

describe("storing a sync batch", () => {
  it("answers each command once, in the order they came, also beyond the rows handled inside the batch", async () => {
    const t = setup();
    t.inbox.storeBatch(commands(0, 25));
    const first = t.take();
    expect(first.length).toBeGreaterThan(0); // answered before the drain loop ran
    await drained(t);
    const all = [...first, ...t.take()];
    expect(all.map((s) => s.replyTo)).toEqual(Array.from({ length: 25 }, (_, i) => `$c${i}`));
    t.close();
  });

  it("saves the sync token in the same transaction: if that fails, nothing is kept, and the events go in with the next sync", () => {
    const t = setup();
    const batch = new SyncBatch();
    const saveToken = (token: string, fail = false) => () => {
      t.db.prepare("INSERT INTO kv (key, value) VALUES ('sync_token', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(token);
      if (fail) throw new Error("disk full");
    };
    for (const e of commands(0, 3)) batch.add(e);
    expect(() => batch.flush((events) => t.inbox.storeBatch(events, saveToken("s1", true)))).toThrow("disk full");
    expect(t.count("SELECT COUNT(*) FROM inbox")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM kv WHERE key = 'sync_token'")).toBe(0);
    expect(t.take()).toEqual([]);
    // The SDK has moved past that token, so the homeserver will not send these again: the next
    // sync's batch stores them first, with its own token.
    for (const e of commands(3, 2)) batch.add(e);
    batch.flush((events) => t.inbox.storeBatch(events, saveToken("s2")));
    expect(t.take().map((s) => s.replyTo)).toEqual(["$c0", "$c1", "$c2", "$c3", "$c4"]);
    expect(t.db.prepare("SELECT value FROM kv WHERE key = 'sync_token'").pluck().get()).toBe("s2");
    t.close();
  });

  it("ignores a batch delivered again (the homeserver's sync cache does that)", async () => {
    const t = setup();
    t.inbox.storeBatch(commands(0, 2));
    await drained(t);
    expect(t.take()).toHaveLength(2);
    t.inbox.storeBatch(commands(0, 2));
    await drained(t);
    expect(t.take()).toEqual([]);
    t.close();
  });

  it("keeps history from before the bot joined as seen, without answering it", async () => {
    const t = setup();
    t.inbox.storeBatch([...commands(0, 2, { historic: true }), ...commands(2, 1)]);
    await drained(t);
    expect(t.take().map((s) => s.replyTo)).toEqual(["$c2"]);
    expect(t.count("SELECT COUNT(*) FROM inbox WHERE state = 'skipped'")).toBe(2);
    t.close();
  });
});
