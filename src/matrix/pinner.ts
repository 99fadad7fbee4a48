// Pins and unpins the live situation cards (pinned_picture, 013) in m.room.pinned_events: a state
// event carrying only event IDs, so it goes out in clear also in encrypted rooms; the card and its
// edits take the outbox. The list is read right before it is written, so other people's pins stay.
// A refusal (403, or too low a level) is recorded for the picture family's job, which says so.
import type { Logger } from "pino";
import { z } from "zod";
import type { Database } from "../db/open.ts";
import { asEventId } from "../ids.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { PIN_JOB, dropPinned, markPinned, pinRef, pinWaiting, pinWork, setPinState } from "../store/pinned-picture.ts";
import type { PinnedPicture } from "../store/pinned-picture.ts";
import { cancelSchedule, insertSchedule } from "../store/schedule.ts";
import type { Requester } from "./delayed-events.ts";
import { describeError, errcodeOf, httpStatus } from "./errors.ts";
import { PINNED_EVENTS, pinLevels } from "./pin-levels.ts";

const enc = encodeURIComponent;
// Entries that are not event IDs (a client's mistake) are left out rather than written back.
const pinnedList = z.object({ pinned: z.array(z.unknown()).catch([]) }).catch({ pinned: [] });
const POLL_MS = 1_000;
const RETRY_MS = 10_000;

export interface PinnerOptions {
  db: Database;
  request: Requester;
  bot: UserId;
  log: Logger;
  now: () => number;
  /** A job was queued (wake the scheduler). */
  queued: () => void;
}

export class Pinner {
  private readonly o: PinnerOptions;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  /** Rooms whose last attempt failed for a passing reason, and when to try again. */
  private readonly retryAt = new Map<RoomId, number>();

  constructor(o: PinnerOptions) {
    this.o = o;
  }

  /** Something may be waiting to be pinned or unpinned: look until nothing is. */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      for (const row of pinWork(this.o.db)) {
        if (this.stopping) return;
        if ((this.retryAt.get(row.roomId) ?? 0) > this.o.now()) continue;
        await this.work(row);
      }
      if (this.stopping || !(this.woken() || pinWaiting(this.o.db))) return;
      // The card may still be on its way out: its event ID is needed before it can be pinned.
      if (!this.woken()) await new Promise<void>((r) => (this.timer = setTimeout(r, POLL_MS)));
    }
  }

  /** Woken while it ran (a method, so the compiler does not take the flag for constant within the loop). */
  private woken(): boolean {
    return this.again;
  }

  private async work(row: PinnedPicture): Promise<void> {
    const { db, log, now } = this.o;
    try {
      const card = row.cardEvent;
      if (row.state === "unpinning") {
        if (card) await this.change(row.roomId, (ids) => ids.filter((id) => id !== card && id !== row.replacesEvent));
        dropPinned(db, row.roomId);
      } else if (card) {
        await this.change(row.roomId, (ids) => [...ids.filter((id) => id !== card && id !== row.replacesEvent), card]);
        markPinned(db, row.roomId, row.cardOutboxId, now());
      }
      this.retryAt.delete(row.roomId);
    } catch (e) {
      if (httpStatus(e) === 403 || errcodeOf(e) === "M_FORBIDDEN") {
        const needed = await this.neededLevel(row.roomId);
        db.transaction(() => {
          setPinState(db, row.roomId, "refused", now(), needed);
          // The job says so in the room now, not at its next refresh.
          cancelSchedule(db, pinRef(row.roomId), now());
          insertSchedule(db, { job: PIN_JOB, roomId: row.roomId, dueAt: now(), ref: pinRef(row.roomId), payload: {} }, now());
        })();
        this.o.queued();
        log.warn({ roomId: row.roomId }, "homeserver refused to change the room's pinned events");
        return;
      }
      this.retryAt.set(row.roomId, now() + RETRY_MS);
      log.warn({ roomId: row.roomId, reason: describeError(e) }, "could not change the room's pinned events; trying again");
    }
  }

  /** Reads the pinned list, changes it, writes it back (a room without one has none pinned). */
  private async change(roomId: RoomId, f: (ids: EventId[]) => EventId[]): Promise<void> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(PINNED_EVENTS)}/`;
    let current: EventId[] = [];
    try {
      const res: unknown = await this.o.request("GET", path);
      current = pinnedList.parse(res).pinned.flatMap((x) => {
        const id = typeof x === "string" ? asEventId(x) : null;
        return id ? [id] : [];
      });
    } catch (e) {
      if (errcodeOf(e) !== "M_NOT_FOUND") throw e;
    }
    const next = f(current);
    if (next.length === current.length && next.every((id, i) => id === current[i])) return;
    await this.o.request("PUT", path, null, { pinned: next });
  }

  private async neededLevel(roomId: RoomId): Promise<number> {
    try {
      const content: unknown = await this.o.request("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.power_levels/`);
      return pinLevels(typeof content === "object" && content !== null ? (content as Record<string, unknown>) : null, this.o.bot).needed;
    } catch {
      return 50;
    }
  }
}
