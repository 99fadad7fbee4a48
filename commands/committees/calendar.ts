// A committee's meetings as people name and read them: the one meant by a date, a meeting already at
// a time, the next free working day to move one to on a holiday, the date (and time, where a day has
// several) that a printed command names a meeting by, and the lines that list meetings with hints.
import { DateTime } from "luxon";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { durationOf, meetingByKey, meetings, holidayOf, remindOffsets } from "../../src/records/meetings.ts";
import type { Meeting } from "../../src/records/meetings.ts";
import { meetingTime } from "../../src/render/committees.ts";
import { concat, lines } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Committee } from "../../src/store/committees.ts";
import { formatDateTime, formatDuration } from "../../src/time/format.ts";
import { holidayOn } from "../../src/time/holidays.ts";
import { series } from "../../src/time/recurrence.ts";
import { wallTime } from "../../src/time/zone.ts";
import { cmMessages } from "./messages.ts";

const store = (ctx: BaseContext) => ctx.store.committees;

type Lookup = { kind: "found"; meeting: Meeting } | { kind: "none" } | { kind: "skipped" } | { kind: "several"; meetings: Meeting[] };

/**
 * The meeting a user means by a local date (and optionally a time): the series' meeting of that day,
 * or a meeting moved to that day.
 */
export function findMeeting(ctx: BaseContext, c: Committee, day: string, at: Date | null): Lookup {
  const from = DateTime.fromISO(day, { zone: c.zone }).startOf("day");
  const a = from.toJSDate();
  const b = from.plus({ days: 1 }).toJSDate();
  const exceptions = new Map(store(ctx).exceptions(c.id).map((e) => [e.occurrence, e]));
  const found = new Map<string, Meeting>();
  let skipped = false;
  for (const o of series(c.rule, c.zone, a, b, 50)) {
    const m = meetingByKey(ctx, c, o.key);
    if (m) found.set(o.key, m);
    else if (exceptions.get(o.key)?.kind === "skipped") skipped = true;
  }
  for (const m of meetings(ctx, c, a, 50, b)) found.set(m.key, m);
  let list = [...found.values()];
  if (at) {
    // A meeting now at that time wins over one moved away from it, so the time named in a printed command is unique.
    const now = list.filter((m) => m.start.getTime() === at.getTime());
    list = now.length ? now : list.filter((m) => m.movedFrom?.getTime() === at.getTime());
  }
  if (list.length === 1 && list[0]) return { kind: "found", meeting: list[0] };
  if (list.length > 1) return { kind: "several", meetings: list };
  return skipped ? { kind: "skipped" } : { kind: "none" };
}

/** Another meeting of the committee (not `exceptKey`) that would overlap one starting at `start`, or null. */
export function occupiedBy(ctx: BaseContext, c: Committee, start: Date, exceptKey: string): Meeting | null {
  const dur = durationOf(c);
  const near = meetings(ctx, c, new Date(start.getTime() - dur + 1), 10, new Date(start.getTime() + dur));
  return near.find((m) => m.key !== exceptKey) ?? null;
}

/** How many days ahead a free working day is looked for (a daily series may have none). */
const SEARCH_DAYS = 60;

/** The next weekday after `m` that is no public holiday and has no meeting then, same local time: a move to suggest. */
function nextWorkingDay(ctx: BaseContext, c: Committee, m: Meeting): Date | null {
  let d = wallTime(m.start, c.zone);
  for (let n = 0; n < SEARCH_DAYS; n++) {
    d = d.plus({ days: 1 });
    if (d.weekday > 5 || holidayOn(d.toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang) !== null) continue;
    if (!occupiedBy(ctx, c, d.toJSDate(), m.key)) return d.toJSDate();
  }
  return null;
}

/** Date and time as typed in a command: "04.06.2026 10:00" / "2026-06-04 10:00". */
export function commandDateTime(ctx: BaseContext, c: Committee, d: Date): string {
  return wallTime(d, c.zone).toFormat(ctx.lang === "de" ? "dd.MM.yyyy HH:mm" : "yyyy-MM-dd HH:mm");
}

/** How a command names this meeting: its date, with the time when the date alone would name another or several. */
export function meetingWords(ctx: BaseContext, c: Committee, m: Meeting): string {
  const day = wallTime(m.start, c.zone);
  const found = findMeeting(ctx, c, day.toFormat("yyyy-MM-dd"), null);
  const date = day.toFormat(ctx.lang === "de" ? "dd.MM.yyyy" : "yyyy-MM-dd");
  return found.kind === "found" && found.meeting.key === m.key ? date : commandDateTime(ctx, c, m.start);
}

/** "Verlegen: … · Ausfallen lassen: …" for a meeting on a holiday, with the next free working day as suggestion. */
export function holidayHint(ctx: BaseContext, c: Committee, m: Meeting): Rich {
  const to = nextWorkingDay(ctx, c, m);
  const msg = ctx.t(cmMessages);
  const words = meetingWords(ctx, c, m);
  return to ? msg.holidayHint(c.slug, words, commandDateTime(ctx, c, to)) : msg.holidaySkipHint(c.slug, words);
}

/** Meetings as lines: time, a move, a holiday with the commands to move or skip it. */
export function meetingLines(ctx: BaseContext, c: Committee, ms: readonly Meeting[]): Rich[] {
  const m = ctx.t(cmMessages);
  return ms.map((mt) => {
    const holiday = holidayOf(ctx, c, mt.start);
    return lines(
      concat(meetingTime(ctx, c, mt), mt.movedFrom ? m.moved(formatDateTime(mt.movedFrom, c.zone, ctx.lang)) : null, holiday ? m.holidayFlag(holiday) : null),
      holiday ? concat("   ", holidayHint(ctx, c, mt)) : null,
    );
  });
}

export function leads(ctx: BaseContext, c: Committee): Rich {
  const offsets = remindOffsets(ctx, c);
  const and = ctx.lang === "de" ? " und " : " and ";
  return ctx.t(cmMessages).leads(formatDuration(c.agendaLead, ctx.lang), offsets.length ? offsets.map((o) => formatDuration(o, ctx.lang)).join(and) : null);
}
