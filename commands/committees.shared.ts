// What the committee, agenda and action families share: the effective meetings of a committee (its
// series with skipped and moved meetings applied), and planning the automatic posts of the meetings
// ahead as durable schedule rows.
import { DateTime } from "luxon";
import { z } from "zod";
import type { ArgEnv, BaseContext } from "../src/pipeline/family.ts";
import type { Rich } from "../src/render/rich.ts";
import { CommitteesStore } from "../src/store/committees.ts";
import type { Committee } from "../src/store/committees.ts";
import { formatDate, formatRange } from "../src/time/format.ts";
import { parseDuration } from "../src/time/duration.ts";
import { holidayOn } from "../src/time/holidays.ts";
import { keyToLocal, series } from "../src/time/recurrence.ts";
import { wallTime } from "../src/time/zone.ts";
import { cmMessages } from "./committees.messages.ts";

export const cmStore = (ctx: BaseContext) => new CommitteesStore(ctx.db);

/** The answer to an unknown short name: the known ones, so a typo is easy to see. */
export function unknownCommittee(ctx: BaseContext, slug: string): Rich {
  return cmMessages[ctx.lang].notFound(slug, cmStore(ctx).all().map((c) => c.slug).slice(0, 20));
}

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
export const HOLIDAY_LEAD_MS = 7 * DAY_MS;
const SEARCH_YEARS = 3;

export const durationOf = (c: Committee): number => c.durationMin * 60_000;

/** The series' start of a meeting key as an instant (the first reading on a DST change night). */
export function originalStart(key: string, zone: string): Date {
  return keyToLocal(key, zone).toJSDate();
}

/** Meetings starting in [from, to), skipped ones left out and moved ones at their new time, in order. */
export function meetings(ctx: BaseContext, c: Committee, from: Date, limit: number, to?: Date): Meeting[] {
  const until = to ?? new Date(from.getTime() + SEARCH_YEARS * 365 * DAY_MS);
  const exceptions = cmStore(ctx).exceptions(c.id);
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
  const e = cmStore(ctx).exceptions(c.id).find((x) => x.occurrence === key);
  if (e?.kind === "skipped") return null;
  const start = e?.kind === "moved" ? e.movedTo : originalStart(key, c.zone);
  return { key, start, end: new Date(start.getTime() + durationOf(c)), movedFrom: e?.kind === "moved" ? originalStart(key, c.zone) : null };
}

export type Lookup = { kind: "found"; meeting: Meeting } | { kind: "none" } | { kind: "skipped" } | { kind: "several"; meetings: Meeting[] };

/**
 * The meeting a user means by a local date (and optionally a time): the series' meeting of that day,
 * or a meeting moved to that day.
 */
export function findMeeting(ctx: BaseContext, c: Committee, day: string, at: Date | null): Lookup {
  const from = DateTime.fromISO(day, { zone: c.zone }).startOf("day");
  const a = from.toJSDate();
  const b = from.plus({ days: 1 }).toJSDate();
  const exceptions = new Map(cmStore(ctx).exceptions(c.id).map((e) => [e.occurrence, e]));
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

export function remindOffsets(ctx: BaseContext, c: Committee): string[] {
  return c.remind ?? ctx.config.reminders.meetings;
}

export const holidayOf = (ctx: BaseContext, c: Committee, start: Date): string | null =>
  holidayOn(wallTime(start, c.zone).toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang);

/** The next weekday after `start` that is no public holiday, same local time: a move to suggest. */
export function nextWorkingDay(ctx: BaseContext, c: Committee, start: Date): Date {
  let d = wallTime(start, c.zone);
  do d = d.plus({ days: 1 });
  while (d.weekday > 5 || holidayOn(d.toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang) !== null);
  return d.toJSDate();
}

export const meetingRef = (c: Committee, key: string): string => `cm:${c.id}:${key}`;

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
  const existing = cmStore(ctx).scheduledRefs(c.id);
  const label = (what: string, m: Meeting) => `${c.name}: ${what} ${formatDate(m.start, c.zone, ctx.lang)}`;
  for (const m of meetings(ctx, c, from, 100, new Date(first.end.getTime() + longest + 1))) {
    const base = `${meetingRef(c, m.key)}:${m.start.getTime()}`;
    const payload = { id: c.id, key: m.key, start: m.start.getTime() };
    const posts: Array<{ job: string; due: number; ref: string; extra?: Record<string, unknown>; what: string }> = [
      { job: "committee.agenda", due: m.start.getTime() - lead, ref: `${base}:agenda`, what: ctx.lang === "de" ? "Tagesordnung" : "agenda" },
      ...offsets.map((x) => ({ job: "committee.remind", due: m.start.getTime() - x.ms, ref: `${base}:remind:${x.o}`, extra: { offset: x.o }, what: ctx.lang === "de" ? "Erinnerung" : "reminder" })),
      { job: "committee.close", due: m.end.getTime(), ref: `${base}:close`, what: ctx.lang === "de" ? "Sitzungsende" : "end of meeting" },
    ];
    if (holidayOf(ctx, c, m.start)) posts.push({ job: "committee.holiday", due: m.start.getTime() - HOLIDAY_LEAD_MS, ref: `${base}:holiday`, what: ctx.lang === "de" ? "Feiertagshinweis" : "holiday notice" });
    for (const p of posts) {
      if (p.due <= now.getTime() || existing.has(p.ref)) continue;
      ctx.schedule(p.job, new Date(p.due), { roomId: c.roomId, ref: p.ref, payload: { ...payload, ...p.extra, label: label(p.what, m) } });
    }
  }
}

export function when(ctx: BaseContext, c: Committee, m: Meeting): string {
  return formatRange(m.start, m.end, c.zone, ctx.lang);
}

/** A committee's short name as the first word: lower-case letters, digits and hyphens. */
export function slugWord(env: ArgEnv) {
  return z.array(z.string()).transform((words, issue): { slug: string; rest: string[] } => {
    const first = words[0]?.toLowerCase();
    if (first && /^[a-z0-9][a-z0-9-]{1,31}$/.test(first)) return { slug: first, rest: words.slice(1) };
    issue.addIssue({
      code: "custom",
      message: first
        ? env.lang === "de"
          ? `„${words[0]}“ ist kein gültiges Kürzel für ein Gremium: 2 bis 32 Kleinbuchstaben, Ziffern oder Bindestriche, z. B. verkehr oder ordnungs-ag.`
          : `"${words[0]}" is not a valid committee short name: 2 to 32 lower-case letters, digits or hyphens, e.g. traffic or order-wg.`
        : env.lang === "de"
          ? "Es fehlt das Kürzel des Gremiums, z. B. verkehr."
          : "The committee's short name is missing, e.g. traffic.",
    });
    return z.NEVER;
  });
}

/** `owner=`: a Matrix user ID, or "me"/"ich" for the sender. Membership is checked by the handler. */
export function ownerArg(message: (s: string) => string) {
  return z.string().transform((s, issue): string => {
    const v = s.trim();
    if (/^(me|ich|mir|mich)$/i.test(v)) return "me";
    if (/^@[^:\s]+:[^\s]+$/.test(v)) return v;
    issue.addIssue({ code: "custom", message: message(v) });
    return z.NEVER;
  });
}
