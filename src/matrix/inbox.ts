// Every relevant incoming event is stored by event_id before anything acts on it; a drain loop then
// hands pending rows to the dispatcher in arrival order. Replays of the same event are ignored.
//
// A sync batch is stored, its sync token saved and its first commands handled in one transaction:
// one disk flush before a reply can leave instead of three (inbox row, token, command), which was
// most of the bot's own latency. A crash before the commit loses nothing: the homeserver sends the
// batch again from the old token, and commands and their replies commit together or not at all.
import type { Logger } from "pino";
import type { Database } from "../db/open.ts";
import { asRoomId } from "../ids.ts";
import type { RoomId, UserId } from "../ids.ts";
import { INBOX_TYPES } from "./events.ts";
import type { Dispatcher } from "../pipeline/dispatch.ts";
import { inboxHas, insertInbox, nextPending, pendingCount, stopWaiting, storeDecrypted, waitingCount, waitingRows } from "../store/inbox.ts";
import type { InboxRow } from "../store/inbox.ts";

export interface IncomingEvent {
  roomId: RoomId;
  event: Record<string, unknown>;
  /** Before the bot joined, or in the very first sync: kept as seen, never handled. */
  historic: boolean;
}

export interface WaitingRow {
  seq: number;
  roomId: RoomId;
  event: Record<string, unknown>;
  waitUntil: number;
}

/** At most this many rows are handled inside a batch's transaction; the drain loop takes the rest. */
const INLINE_ROWS = 20;

export interface InboxOptions {
  botUserId: UserId;
  /** How long an encrypted event may wait for its room key (ms); null when the bot cannot decrypt at all. */
  keyWaitMs: number | null;
  serves: (room: RoomId) => boolean;
  dispatcher: Dispatcher;
  log: Logger;
  afterHandle: () => void;
  now: () => number;
}

export class Inbox {
  private scheduled = false;
  private stopped = false;
  handled = 0;
  private readonly opts: InboxOptions;
  private readonly db: Database;

  constructor(db: Database, opts: InboxOptions) {
    this.opts = opts;
    this.db = db;
  }

  /**
   * Stores a sync batch and calls `commit` (which saves the sync token) in one transaction, handling
   * up to INLINE_ROWS pending rows in it too, oldest first; the drain loop handles any others.
   */
  storeBatch(events: readonly IncomingEvent[], commit: () => void = () => {}): void {
    const handled = this.db.transaction(() => {
      for (const e of events) this.insertOne(e);
      commit();
      let n = 0;
      for (; n < INLINE_ROWS && !this.stopped; n++) {
        const row = nextPending(this.db);
        if (!row) break;
        this.handleRow(row);
      }
      return n;
    })();
    // After the commit: the outbox must not see rows that could still roll back.
    if (handled > 0) this.opts.afterHandle();
    this.drain();
  }

  private insertOne({ roomId, event, historic }: IncomingEvent): void {
    const id = event["event_id"];
    const type = event["type"];
    const sender = event["sender"];
    if (typeof id !== "string" || typeof type !== "string" || typeof sender !== "string") return;
    if (!INBOX_TYPES.has(type) || sender === this.opts.botUserId || !this.opts.serves(roomId)) return;
    const ts = typeof event["origin_server_ts"] === "number" ? event["origin_server_ts"] : this.opts.now();
    const now = this.opts.now();
    // Still encrypted after the SDK tried: its key may be on the way; it waits instead of being handled.
    const waits = !historic && type === "m.room.encrypted" && this.opts.keyWaitMs !== null;
    const state = historic ? "skipped" : waits ? "waiting" : "pending";
    insertInbox(this.db, {
      eventId: id, roomId, sender, type, originTs: ts, receivedAt: now, event: historic ? "{}" : JSON.stringify(event), state,
      keyWaitUntil: waits ? now + (this.opts.keyWaitMs ?? 0) : null,
    });
  }

  private handleRow(row: InboxRow): void {
    this.opts.dispatcher.handle(row);
    this.handled++;
  }

  known(eventId: string): boolean {
    return inboxHas(this.db, eventId);
  }

  /** Handles pending rows one after another, yielding to the event loop between rows. */
  drain(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      const row = nextPending(this.db);
      if (!row) return;
      this.handleRow(row);
      this.opts.afterHandle();
      this.drain();
    });
  }

  /** Encrypted events waiting for their room key, oldest first. */
  waiting(limit: number): WaitingRow[] {
    return waitingRows(this.db, limit).flatMap((r) => {
      const roomId = asRoomId(r.room_id);
      const event: unknown = JSON.parse(r.event);
      return roomId && typeof event === "object" && event !== null ? [{ seq: r.seq, roomId, event: event as Record<string, unknown>, waitUntil: r.key_wait_until }] : [];
    });
  }

  /** The key came: the decrypted event is handled like any other (once: only a waiting row moves). */
  decrypted(seq: number, event: Record<string, unknown>): boolean {
    const type = typeof event["type"] === "string" ? event["type"] : "m.room.encrypted";
    return storeDecrypted(this.db, seq, type, JSON.stringify(event));
  }

  /** The window ended without a key: handled as undecryptable. */
  expired(seq: number): boolean {
    return stopWaiting(this.db, seq);
  }

  waitingCount(): number {
    return waitingCount(this.db);
  }

  pendingCount(): number {
    return pendingCount(this.db);
  }

  stop(): void {
    this.stopped = true;
  }
}
