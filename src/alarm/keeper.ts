// The bot-down alarm: one delayed message per served room, due `alarm.after` ahead, replaced by a fresh
// one every third of that while the bot is healthy. A crash or hang stops the replacing and the
// homeserver posts it; a clean shutdown cancels them. Replaced rather than restarted, because the text
// names the last moment the bot was alive, and a fresh encryption reaches members who joined since.
//
// Encrypted rooms get the event encrypted before it is handed to the homeserver (the outbox's own
// decision, Connection.seal); with crypto off such rooms get no alarm and !status says how many. Limit:
// the ciphertext uses the megolm session of the moment it was written; members whose devices got that
// session (all members at that time) can read it, devices added in the last third of `after` cannot.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { alarmAfterMs } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import type { DelayedEvents } from "../matrix/delayed-events.ts";
import { EncryptionUnavailable } from "../matrix/encryption.ts";
import { describeError } from "../matrix/errors.ts";
import type { Sealer } from "../matrix/transport.ts";
import type { Rich } from "../render/rich.ts";
import { armedAlarms, caughtUpSince, saveAlarmState, saveArmedAlarms } from "../store/alarm.ts";
import type { AlarmState } from "../store/alarm.ts";
import { RETENTION } from "../records/recurring.ts";
import { GREET_JOB, REPORT_JOB } from "../rooms/tracker.ts";
import { PIN_JOB } from "../store/pinned-picture.ts";

/** The bot's own jobs, not reminders or posts people wait for: "Nachgeholt" does not count them. */
const NOT_CAUGHT_UP = [RETENTION.job, GREET_JOB, REPORT_JOB, PIN_JOB] as const;
import { formatTime } from "../time/format.ts";
import { alarmMessages } from "./messages.ts";

export interface AlarmDeps {
  db: Database;
  config: Config;
  api: DelayedEvents;
  seal: Sealer;
  /** The rooms served now. */
  rooms: () => readonly RoomId[];
  /** The bot works (its line to the homeserver answers); the alarm is only put off while it does. */
  healthy: () => boolean;
  now: () => number;
  log: Logger;
  /** The content of a message that reaches people (m.text), as the outbox would send it. */
  content: (message: Rich) => Record<string, unknown>;
  /** Queues a message through the outbox. */
  post: (roomId: RoomId, message: Rich) => void;
}

// Delayed events of the bot's account of these types in a served room are the alarm's (plain or encrypted).
const ALARM_TYPES = new Set(["m.room.message", "m.room.encrypted"]);

export class AlarmKeeper {
  private readonly d: AlarmDeps;
  private readonly afterMs: number;
  private armed = new Map<RoomId, { delayId: string; dueAt: number }>();
  /** Replaced alarms whose cancel failed: tried again on the next round and at shutdown. */
  private orphans: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;
  private started = false;

  constructor(deps: AlarmDeps) {
    this.d = deps;
    this.afterMs = alarmAfterMs(deps.config);
  }

  /** Feature detection, clean-up of the last run (and its "back" message if its alarm went out), then arming. */
  async start(): Promise<void> {
    const { db, config, api, log } = this.d;
    if (this.stopped) return;
    saveAlarmState(db, null);
    const support = await api.detect();
    if (!support.supported) {
      this.off({ on: false, why: "server" }, "bot-down alarm off: the homeserver has no delayed events (MSC4140)");
      return;
    }
    await this.cleanUp();
    if (this.halted()) return;
    if (!config.alarm.enabled) {
      this.off({ on: false, why: "config" }, "bot-down alarm off in the config");
      return;
    }
    if (support.maxDelayMs !== null && support.maxDelayMs < this.afterMs) {
      this.off({ on: false, why: "limit", maxMs: support.maxDelayMs }, "bot-down alarm off: alarm.after exceeds the homeserver's max_event_delay_duration");
      return;
    }
    this.started = true;
    await this.runRound();
    log.info({ rooms: this.armed.size, afterMs: this.afterMs }, "bot-down alarm armed");
    if (!this.halted()) this.timer = setInterval(() => void this.runRound(), Math.max(1_000, Math.floor(this.afterMs / 3))).unref();
  }

  /** Clean shutdown: no alarm is to go out. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    if (!this.started) return;
    await Promise.all(
      [...this.armed].map(async ([room, a]) => {
        try {
          await this.d.api.cancel(a.delayId);
          this.armed.delete(room);
        } catch (e) {
          this.d.log.warn({ roomId: room, reason: describeError(e) }, "could not cancel the bot-down alarm; it will go out");
        }
      }),
    );
    await this.cancelOrphans();
    this.save();
  }

  private save(): void {
    saveArmedAlarms(this.d.db, Object.fromEntries(this.armed));
  }

  /** Read through a call: stop() may have run while a round awaited the homeserver. */
  private halted(): boolean {
    return this.stopped;
  }

  private off(state: AlarmState, why: string): void {
    saveAlarmState(this.d.db, state);
    this.d.log.info(why);
  }

  /** Cancels what the last run left; a remembered alarm that is gone and was due has been posted: say we are back. */
  private async cleanUp(): Promise<void> {
    const { db, api, log } = this.d;
    const left = armedAlarms(db);
    for (const [room, a] of Object.entries(left)) {
      try {
        await this.retire(room as RoomId, a);
      } catch (e) {
        log.warn({ roomId: room, reason: describeError(e) }, "could not cancel the last run's bot-down alarm");
      }
    }
    saveArmedAlarms(db, {});
    try {
      const served = new Set<string>(this.d.rooms());
      for (const p of await api.list()) if (served.has(p.roomId) && ALARM_TYPES.has(p.type)) await api.cancel(p.delayId);
    } catch (e) {
      log.warn({ reason: describeError(e) }, "could not list or cancel leftover delayed events");
    }
  }

  /** Cancels an alarm; if the homeserver no longer has it and it was due, it went out: post that the bot is back. */
  private async retire(roomId: RoomId, a: { delayId: string; dueAt: number }): Promise<void> {
    if (await this.d.api.cancel(a.delayId)) return;
    const now = this.d.now();
    if (a.dueAt > now) return;
    const { config, db } = this.d;
    const caughtUp = caughtUpSince(db, roomId, a.dueAt - this.afterMs, NOT_CAUGHT_UP);
    this.d.post(roomId, alarmMessages[config.language].back(formatTime(new Date(now), config.timezone), caughtUp));
    this.d.log.info({ roomId, caughtUp }, "bot-down alarm had gone out; posted that the bot is back");
  }

  private runRound(): Promise<void> {
    if (this.round || this.stopped) return this.round ?? Promise.resolve();
    this.round = this.refresh()
      .catch((e: unknown) => this.d.log.warn({ reason: describeError(e) }, "bot-down alarm round failed"))
      .finally(() => (this.round = null));
    return this.round;
  }

  /** One round: a fresh alarm per served room, the one it replaces cancelled. */
  private async refresh(): Promise<void> {
    if (!this.d.healthy()) return;
    const { config, api, log, db } = this.d;
    const rooms = [...this.d.rooms()];
    let encryptedSkipped = 0;
    for (const roomId of rooms) {
      if (this.halted()) return;
      const now = this.d.now();
      const message = alarmMessages[config.language].down(formatTime(new Date(now), config.timezone));
      let sealed: { type: string; content: unknown };
      try {
        sealed = await this.d.seal(roomId, "m.room.message", this.d.content(message));
      } catch (e) {
        // Never plaintext into a room that is or may be encrypted: no alarm there this round.
        if (e instanceof EncryptionUnavailable) encryptedSkipped++;
        else log.warn({ roomId, reason: describeError(e) }, "bot-down alarm not renewed: cannot tell how to send into the room");
        continue;
      }
      let delayId: string;
      try {
        delayId = await api.schedule(roomId, sealed.type, `lagebot.alarm.${now.toString(36)}.${randomBytes(6).toString("base64url")}`, sealed.content, this.afterMs);
      } catch (e) {
        log.warn({ roomId, reason: describeError(e) }, "bot-down alarm not renewed");
        continue;
      }
      const old = this.armed.get(roomId);
      this.armed.set(roomId, { delayId, dueAt: now + this.afterMs });
      this.save();
      if (this.halted()) {
        if (old) this.orphans.push(old.delayId); // stop() cancels what is armed and these
        return;
      }
      if (old) await this.retire(roomId, old).catch(() => this.orphans.push(old.delayId));
    }
    // Rooms the bot no longer serves keep no alarm.
    for (const [room, a] of [...this.armed]) {
      if (rooms.includes(room)) continue;
      this.armed.delete(room);
      await api.cancel(a.delayId).catch(() => this.orphans.push(a.delayId));
    }
    this.save();
    await this.cancelOrphans();
    saveAlarmState(db, { on: true, afterMs: this.afterMs, encryptedSkipped });
  }

  private async cancelOrphans(): Promise<void> {
    const ids = this.orphans;
    this.orphans = [];
    for (const id of ids) await this.d.api.cancel(id).catch(() => this.orphans.push(id));
  }
}
