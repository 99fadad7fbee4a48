// Fires due rows of the schedule table: one timer to the earliest due row (never more than a minute
// ahead, re-armed by a node-cron tick), each row run by its family's job in a transaction that also
// marks it done; rows of one room due together share one, and their reminders one message. After downtime: rows within catchUpWindow go out late, older ones are summarised.
// The same holds while the homeserver is unreachable: due rows wait, then go out as after a restart.
import cron from "node-cron";
import type { Logger } from "pino";
import { durationMs } from "../config.ts";
import type { RoomId } from "../ids.ts";
import { baseContext, messageContent, namesOf } from "../pipeline/context.ts";
import type { CtxEnv } from "../pipeline/context.ts";
import { PayloadMismatch } from "../pipeline/family.ts";
import type { JobContext } from "../pipeline/family.ts";
import type { Registry } from "../pipeline/registry.ts";
import { insertOutbox } from "../store/outbox.ts";
import { dueRows, finishSchedule, nextDue } from "../store/schedule.ts";
import type { ScheduledRow } from "../store/schedule.ts";
import { schedulerMessages } from "./messages.ts";
import { combined, groupsDueTogether, holdingBundlePosts } from "./bundle.ts";
import type { HeldPost } from "./bundle.ts";

const MAX_TIMER_MS = 60_000;
/** While the homeserver is unreachable, how often to look again (the bot also wakes us on recovery). */
const OFFLINE_RECHECK_MS = 5_000;

export interface SchedulerOptions extends CtxEnv {
  registry: Registry;
  log: Logger;
  afterFire: () => void;
  /**
   * Whether the homeserver is reachable. While it is not, due posts wait instead of queueing unmarked
   * behind the outage; once it is back they go out marked late (or summarised), as after a restart.
   */
  online?: () => boolean;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private tick: ReturnType<typeof cron.schedule> | null = null;
  private stopped = false;
  /** Due rows are waiting for the homeserver to come back. */
  private held = false;
  private readonly o: SchedulerOptions;
  /** Delay of the last fired row after its due time, for metrics and !status. */
  lastLagMs = 0;
  fired = 0;

  constructor(o: SchedulerOptions) {
    this.o = o;
  }

  /** Handles what fell due while the bot was down, then arms the timer. */
  start(): void {
    this.catchUp();
    this.tick = cron.schedule("* * * * *", () => this.wake(), { timezone: this.o.config.timezone });
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    void this.tick?.stop();
  }

  /** Re-arms the timer to the earliest pending row (call after any transaction that may schedule). */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const due = nextDue(this.o.db);
    if (due === null) return;
    const wait = Math.max(this.held ? OFFLINE_RECHECK_MS : 0, Math.min(MAX_TIMER_MS, due - this.o.clock.now().getTime()));
    this.timer = setTimeout(() => this.fireDue(), wait);
  }

  private fireDue(): void {
    this.timer = null;
    if (this.stopped) return;
    this.runDue();
    this.wake();
  }

  /** The homeserver answers again: what waited for it goes out now (late, or summarised). */
  resume(): void {
    if (!this.held || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.fireDue();
  }

  /** Fires every row due now; returns how many ran. */
  runDue(): number {
    const now = this.o.clock.now().getTime();
    if (this.o.online && !this.o.online()) {
      const due = nextDue(this.o.db);
      if (due !== null && due <= now) this.held = true;
      return 0;
    }
    if (this.held) {
      this.held = false;
      return this.catchUp();
    }
    let n = 0;
    for (let rows = dueRows(this.o.db, now); rows.length > 0; rows = dueRows(this.o.db, now)) {
      for (const group of groupsDueTogether(rows)) this.fire(group, null);
      n += rows.length;
    }
    if (n > 0) this.o.afterFire();
    return n;
  }

  private catchUp(): number {
    const now = this.o.clock.now().getTime();
    let n = 0;
    const windowMs = durationMs(this.o.config.catchUpWindow) ?? 86_400_000;
    const missed = new Map<RoomId, ScheduledRow[]>();
    for (let rows = dueRows(this.o.db, now, 500); rows.length > 0; rows = dueRows(this.o.db, now, 500)) {
      n += rows.length;
      const inWindow: ScheduledRow[] = [];
      for (const row of rows) {
        if (now - row.dueAt <= windowMs) {
          inWindow.push(row);
        } else {
          this.o.db.transaction(() => finishSchedule(this.o.db, row.id, "missed", true, now))();
          missed.set(row.roomId, [...(missed.get(row.roomId) ?? []), row]);
        }
      }
      // A row due moments ago is simply on time; only a real gap is "late".
      for (const group of groupsDueTogether(inWindow)) this.fire(group, (row) => (now - row.dueAt > 5_000 ? new Date(row.dueAt) : null));
    }
    for (const [roomId, rows] of missed) this.postMissedSummary(roomId, rows);
    this.o.afterFire();
    return n;
  }

  /**
   * Runs a group of rows due together in one room, in one transaction: each job in its own savepoint
   * (a failing job is marked missed, the others stand), their reminders as one message.
   */
  private fire(group: readonly ScheduledRow[], lateOf: ((row: ScheduledRow) => Date | null) | null): void {
    const { db, clock } = this.o;
    const now = clock.now().getTime();
    const due = group.filter((row) => now >= row.dueAt); // never early
    const first = due[0];
    if (!first) return;
    const held: HeldPost[] = [];
    try {
      db.transaction(() => {
        for (const row of due) this.runJob(row, lateOf?.(row) ?? null, held, now);
        this.queueHeld(first.roomId, held, now);
      })();
    } catch (e) {
      // Only queueing the held posts can fail here; the jobs' own failures are caught per savepoint.
      this.o.log.error({ err: e, roomId: first.roomId, rows: due.length }, "scheduled posts could not be queued; marked missed");
      db.transaction(() => {
        for (const row of due) finishSchedule(db, row.id, "missed", false, now);
      })();
    }
  }

  private runJob(row: ScheduledRow, lateSince: Date | null, held: HeldPost[], now: number): void {
    const { db, registry, log } = this.o;
    const job = registry.job(row.job);
    const heldBefore = held.length;
    try {
      db.transaction(() => {
        // Marked done first, so a job that cancels its own ref (e.g. a reminder series) stays "done".
        finishSchedule(db, row.id, "done", lateSince !== null, now);
        if (job) {
          const sensitive = this.sensitivity(row);
          const ctx: JobContext = { ...baseContext(this.o, { userId: "bot", agency: null, roomId: row.roomId, eventId: null, sensitive }), roomId: row.roomId, lateSince };
          job(holdingBundlePosts(ctx, held, sensitive), row.payload);
        } else {
          log.warn({ job: row.job, scheduleId: row.id }, "no handler for scheduled job; dropped");
        }
      })();
      this.fired++;
      this.lastLagMs = now - row.dueAt;
    } catch (e) {
      held.length = heldBefore; // its savepoint is rolled back; so are the posts it held
      // A stored payload its job's schema rejects (written by an older version, or a bug): named by path, never by value.
      if (e instanceof PayloadMismatch) log.error({ job: row.job, scheduleId: row.id, issues: e.issues.map((i) => ({ path: i.path.join("."), code: i.code })) }, "scheduled job's payload does not match its schema; marked missed");
      else log.error({ err: e, job: row.job, scheduleId: row.id }, "scheduled job failed; marked missed");
      db.transaction(() => finishSchedule(db, row.id, "missed", false, now))();
    }
  }

  /** One held reminder goes out as it is; several as one message (schedule/bundle.ts). */
  private queueHeld(roomId: RoomId, held: readonly HeldPost[], now: number): void {
    if (held.length === 0) return;
    const post = held.length === 1 && held[0] ? held[0] : combined(held);
    insertOutbox(this.o.db, { roomId, kind: "message", eventType: "m.room.message", content: messageContent(post.message, { notify: post.notify }, namesOf(this.o.db, roomId)), ref: null, sensitive: post.sensitive }, now);
  }

  /** A sensitive family's post: what it is (its label, e.g. "Erinnerung OP-3 (1 Std. vorher)"), else null. */
  private sensitivity(row: ScheduledRow): string | null {
    const family = this.o.registry.jobFamily(row.job);
    const what = family ? this.o.registry.sensitivity(family, null, this.o.config.language) : null;
    const label = row.payload["label"];
    return what !== null && typeof label === "string" && label.length > 0 ? label : what;
  }

  private postMissedSummary(roomId: RoomId, rows: ScheduledRow[]): void {
    const { db, config } = this.o;
    db.transaction(() => {
      const ctx = baseContext(this.o, { userId: "bot", agency: null, roomId, eventId: null });
      ctx.post(roomId, schedulerMessages[config.language].missed(rows, config.timezone));
    })();
  }
}
