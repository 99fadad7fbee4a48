// A committee's meetings as people name and read them: the one meant by a date, the next working day
// to move one to on a holiday, and the lines that list meetings with their holiday hints.
import { DateTime } from "luxon";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { meetingByKey, meetings, holidayOf, remindOffsets } from "../../src/records/meetings.ts";
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
  if (at) list = list.filter((m) => m.start.getTime() === at.getTime() || m.movedFrom?.getTime() === at.getTime());
  if (list.length === 1 && list[0]) return { kind: "found", meeting: list[0] };
  if (list.length > 1) return { kind: "several", meetings: list };
  return skipped ? { kind: "skipped" } : { kind: "none" };
}

/** The next weekday after `start` that is no public holiday, same local time: a move to suggest. */
function nextWorkingDay(ctx: BaseContext, c: Committee, start: Date): Date {
  let d = wallTime(start, c.zone);
  do d = d.plus({ days: 1 });
  while (d.weekday > 5 || holidayOn(d.toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang) !== null);
  return d.toJSDate();
}

/** Dates as they are typed in a command: "04.06.2026" / "2026-06-04". */
function commandDate(ctx: BaseContext, c: Committee, d: Date): string {
  return wallTime(d, c.zone).toFormat(ctx.lang === "de" ? "dd.MM.yyyy" : "yyyy-MM-dd");
}

/** "Verlegen: … · Ausfallen lassen: …" for a meeting on a holiday, with the next working day as suggestion. */
export function holidayHint(ctx: BaseContext, c: Committee, m: Meeting): Rich {
  const to = nextWorkingDay(ctx, c, m.start);
  const time = wallTime(to, c.zone).toFormat("HH:mm");
  return ctx.t(cmMessages).holidayHint(c.slug, commandDate(ctx, c, m.start), `${commandDate(ctx, c, to)} ${time}`);
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
