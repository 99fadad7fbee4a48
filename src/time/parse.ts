// Reads the date forms of the command contract in the configured zone: ISO, German numeric dates,
// relative days, weekdays, "in N Tagen/Stunden", times as 20:00, 20 Uhr, 8pm. The whole input must
// be a date: trailing words are an error rather than silently dropped. Zone math is luxon's.
import { DateTime } from "luxon";
import type { DateError, Result, TimeEnv } from "./types.ts";
import { localToInstant } from "./zone.ts";

export type { DateError, Lang, Result, TimeEnv } from "./types.ts";
export { localToInstant } from "./zone.ts";

const WEEKDAYS: Record<string, number> = {
  mo: 1, mon: 1, montag: 1, monday: 1,
  di: 2, die: 2, dienstag: 2, tue: 2, tues: 2, tuesday: 2,
  mi: 3, mit: 3, mittwoch: 3, wed: 3, wednesday: 3,
  do: 4, don: 4, donnerstag: 4, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fr: 5, fre: 5, freitag: 5, fri: 5, friday: 5,
  sa: 6, sam: 6, samstag: 6, sat: 6, saturday: 6,
  so: 7, son: 7, sonntag: 7, sun: 7, sunday: 7,
};
const DAY_WORDS: Record<string, number> = { heute: 0, today: 0, morgen: 1, tomorrow: 1, "übermorgen": 2, uebermorgen: 2 };
const NEXT_WORDS = new Set(["nächsten", "nächster", "nächste", "naechsten", "kommenden", "next"]);

interface DatePart {
  date: DateTime | null; // local date (start of day) or null when only a time was given
  weekday: number | null; // a weekday whose date depends on the time
  strictlyAfterToday: boolean;
  instant: Date | null; // "in 3 Stunden": an instant, no time part allowed
  rest: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

function clean(input: string): string {
  return input.trim().toLowerCase().replace(/\s+/g, " ").replace(/^(am|um|at|on) /, "");
}

function validDate(y: number, m: number, d: number, zone: string): DateTime | null {
  const dt = DateTime.fromObject({ year: y, month: m, day: d }, { zone });
  return dt.isValid && dt.day === d && dt.month === m ? dt.startOf("day") : null;
}

function readDate(s: string, env: TimeEnv): DatePart | null {
  const today = DateTime.fromJSDate(env.now, { zone: env.zone }).startOf("day");
  const base: DatePart = { date: null, weekday: null, strictlyAfterToday: false, instant: null, rest: s };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[ t])t?/.exec(s);
  if (m) return { ...base, date: validDate(Number(m[1]), Number(m[2]), Number(m[3]), env.zone), rest: s.slice(m[0].length) };
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?=$|[ ,])/.exec(s);
  if (m) {
    const y = (m[3] ?? "").length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return { ...base, date: validDate(y, Number(m[2]), Number(m[1]), env.zone), rest: s.slice(m[0].length) };
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(?=$|[ ,])/.exec(s);
  if (m) {
    // No year: the next such date on or after today.
    let d = validDate(today.year, Number(m[2]), Number(m[1]), env.zone);
    if (d && d < today) d = validDate(today.year + 1, Number(m[2]), Number(m[1]), env.zone);
    return { ...base, date: d, rest: s.slice(m[0].length) };
  }
  m = /^in (\d{1,3}) (tag|tage|tagen|day|days)(?=$|[ ,])/.exec(s);
  if (m) return { ...base, date: today.plus({ days: Number(m[1]) }), rest: s.slice(m[0].length) };
  m = /^in (\d{1,4}) (stunde|stunden|std\.?|hour|hours|h|minute|minuten|min\.?|minutes)$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    const minutes = /^(stunde|stunden|std|hour|hours|h)/.test(m[2] ?? "") ? n * 60 : n;
    return { ...base, instant: new Date(env.now.getTime() + minutes * 60_000), rest: "" };
  }
  const words = s.split(" ");
  const w0 = (words[0] ?? "").replace(/[.,]$/, "");
  if (w0 in DAY_WORDS) return { ...base, date: today.plus({ days: DAY_WORDS[w0] ?? 0 }), rest: words.slice(1).join(" ") };
  const next = NEXT_WORDS.has(w0);
  const wd = (next ? (words[1] ?? "") : w0).replace(/[.,]$/, "");
  if (wd in WEEKDAYS) return { ...base, weekday: WEEKDAYS[wd] ?? null, strictlyAfterToday: next, rest: words.slice(next ? 2 : 1).join(" ") };
  return base;
}

function readTime(s: string): { h: number; m: number } | null | "none" {
  const t = s.replace(/^[, ]+/, "").replace(/^(um|at) /, "").trim();
  if (!t) return "none";
  let m = /^(\d{1,2})[:.](\d{2})(?: ?uhr)?$/.exec(t);
  if (m) return { h: Number(m[1]), m: Number(m[2]) };
  m = /^(\d{1,2}) ?uhr$/.exec(t) ?? /^(\d{1,2})h$/.exec(t);
  if (m) return { h: Number(m[1]), m: 0 };
  m = /^(\d{1,2})(?::(\d{2}))? ?(am|pm)$/.exec(t);
  if (m) {
    const h = Number(m[1]);
    if (h < 1 || h > 12) return null;
    return { h: (h % 12) + (m[3] === "pm" ? 12 : 0), m: Number(m[2] ?? 0) };
  }
  return null;
}

const EXPLICIT = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{1,2}):(\d{2})(?::(\d{2}))? ?(z|[+-]\d{2}:?\d{2})$/;

export function parseDateTime(input: string, env: TimeEnv): Result<Date, DateError> {
  const s = clean(input);
  const bad = { ok: false as const, error: { kind: "unparseable" as const, input } };
  if (!s || s.length > 64) return bad;
  const ex = EXPLICIT.exec(s);
  if (ex) {
    const off = (ex[7] ?? "z").toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    const dt = DateTime.fromISO(`${ex[1]}-${ex[2]}-${ex[3]}T${pad(Number(ex[4]))}:${ex[5]}:${ex[6] ?? "00"}${off === "Z" ? "Z" : off}`, { setZone: true });
    return dt.isValid ? { ok: true, value: dt.toJSDate() } : bad;
  }
  const d = readDate(s, env);
  if (!d) return bad;
  if (d.instant) return { ok: true, value: d.instant };
  const t = readTime(d.rest);
  if (t === null) return bad;
  if (t === "none") return d.date || d.weekday ? { ok: false, error: { kind: "dateOnly", input } } : bad;
  if (t.h > 23 || t.m > 59) return bad;
  const time = `${pad(t.h)}:${pad(t.m)}`;
  const today = DateTime.fromJSDate(env.now, { zone: env.zone }).startOf("day");
  const at = (day: DateTime) => localToInstant(day.toISODate() ?? "", time, env.zone, input);
  if (d.date) return at(d.date);
  if (d.date === null && d.weekday === null && d.rest === s) {
    // Only a time: today if still ahead, else tomorrow.
    const r = at(today);
    return r.ok && r.value <= env.now ? at(today.plus({ days: 1 })) : r;
  }
  if (d.weekday !== null) {
    let day = today.plus({ days: (d.weekday - today.weekday + 7) % 7 });
    if (d.strictlyAfterToday && day.equals(today)) day = day.plus({ days: 7 });
    const r = at(day);
    return r.ok && r.value <= env.now ? at(day.plus({ days: 7 })) : r;
  }
  return bad;
}

/** `until=`: a time of day on the start's local day, or a full date-time. */
export function parseEndTime(input: string, start: Date, env: TimeEnv): Result<Date, DateError> {
  const t = readTime(clean(input));
  if (t !== null && t !== "none") {
    if (t.h > 23 || t.m > 59) return { ok: false, error: { kind: "unparseable", input } };
    const day = DateTime.fromJSDate(start, { zone: env.zone }).toISODate() ?? "";
    return localToInstant(day, `${pad(t.h)}:${pad(t.m)}`, env.zone, input);
  }
  return parseDateTime(input, env);
}

/** A calendar date without time, as "YYYY-MM-DD" in the zone. */
export function parseDate(input: string, env: TimeEnv): Result<string, DateError> {
  const s = clean(input);
  const d = s.length <= 40 ? readDate(s, env) : null;
  if (!d || d.rest.trim() !== "" || d.instant) return { ok: false, error: { kind: "unparseable", input } };
  if (d.date) return { ok: true, value: d.date.toISODate() ?? "" };
  if (d.weekday !== null) {
    const today = DateTime.fromJSDate(env.now, { zone: env.zone }).startOf("day");
    let day = today.plus({ days: (d.weekday - today.weekday + 7) % 7 });
    if (d.strictlyAfterToday && day.equals(today)) day = day.plus({ days: 7 });
    return { ok: true, value: day.toISODate() ?? "" };
  }
  return { ok: false, error: { kind: "unparseable", input } };
}
