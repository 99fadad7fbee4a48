// Every relevant incoming event is stored by event_id before anything acts on it; a drain loop then
// hands pending rows to the dispatcher in arrival order. Replays of the same event are ignored.
import type { Logger } from "pino";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { INBOX_TYPES } from "./events.ts";
import type { Dispatcher, InboxRow } from "../pipeline/dispatch.ts";

export interface InboxOptions {
  botUserId: UserId;
  serves: (room: RoomId) => boolean;
  dispatcher: Dispatcher;
  log: Logger;
  afterHandle: () => void;
  now: () => number;
}

export class Inbox {
  private readonly insert;
  private readonly exists;
  private readonly nextPending;
  private readonly countPending;
  private scheduled = false;
  private stopped = false;
  handled = 0;
  private readonly opts: InboxOptions;

  constructor(db: Database, opts: InboxOptions) {
    this.opts = opts;
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO inbox (event_id, room_id, sender, type, origin_ts, received_at, event, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.exists = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM inbox WHERE event_id = ?");
    this.nextPending = db.prepare<[], InboxRow>("SELECT seq, event_id, room_id, event, origin_ts FROM inbox WHERE state = 'pending' ORDER BY seq LIMIT 1");
    this.countPending = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM inbox WHERE state = 'pending'");
  }

  /** Stores one timeline event (synchronously: the sync token is saved after this returns). */
  store(roomId: RoomId, event: Record<string, unknown>, historic: boolean): void {
    const id = event["event_id"];
    const type = event["type"];
    const sender = event["sender"];
    if (typeof id !== "string" || typeof type !== "string" || typeof sender !== "string") return;
    if (!INBOX_TYPES.has(type) || sender === this.opts.botUserId || !this.opts.serves(roomId)) return;
    const ts = typeof event["origin_server_ts"] === "number" ? event["origin_server_ts"] : this.opts.now();
    const res = this.insert.run(id, roomId, sender, type, ts, this.opts.now(), historic ? "{}" : JSON.stringify(event), historic ? "skipped" : "pending");
    if (res.changes > 0 && !historic) this.drain();
  }

  known(eventId: string): boolean {
    return this.exists.get(eventId) !== undefined;
  }

  /** Handles pending rows one after another, yielding to the event loop between rows. */
  drain(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      const row = this.nextPending.get();
      if (!row) return;
      this.opts.dispatcher.handle(row);
      this.handled++;
      this.opts.afterHandle();
      this.drain();
    });
  }

  pendingCount(): number {
    return this.countPending.get()?.n ?? 0;
  }

  stop(): void {
    this.stopped = true;
  }
}
