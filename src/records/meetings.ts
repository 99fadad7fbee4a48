// The effective meetings of a committee (its series with skipped and moved meetings applied), and
// their automatic posts planned ahead as durable schedule rows. Shared by the committee family (its
// verbs and jobs) and the agenda family (an item goes to the next meeting, whose posts it re-plans).
import type { BaseContext } from "../pipeline/family.ts";
import type { Committee } from "../store/committees.ts";
import { formatDate, formatDuration } from "../time/format.ts";
import { parseDuration } from "../time/duration.ts";
import { holidayOn } from "../time/holidays.ts";
import { keyToLocal, series } from "../time/recurrence.ts";
import { wallTime } from "../time/zone.ts";

const store = (ctx: BaseContext) => ctx.store.committees;

export interface Meeting {
  /** The series' local start "YYYYMMDDTHHmm"; stays the same when the meeting is moved. */
  key: string;
  start: Date;
  end: Date;
  /** The series' start when the meeting was moved. */
  movedFrom: Date | null;
}

const DAY_MS = 86_400_000;
/** How far ahead a meeting on a public holiday is pointed out in the room. */
const HOLIDAY_LEAD_MS = 7 * DAY_MS;
const SEARCH_YEARS = 3;

export const durationOf = (c: Committee): number => c.durationMin * 60_000;

/** The series' start of a meeting key as an instant (the first reading on a DST change night). */
export function originalStart(key: string, zone: string): Date {
  return keyToLocal(key, zone).toJSDate();
}

/** Meetings starting in [from, to), skipped ones left out and moved ones at their new time, in order. */
export function meetings(ctx: BaseContext, c: Committee, from: Date, limit: number, to?: Date): Meeting[] {
  const until = to ?? new Date(from.getTime() + SEARCH_YEARS * 365 * DAY_MS);
  const exceptions = store(ctx).exceptions(c.id);
  const changed = new Set(exceptions.map((e) => e.occurrence));
  const dur = durationOf(c);
  const out: Meeting[] = series(c.rule, c.zone, from, until, limit + exceptions.length)
    .filter((o) => !changed.has(o.key))
    .map((o) => ({ key: o.key, start: o.start, end: new Date(o.start.getTime() + dur), movedFrom: null }));
  for (const e of exceptions) {
    if (e.kind !== "moved" || e.movedTo < from || e.movedTo >= until) continue;
    out.push({ key: e.occurrence, start: e.movedTo, end: new Date(e.movedTo.getTime() + dur), movedFrom: originalStart(e.occurrence, c.zone) });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
}

/** The next meeting not yet begun: the one new agenda items belong to. */
export function nextMeeting(ctx: BaseContext, c: Committee, after = ctx.now()): Meeting | null {
  return meetings(ctx, c, new Date(after.getTime() + 1), 1)[0] ?? null;
}

/** The meeting with this key as it stands now (null when skipped). */
export function meetingByKey(ctx: BaseContext, c: Committee, key: string): Meeting | null {
  const e = store(ctx).exceptions(c.id).find((x) => x.occurrence === key);
  if (e?.kind === "skipped") return null;
  const start = e?.kind === "moved" ? e.movedTo : originalStart(key, c.zone);
  return { key, start, end: new Date(start.getTime() + durationOf(c)), movedFrom: e?.kind === "moved" ? originalStart(key, c.zone) : null };
}

export function remindOffsets(ctx: BaseContext, c: Committee): string[] {
  return c.remind ?? ctx.config.reminders.meetings;
}

export const holidayOf = (ctx: BaseContext, c: Committee, start: Date): string | null =>
  holidayOn(wallTime(start, c.zone).toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang);

export const meetingRef = (c: Committee, key: string): string => `cm:${c.id}:${key}`;
/** The refs of one meeting's posts at its current start: `…:agenda`, `…:remind:<offset>`, `…:close`, `…:holiday`. */
export const meetingPostsRef = (c: Committee, m: Pick<Meeting, "key" | "start">): string => `${meetingRef(c, m.key)}:${m.start.getTime()}`;

/**
 * Schedules the automatic posts of the meetings ahead: agenda, reminders, a holiday warning, and the
 * close at the end (which carries items over and calls this again, so the series keeps itself going).
 * Covers every meeting whose first post falls before the next close. Rows that already exist (by
 * ref, which contains the start) are left alone, so calling this again never posts twice.
 */
export function planAhead(ctx: BaseContext, c: Committee): void {
  const now = ctx.now();
  const lead = parseDuration(c.agendaLead) ?? 3 * DAY_MS;
  const offsets = remindOffsets(ctx, c).map((o) => ({ o, ms: parseDuration(o) })).filter((x): x is { o: string; ms: number } => x.ms !== null);
  const longest = Math.max(lead, HOLIDAY_LEAD_MS, ...offsets.map((x) => x.ms));
  const from = new Date(now.getTime() - durationOf(c));
  const first = meetings(ctx, c, from, 1)[0];
  if (!first) return;
  const existing = store(ctx).scheduledRefs(c.id);
  const label = (what: string, m: Meeting) => `${c.name}: ${what} ${formatDate(m.start, c.zone, ctx.lang)}`;
  for (const m of meetings(ctx, c, from, 100, new Date(first.end.getTime() + longest + 1))) {
    const base = meetingPostsRef(c, m);
    const payload = { id: c.id, key: m.key, start: m.start.getTime() };
    // A meeting created or moved inside its agenda lead time gets its agenda at once rather than
    // never; a reminder or holiday notice whose time has passed is left out (a later one follows).
    const ahead = m.start.getTime() > now.getTime();
    const agendaDue = ahead ? Math.max(m.start.getTime() - lead, now.getTime()) : m.start.getTime() - lead;
    const posts: Array<{ job: string; due: number; ref: string; extra?: Record<string, unknown>; what: string; atOnce?: boolean }> = [
      { job: "committee.agenda", due: agendaDue, ref: `${base}:agenda`, what: ctx.lang === "de" ? "Tagesordnung" : "agenda", atOnce: ahead },
      ...offsets.map((x) => ({ job: "committee.remind", due: m.start.getTime() - x.ms, ref: `${base}:remind:${x.o}`, extra: { offset: x.o }, what: ctx.lang === "de" ? `Erinnerung (${formatDuration(x.o, "de")} vorher)` : `reminder (${formatDuration(x.o, "en")} before)` })),
      { job: "committee.close", due: m.end.getTime(), ref: `${base}:close`, what: ctx.lang === "de" ? "Sitzungsende" : "end of meeting" },
    ];
    if (holidayOf(ctx, c, m.start)) posts.push({ job: "committee.holiday", due: m.start.getTime() - HOLIDAY_LEAD_MS, ref: `${base}:holiday`, what: ctx.lang === "de" ? "Feiertagshinweis" : "holiday notice" });
    for (const p of posts) {
      if ((p.due <= now.getTime() && !(p.atOnce && p.due === now.getTime())) || existing.has(p.ref)) continue;
      ctx.schedule(p.job, new Date(p.due), { roomId: c.roomId, ref: p.ref, payload: { ...payload, ...p.extra, label: label(p.what, m) } });
    }
  }
}
