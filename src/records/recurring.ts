// Recurring work as durable schedule rows: the daily retention run and the optional weekly picture.
// Each run schedules its successor in its own transaction; start-up makes sure exactly one row of
// each is pending (none after a crash between runs, none twice, none for a changed weekly time).
import { DateTime } from "luxon";
import type { Config } from "../config.ts";
import { durationMs } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import type { Clock } from "../pipeline/context.ts";
import { cancelSchedule, insertSchedule, pendingByRef } from "../store/schedule.ts";

export const RETENTION = { job: "audit.retention", ref: "records:retention" } as const;
export const WEEKLY_PICTURE = { job: "picture.weekly", ref: "picture:weekly" } as const;

/** Retention runs at night, when nobody is planning. */
const RETENTION_TIME = "03:15";
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const LABELS = {
  retention: { de: "Löschlauf nach Aufbewahrungsfristen", en: "retention run" },
  weekly: { de: "Wöchentliches Lagebild", en: "weekly situation picture" },
};

function at(local: DateTime, time: string): DateTime {
  const [h, m] = time.split(":").map(Number);
  return local.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
}

/** The next `time` ("03:15") in the zone strictly after `now`. */
export function nextDaily(now: Date, zone: string, time: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  let next = at(local, time);
  if (next <= local) next = at(local.plus({ days: 1 }), time);
  return next.toJSDate();
}

/** The next weekday at `time` in the zone strictly after `now`. */
export function nextWeekly(now: Date, zone: string, weekday: Weekday, time: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  const ahead = (WEEKDAYS.indexOf(weekday) + 1 - local.weekday + 7) % 7;
  let next = at(local.plus({ days: ahead }), time);
  if (next <= local) next = at(local.plus({ days: ahead + 7 }), time);
  return next.toJSDate();
}

/** The room a recurring row is filed under: it posts into every served room, or (retention) none. */
const homeRoom = (rooms: readonly RoomId[]): RoomId => rooms[0] ?? ("!lagebot-records" as RoomId);

export function retentionRow(config: Config, now: Date, rooms: readonly RoomId[]) {
  return {
    job: RETENTION.job, roomId: homeRoom(rooms), dueAt: nextDaily(now, config.timezone, RETENTION_TIME).getTime(), ref: RETENTION.ref,
    payload: { label: LABELS.retention[config.language] },
  };
}

/** The next weekly picture row, or null when the config has none. */
export function weeklyRow(config: Config, now: Date, rooms: readonly RoomId[]) {
  const w = config.situation.weekly;
  if (!w) return null;
  return {
    job: WEEKLY_PICTURE.job, roomId: homeRoom(rooms), dueAt: nextWeekly(now, config.timezone, w.weekday, w.time).getTime(), ref: WEEKLY_PICTURE.ref,
    payload: { weekday: w.weekday, time: w.time, label: LABELS.weekly[config.language] },
  };
}

/**
 * At start-up, before the scheduler catches up: keeps a single pending row of each recurring job
 * that catch-up will still run, and replaces anything else. A retention run that is missing or too
 * old runs right away; a weekly picture that is too old is skipped for the next one.
 */
export function ensureRecurring(env: { db: Database; config: Config; clock: Clock }, rooms: readonly RoomId[]): void {
  const { db, config } = env;
  const now = env.clock.now();
  const window = durationMs(config.catchUpWindow) ?? 86_400_000;
  const fresh = (dueAt: number) => now.getTime() - dueAt <= window;
  db.transaction(() => {
    const retention = pendingByRef(db, RETENTION.ref);
    const keep = retention.length === 1 && retention[0] !== undefined && fresh(retention[0].dueAt);
    if (!keep) {
      cancelSchedule(db, RETENTION.ref, now.getTime());
      insertSchedule(db, { ...retentionRow(config, now, rooms), dueAt: now.getTime() }, now.getTime());
    }
    const weekly = pendingByRef(db, WEEKLY_PICTURE.ref);
    const next = weeklyRow(config, now, rooms);
    const same = weekly.length === 1 && weekly[0] !== undefined && next !== null &&
      weekly[0].payload["weekday"] === next.payload.weekday && weekly[0].payload["time"] === next.payload.time && fresh(weekly[0].dueAt);
    if (!same) {
      cancelSchedule(db, WEEKLY_PICTURE.ref, now.getTime());
      if (next) insertSchedule(db, next, now.getTime());
    }
  })();
}
