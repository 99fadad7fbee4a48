// Reads dates and times in the configured zone, German and English alike (staff mix both). chrono
// does the language; luxon does the zone. chrono only knows fixed offsets, so we take its local
// components and build the instant in the IANA zone ourselves, with DST gap/overlap detection.
// The whole input must be a date: trailing words are an error rather than silently dropped.
// Phrases chrono does not know ("morgen früh", "Heiligabend", "nächsten Freitag") are rewritten
// first (phrases.ts); how an ambiguous one was read goes to `env.note`.
// Only the two locales we read: chrono's index loads all of its dozen (about 10 MB more resident).
import * as de from "chrono-node/de";
import * as en from "chrono-node/en";
import type { ParsedResult, ParsingOption } from "chrono-node";
import { DateTime } from "luxon";
import type { DateError, Result, TimeEnv } from "./types.ts";
import { localToInstant, wallTime } from "./zone.ts";
import { rewritePhrases, splitTimeRange } from "./phrases.ts";
import type { PhraseMode } from "./phrases.ts";
import type { ReadingNote } from "./types.ts";

export type { DateError, Lang, ReadingNote, Result, TimeEnv } from "./types.ts";
export { localToInstant } from "./zone.ts";

// chrono maps CET to +02:00 in summer; a written abbreviation is an explicit offset, so pin them.
const OPTIONS: ParsingOption = { forwardDate: true, timezones: { MEZ: 60, MESZ: 120, CET: 60, CEST: 120 } };
const MAX_INPUT = 80;
const pad = (n: number): string => String(n).padStart(2, "0");

/** What the input said, before it meets a calendar. */
type Reading =
  | { kind: "instant"; at: Date } // explicit offset, "in 3 Stunden", "jetzt"
  | { kind: "wall"; date: string; time: string | null; dated: boolean; weekdayOnly: boolean; note: ReadingNote | null };

const fail = (error: DateError): { ok: false; error: DateError } => ({ ok: false, error });

/**
 * Rewrites what chrono reads differently or not at all: German numeric dates become ISO (en would
 * read 05.12. as May 12, and "05.12." without a year is unknown to both), "20.30 Uhr" becomes
 * "20:30 Uhr", "Fr., 20 Uhr" loses its punctuation, "(+01:00)" its parentheses. Null when a
 * written date does not exist or the input is too long to be a date.
 */
function normalize(input: string, today: DateTime, lean: Lean): string | null {
  if (input.length > 2 * MAX_INPUT) return null;
  let invalidDates = 0;
  const s = input
    .trim()
    .replace(/\s+/g, " ")
    .replace(/ ?, ?/g, " ")
    .replace(/(^| )(mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\.(?= |$)/gi, "$1$2")
    // chrono knows "am Freitag" but not "am 05.12.".
    .replace(/^(am|on) (?=\d)/i, "")
    .replace(/(^| )(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?= |$)/g, (_m, lead: string, d: string, m: string, y: string | undefined) => {
      const day = Number(d);
      const month = Number(m);
      const at = (year: number) => DateTime.fromObject({ year, month, day }, { zone: today.zone });
      // Without a year: the next such date on or after today (a past period: the last on or before it).
      let dt = y === undefined ? at(today.year) : at(y.length === 2 ? 2000 + Number(y) : Number(y));
      if (y === undefined && dt.isValid && lean === "future" && dt < today) dt = at(today.year + 1);
      if (y === undefined && dt.isValid && lean === "past" && dt > today) dt = at(today.year - 1);
      if (!dt.isValid) invalidDates++;
      return `${lead}${dt.isValid ? dt.toFormat("yyyy-MM-dd") : "invalid"}`;
    })
    .replace(/(^| )([01]?\d|2[0-3])\.([0-5]\d) ?(uhr)$/i, "$1$2:$3 $4")
    // Our own echo writes the offset of a doubled hour in parentheses: "02:30 (+01:00)".
    .replace(/ ?\(([+-]\d{2}:?\d{2}|z|mez|mesz|cet|cest)\)$/i, " $1");
  return invalidDates > 0 || !s || s.length > MAX_INPUT ? null : s;
}

/** chrono's reference is the zone's wall time of `now`, as a Date whose local fields show it. */
function reference(now: Date, zone: string): Date {
  const l = wallTime(now, zone);
  return new Date(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond);
}

/** The one result that covers the whole text, trying German first; slash dates only as German. */
function parseWhole(text: string, ref: Date): ParsedResult | null {
  const parsers = /\d\/\d/.test(text) ? [de] : [de, en];
  for (const p of parsers) {
    const rs = p.parse(text, ref, OPTIONS);
    const r = rs[0];
    if (rs.length === 1 && r && r.index === 0 && r.text.length === text.length) return r.end ? null : r;
  }
  return null;
}

function utcOf(r: ParsedResult): number {
  const c = (k: "year" | "month" | "day" | "hour" | "minute" | "second") => r.start.get(k) ?? 0;
  return Date.UTC(c("year"), c("month") - 1, c("day"), c("hour"), c("minute"), c("second"));
}

/**
 * Which way a date without a year or a bare weekday leans: ahead (due dates, meetings) or back (the
 * period of a record: `!protokoll exportieren von=1.12.` on 10.12. means this 1 December, `von=Montag`
 * the Monday just past).
 */
export type Lean = "future" | "past";

function read(input: string, env: TimeEnv, ref: Date, mode: PhraseMode = "dateTime", lean: Lean = "future"): Reading | null {
  const today = wallTime(env.now, env.zone).startOf("day");
  const phrased = rewritePhrases(input, today, mode);
  const text = normalize(phrased.text, today, lean);
  const r = text === null ? null : parseWhole(text, ref);
  if (!r) return null;
  const s = r.start;
  const tags = r.tags();
  if (tags.has("result/relativeDateAndTime") || tags.has("casualReference/now")) {
    // Elapsed time from now; the difference of wall fields is exact in chrono's offset-free frame.
    const refUtc = Date.UTC(ref.getFullYear(), ref.getMonth(), ref.getDate(), ref.getHours(), ref.getMinutes(), ref.getSeconds());
    return { kind: "instant", at: new Date(env.now.getTime() + utcOf(r) - refUtc) };
  }
  const timed = s.isCertain("hour") || tags.has("casualReference/noon") || tags.has("casualReference/midnight");
  const offset = s.get("timezoneOffset");
  if (s.isCertain("timezoneOffset") && offset !== null && timed) {
    const at = new Date(utcOf(r) - offset * 60_000);
    return Number.isNaN(at.getTime()) ? null : { kind: "instant", at };
  }
  let date = `${s.get("year") ?? 0}-${pad(s.get("month") ?? 0)}-${pad(s.get("day") ?? 0)}`;
  const sec = s.get("second") ?? 0;
  const time = timed ? `${pad(s.get("hour") ?? 0)}:${pad(s.get("minute") ?? 0)}${sec ? `:${pad(sec)}` : ""}` : null;
  const dayGiven = s.isCertain("day") || tags.has("result/relativeDate");
  const dated = dayGiven || s.isCertain("weekday");
  // "Dezember 2026 20 Uhr" names no day; better an error than a guess.
  if (!dated && (s.isCertain("month") || s.isCertain("year"))) return null;
  const weekdayOnly = dated && !dayGiven;
  if (lean === "past") date = leanBack(date, today.toFormat("yyyy-MM-dd"), weekdayOnly, s.isCertain("day") && !s.isCertain("year"));
  return { kind: "wall", date, time, dated, weekdayOnly, note: phrased.note };
}

/** A date chrono put ahead of today, taken back: a weekday to the last such day, a day without a year to last year's. */
function leanBack(date: string, today: string, weekdayOnly: boolean, yearless: boolean): string {
  if (date <= today) return date;
  if (weekdayOnly) {
    let d = date;
    while (d > today) d = shiftDate(d, -7);
    return d;
  }
  return yearless ? DateTime.fromISO(date, { zone: "utc" }).minus({ years: 1 }).toFormat("yyyy-MM-dd") : date;
}

const shiftDate = (date: string, days: number): string => DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toFormat("yyyy-MM-dd");

/**
 * A date and time: "2026-12-05 20:00", "05.12.2026 20:00", "05.12. 20:00", "morgen 20:00",
 * "tomorrow 8pm", "Fr 20 Uhr", "in 2 Tagen 10:00", "in 3 hours", "2026-10-25 02:30+01:00", "20:00",
 * "morgen früh", "Heiligabend 18 Uhr", "nächsten Freitag 20 Uhr" (the Friday of next week; noted).
 */
export function parseDateTime(input: string, env: TimeEnv): Result<Date, DateError> {
  const r = read(input, env, reference(env.now, env.zone));
  if (!r) return fail({ kind: "unparseable", input });
  if (r.kind === "instant") return { ok: true, value: r.at };
  const time = r.time;
  if (time === null) return fail(r.dated ? { kind: "dateOnly", input } : { kind: "unparseable", input });
  let date = r.date;
  // A weekday or a bare time means the next one still ahead (compared as wall time, so a DST gap
  // earlier today does not get in the way).
  if (r.weekdayOnly || !r.dated) {
    const nowWall = wallTime(env.now, env.zone).toFormat("yyyy-MM-dd HH:mm:ss");
    const wall = (d: string) => `${d} ${time}${time.length === 5 ? ":00" : ""}`;
    while (wall(date) <= nowWall) date = shiftDate(date, r.weekdayOnly ? 7 : 1);
  }
  const at = localToInstant(date, time, env.zone, input);
  if (at.ok && r.note) env.note?.(r.note);
  return at;
}

/**
 * An end as read; `nextDay`: a time of day earlier than the start, so taken on the next day;
 * `fromStart`: "morgen"/"übermorgen" counted from the start's day, as counted from today it is not after the start.
 */
export interface EndTime {
  at: Date;
  nextDay: boolean;
  fromStart?: true;
}

// A relative day at the start of an end ("morgen 02:00", "übermorgen früh", "tomorrow 2am").
const RELATIVE_DAY = /^(?:(?:über|ueber)?morgen|tomorrow|day after tomorrow)(?= |$)/i;

// "24 Uhr", "24:00", "24.00 Uhr", "Mitternacht", "midnight": the end of that day, i.e. 00:00 of the next.
const MIDNIGHT = /^(?:(.*?) )?(?:24(?:[:.]00)?(?: ?uhr)?|mitternacht|midnight)$/i;

const seconds = (time: string): string => (time.length === 5 ? `${time}:00` : time);

/**
 * `until=`: a time of day ("23:00", "23 Uhr", "11pm") after the start on the start's local day, or
 * the next day when it is earlier than the start ("02:00" after 22:00: a night shift); "24 Uhr" and
 * "Mitternacht" end that day, also after a date ("05.12. 24:00"); anything else is a full date-time.
 * The next day is a calendar day, so a DST change that night is checked at the written wall time.
 * "morgen"/"übermorgen" that would end before the start count from the start's day ("wann=Fr 22:00
 * bis=morgen 02:00" is Saturday 02:00). An end at the start (or a dated end before it) is the
 * caller's error to report.
 */
export function readEndTime(input: string, start: Date, env: TimeEnv): Result<EndTime, DateError> {
  const r = readEnd(input, start, env);
  if (!r.ok || r.value.at > start || !RELATIVE_DAY.test(input.trim())) return r;
  // "wann=Fr 22:00 bis=morgen 02:00" means the morning after the start, not after today.
  const again = readEnd(input, start, { ...env, now: start });
  return again.ok && again.value.at > start ? { ok: true, value: { ...again.value, fromStart: true } } : r;
}

function readEnd(input: string, start: Date, env: TimeEnv): Result<EndTime, DateError> {
  const startDay = wallTime(start, env.zone);
  const midnight = MIDNIGHT.exec(input.trim().replace(/\s+/g, " "));
  if (midnight) {
    const prefix = midnight[1];
    const day = prefix === undefined ? { ok: true as const, value: startDay.toFormat("yyyy-MM-dd") } : parseDate(prefix, env);
    if (!day.ok) return fail({ kind: "unparseable", input });
    const r = localToInstant(shiftDate(day.value, 1), "00:00", env.zone, input);
    return r.ok ? { ok: true, value: { at: r.value, nextDay: false } } : r;
  }
  const r = read(input, env, reference(env.now, env.zone));
  if (r?.kind === "wall" && r.time !== null && !r.dated) {
    const nextDay = seconds(r.time) < startDay.toFormat("HH:mm:ss");
    const date = startDay.toFormat("yyyy-MM-dd");
    const at = localToInstant(nextDay ? shiftDate(date, 1) : date, r.time, env.zone, input);
    return at.ok ? { ok: true, value: { at: at.value, nextDay } } : at;
  }
  const at = parseDateTime(input, env);
  return at.ok ? { ok: true, value: { at: at.value, nextDay: false } } : at;
}

/**
 * A start that may carry its end: "Fr 20-23 Uhr", "20 bis 23 Uhr" (phrases.ts, splitTimeRange); the
 * end is read as `readEndTime` reads `until=` against that start. `end` is null for a start alone.
 */
export function parseDateTimeSpan(input: string, env: TimeEnv): Result<{ at: Date; end: EndTime | null }, DateError> {
  const range = splitTimeRange(input);
  if (!range) {
    const at = parseDateTime(input, env);
    return at.ok ? { ok: true, value: { at: at.value, end: null } } : at;
  }
  const whole = (e: DateError): DateError => (e.kind === "unparseable" ? { ...e, input } : e);
  const at = parseDateTime(range.start, env);
  if (!at.ok) return fail(whole(at.error));
  const end = readEndTime(range.end, at.value, env);
  return end.ok ? { ok: true, value: { at: at.value, end: end.value } } : fail(whole(end.error));
}

/** `readEndTime` without saying how it was read. */
export function parseEndTime(input: string, start: Date, env: TimeEnv): Result<Date, DateError> {
  const r = readEndTime(input, start, env);
  return r.ok ? { ok: true, value: r.value.at } : r;
}

/**
 * A calendar date without time ("2026-12-10", "10.12.2026", "morgen", "Fr", "next friday"), as
 * "YYYY-MM-DD" in the zone. `prefer: "past"` for the bounds of a period gone by (see Lean); a
 * weekday that is today means today either way.
 */
export function parseDate(input: string, env: TimeEnv, opts: { prefer?: Lean } = {}): Result<string, DateError> {
  // Read from the start of today, so a weekday that is today means today (a due date may be today).
  const startOfDay = wallTime(env.now, env.zone).startOf("day").toJSDate();
  const r = read(input, env, reference(startOfDay, env.zone), "date", opts.prefer ?? "future");
  if (!r || r.kind !== "wall" || r.time !== null || !r.dated) return fail({ kind: "unparseable", input, expects: "date" });
  if (!DateTime.fromISO(r.date, { zone: env.zone }).isValid) return fail({ kind: "unparseable", input, expects: "date" });
  if (r.note) env.note?.(r.note);
  return { ok: true, value: r.date };
}
