// Encrypted events whose room key had not arrived when they did. Across two agencies' homeservers a
// key often comes a few seconds after its message; such an event waits in the inbox and is tried again
// whenever room keys arrive (and on a slow tick), so the command runs once the key is there. When the
// window ends without a key, the event is handled as undecryptable (the sender is told). Waiting rows
// are in the database, so they survive a restart.
import type { Logger } from "pino";
import type { RoomId } from "../ids.ts";
import type { Inbox } from "./inbox.ts";

/** Rows tried per pass; more wait for the next one. */
const BATCH = 200;
/** Tries without a key signal: catches keys the SDK took in a way we are not told about, and expiry. */
const TICK_MS = 5_000;

export interface LateKeysOptions {
  inbox: Inbox;
  decrypt: (roomId: RoomId, event: Record<string, unknown>) => Promise<Record<string, unknown>>;
  log: Logger;
  now: () => number;
  /**
   * Whether the bot is caught up with the homeserver: a sync completed since it (re)connected. Only
   * then does a row expire; after downtime or an outage its key may be in the first sync.
   */
  caughtUp: () => boolean;
  /** After rows became pending: hand them to the dispatcher. */
  onReady: () => void;
  /** A row decrypted: how long after it arrived (ms). */
  onDecrypted?: (waitedMs: number) => void;
}

export class LateKeys {
  private readonly o: LateKeysOptions;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(o: LateKeysOptions) {
    this.o = o;
  }

  start(): void {
    this.timer = setInterval(() => this.trigger(), TICK_MS);
    this.timer.unref();
    this.trigger();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Room keys arrived (or time passed): try the waiting events again; passes never overlap. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((e: unknown) => this.o.log.error({ err: e }, "retrying events that wait for keys failed"))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  /** Waits for the current pass (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pass(): Promise<void> {
    let ready = 0;
    for (const row of this.o.inbox.waiting(BATCH)) {
      if (this.stopped) break;
      const encrypted = row.event;
      let clear: Record<string, unknown> | null;
      try {
        clear = await this.o.decrypt(row.roomId, encrypted);
      } catch {
        clear = null;
      }
      const eventId = String(encrypted["event_id"]);
      if (clear && this.o.inbox.decrypted(row.seq, clear)) {
        ready++;
        const waited = this.o.now() - (typeof encrypted["origin_server_ts"] === "number" ? encrypted["origin_server_ts"] : this.o.now());
        this.o.onDecrypted?.(waited);
        this.o.log.info({ eventId, roomId: row.roomId, waitedMs: waited }, "room key arrived late; event decrypted");
      } else if (!clear && this.o.now() >= row.waitUntil && this.o.caughtUp() && this.o.inbox.expired(row.seq)) {
        ready++;
        this.o.log.warn({ eventId, roomId: row.roomId }, "no room key within the wait window; event stays unreadable");
      }
    }
    if (ready > 0) this.o.onReady();
  }
}
