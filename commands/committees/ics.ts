// The .ics export of one committee: the series as one event with an RRULE, skipped meetings as
// EXDATE, moved ones as overrides (same UID, RECURRENCE-ID = the series' start). A stable UID and
// SEQUENCE let a calendar update its entries on a second import.
import { ICalEventStatus } from "ical-generator";
import type { ICalCalendar } from "ical-generator";
import { DateTime } from "luxon";
import type { BaseContext } from "../../src/pipeline/family.ts";
import type { Committee } from "../../src/store/committees.ts";
import { firstOccurrence, icsRule, keyToLocal } from "../../src/time/recurrence.ts";
import { durationOf, meetings, originalStart } from "../../src/records/meetings.ts";
import { calendarText, newCalendar } from "../../src/render/ics.ts";
import { store } from "./committee.ts";

/** How far ahead a cron series is listed as single events. */
const CRON_DAYS = 183;

export function committeeCalendar(ctx: BaseContext, c: Committee): string {
  const cal = newCalendar(c.name, c.zone);
  addCommittee(ctx, c, cal);
  return calendarText(cal);
}

/** Every committee's meetings, for the personal calendar feed: the same events as each one's file. */
export function addCommittees(ctx: BaseContext, cal: ICalCalendar): void {
  for (const c of store(ctx).all()) addCommittee(ctx, c, cal);
}

/** The committee's meetings as events of `cal`. */
function addCommittee(ctx: BaseContext, c: Committee, cal: ICalCalendar): void {
  const zone = c.zone;
  // Zone-aware values: with a plain Date the library writes UTC digits under the zone's TZID.
  const inZone = (d: Date) => DateTime.fromJSDate(d, { zone });
  const server = ctx.config.homeserverUrl.replace(/^https?:\/\//, "").replace(/[:/].*$/, "");
  const uid = `committee-${c.id}@lagebot.${server}`;
  const common = { summary: c.name, location: c.place, timezone: zone, stamp: c.updatedAt, sequence: c.sequence };
  const dur = durationOf(c);
  const exceptions = store(ctx).exceptions(c.id);

  if (c.rule.kind === "rrule") {
    const first = firstOccurrence(c.rule, zone);
    const rule = icsRule(c.rule);
    if (!first || !rule) return;
    const exdates = exceptions.filter((e) => e.kind === "skipped").map((e) => keyToLocal(e.occurrence, zone).toFormat("yyyyMMdd'T'HHmmss"));
    const repeating = exdates.length ? `${rule}\nEXDATE;TZID=${zone}:${exdates.join(",")}` : rule;
    cal.createEvent({ ...common, id: uid, start: inZone(first.start), end: inZone(new Date(first.start.getTime() + dur)), repeating });
    for (const e of exceptions) {
      if (e.kind !== "moved") continue;
      cal.createEvent({ ...common, id: uid, recurrenceId: inZone(originalStart(e.occurrence, zone)), start: inZone(e.movedTo), end: inZone(new Date(e.movedTo.getTime() + dur)) });
    }
    return;
  }

  // A cron expression has no general RRULE equivalent (e.g. "0 10 1-7 * 2"), so a cron series is
  // exported as its concrete meetings of the next months; skipped ones as cancelled events.
  const now = ctx.now();
  const until = new Date(now.getTime() + CRON_DAYS * 86_400_000);
  const eventUid = (key: string) => `committee-${c.id}-${key}@lagebot.${server}`;
  for (const m of meetings(ctx, c, now, 500, until)) {
    cal.createEvent({ ...common, id: eventUid(m.key), start: inZone(m.start), end: inZone(m.end) });
  }
  for (const e of exceptions) {
    const start = originalStart(e.occurrence, zone);
    if (e.kind !== "skipped" || start < now || start >= until) continue;
    cal.createEvent({ ...common, id: eventUid(e.occurrence), start: inZone(start), end: inZone(new Date(start.getTime() + dur)), status: ICalEventStatus.CANCELLED });
  }
}
