// Drives the real dispatcher and scheduler against an in-memory database with a fixed clock, so a
// unit test reads like a conversation: send a command, read the bot's reply.
import { pino } from "pino";
import { families } from "../../commands/index.ts";
import type { Config } from "../../src/config.ts";
import type { RoomId, UserId } from "../../src/ids.ts";
import type { Clock } from "../../src/pipeline/context.ts";
import { Inbox } from "../../src/matrix/inbox.ts";
import { Dispatcher } from "../../src/pipeline/dispatch.ts";
import type { RuntimeInfo } from "../../src/pipeline/family.ts";
import { Registry } from "../../src/pipeline/registry.ts";
import { Scheduler } from "../../src/schedule/scheduler.ts";
import { RoomSafety } from "../../src/rooms/policy.ts";
import { RoomSafetyTracker } from "../../src/rooms/tracker.ts";
import { memoryDb, testConfig } from "./db.ts";

export const ROOM = "!room:stadt.example" as RoomId;
export const BOT = "@lagebot:stadt.example" as UserId;

export interface Sent {
  id: number;
  roomId: string;
  kind: string;
  content: Record<string, unknown>;
  body: string;
  html: string;
  msgtype: string | undefined;
  replyTo: string | undefined;
  mentions: string[];
  file: Buffer | null;
}

/** A string field of loosely typed JSON, or the fallback. */
const textOr = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

export class FakeClock implements Clock {
  t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export function setup(opts: { now?: string; config?: Record<string, unknown>; runtime?: Partial<RuntimeInfo> } = {}) {
  const db = memoryDb();
  const config: Config = testConfig(opts.config ?? {});
  const clock = new FakeClock(opts.now ?? "2026-11-25T09:00:00Z");
  const runtime = (): RuntimeInfo => ({
    version: "test", startedAt: new Date(clock.t), encryption: { enabled: false, why: "config" }, rooms: [ROOM],
    syncAgeMs: 0, outbox: { pending: 0, failed: 0, retrying: 0 }, decryptionFailures: 0, lastDecryptionFailure: null,
    ...opts.runtime,
  });
  const log = pino({ level: "silent" });
  const registry = new Registry(families);
  const roomSafety = new RoomSafety(db, config, BOT);
  const env = { db, config, clock, runtime, roomSafety };
  const dispatcher = new Dispatcher({ ...env, registry, bot: { userId: BOT, displayName: "Lagebot" }, log });
  const scheduler = new Scheduler({ ...env, registry, log, afterFire: () => {} });
  const inbox = new Inbox(db, { botUserId: BOT, keyWaitMs: null, serves: () => true, dispatcher, log, afterHandle: () => {}, now: () => clock.t });
  /** What GET /state answers for every room (set it before `rooms.readRoom`; a promise answers when it settles). */
  const homeserver: { state: unknown[] | Promise<unknown[]> } = { state: [] };
  const rooms = new RoomSafetyTracker({
    db, config, safety: roomSafety, serves: () => true, fetchState: () => Promise.resolve(homeserver.state), log, now: () => clock.t, queued: () => {}, botUserId: BOT,
  });
  let seq = 0;
  let lastOutbox = 0;

  const newRows = db.prepare<[number], { id: number; room_id: string; kind: string; content: string; file: Buffer | null }>(
    "SELECT id, room_id, kind, content, file FROM outbox WHERE id > ? ORDER BY id",
  );
  function take(): Sent[] {
    const rows = newRows.all(lastOutbox);
    lastOutbox = rows.at(-1)?.id ?? lastOutbox;
    return rows.map((r) => {
      const content = JSON.parse(r.content) as Record<string, unknown>;
      const rel = content["m.relates_to"] as { "m.in_reply_to"?: { event_id: string } } | undefined;
      const mentions = (content["m.mentions"] as { user_ids?: string[] } | undefined)?.user_ids ?? [];
      return {
        id: r.id, roomId: r.room_id, kind: r.kind, content, file: r.file,
        body: textOr(content["body"], ""), html: textOr(content["formatted_body"], ""),
        msgtype: content["msgtype"] as string | undefined, replyTo: rel?.["m.in_reply_to"]?.event_id, mentions,
      };
    });
  }

  /** Sends a raw event as if it came from sync; returns what the bot wrote to its outbox. */
  function event(ev: Record<string, unknown>, roomId: string = ROOM): Sent[] {
    const eventId = (ev["event_id"] as string | undefined) ?? `$e${++seq}`;
    const full: Record<string, unknown> = { origin_server_ts: clock.t, ...ev, event_id: eventId };
    db.prepare("INSERT INTO inbox (event_id, room_id, sender, type, origin_ts, received_at, event, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')").run(
      eventId, roomId, textOr(full["sender"], "?"), textOr(full["type"], "?"), clock.t, clock.t, JSON.stringify(full),
    );
    const row = db.prepare<[string], { seq: number; event_id: string; room_id: string; event: string; origin_ts: number }>("SELECT seq, event_id, room_id, event, origin_ts FROM inbox WHERE event_id = ?").get(eventId);
    if (row) dispatcher.handle(row);
    return take();
  }

  function send(sender: string, body: string, extra: Record<string, unknown> = {}): Sent[] {
    return event({ type: "m.room.message", sender, content: { msgtype: "m.text", body, ...extra } });
  }

  /** The single reply to a command (fails the test if there is not exactly one). */
  function reply(sender: string, body: string): Sent {
    const out = send(sender, body);
    if (out.length !== 1 || !out[0]) throw new Error(`expected one reply to ${JSON.stringify(body)}, got ${out.length}: ${out.map((o) => o.body).join(" | ")}`);
    return out[0];
  }

  /**
   * Hands a raw event to the real inbox, as the sync loop does (it drops what is not worth storing:
   * no string event_id, our own events, other types), and waits until it is handled.
   */
  async function deliver(ev: Record<string, unknown>, roomId: string = ROOM): Promise<Sent[]> {
    inbox.storeBatch([{ roomId: roomId as RoomId, event: ev, historic: false }]);
    while (inbox.pendingCount() > 0) await new Promise((r) => setImmediate(r));
    return take();
  }

  /** Moves the clock and fires whatever fell due. */
  function advance(ms: number): Sent[] {
    clock.advance(ms);
    scheduler.runDue();
    return take();
  }

  const count = (sql: string): number => (db.prepare(sql).pluck().get() as number | undefined) ?? 0;
  /** Stops the inbox's drain loop, then closes the database. */
  function close(): void {
    inbox.stop();
    db.close();
  }

  return { db, config, clock, inbox, send, reply, event, deliver, take, advance, count, scheduler, close, roomSafety, rooms, homeserver };
}
