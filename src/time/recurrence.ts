// Recurring meetings: reading the rhythm people write (German and English), and the occurrences it
// gives. Calendar rules are computed by rrule on "floating" wall-clock times (UTC fields standing for
// local fields) and only then placed in the IANA zone, so 10:00 stays 10:00 across DST changes.
// Cron expressions are checked with node-cron and expanded by cron-parser in the zone.
import { createRequire } from "node:module";
import type * as CronParser from "cron-parser";
import { DateTime } from "luxon";
import cron from "node-cron";
import type rrulePkg from "rrule";
import type { Lang, Result } from "./types.ts";
import { localToInstant, wallTime } from "./zone.ts";

// rrule and cron-parser (which brings its own CommonJS copy of luxon) serve committees only: loaded
// on first use rather than at start (about 2 MB resident), with require() as handlers are synchronous.
const require = createRequire(import.meta.url);
let rruleLib: typeof rrulePkg | undefined;
let cronLib: typeof CronParser | undefined;
// rrule ships CommonJS to Node; its exports object is what an import sees as the default export.
const rruleClass = () => (rruleLib ??= require("rrule") as typeof rrulePkg).RRule;
const cronParser = () => (cronLib ??= require("cron-parser") as typeof CronParser).CronExpressionParser;

export type Recurrence =
  /** `rule` is an RRULE without DTSTART ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"); `anchor` the first possible local date. */
  | { kind: "rrule"; rule: string; time: string; anchor: string }
  | { kind: "cron"; expr: string };

export interface Occurrence {
  /** The series' local start "YYYYMMDDTHHmm": identifies one meeting even after it was moved. */
  key: string;
  start: Date;
}

export type RecurrenceError =
  | { kind: "unparseable"; input: string }
  | { kind: "cronFields"; input: string; fields: number }
  | { kind: "cronInvalid"; input: string }
  | { kind: "tooFrequent"; input: string };

// Luxon weekday (1 = Monday) → RRULE day.
const BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  [
    ["montag", "mo", "monday", "mon"],
    ["dienstag", "di", "tuesday", "tue", "tues"],
    ["mittwoch", "mi", "wednesday", "wed"],
    ["donnerstag", "do", "thursday", "thu", "thur", "thurs"],
    ["freitag", "fr", "friday", "fri"],
    ["samstag", "sonnabend", "sa", "saturday", "sat"],
    ["sonntag", "so", "sunday", "sun"],
  ].flatMap((names, i) => names.flatMap((n) => [[n, i + 1] as const, [`${n}s`, i + 1] as const])),
);
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ...["first", "1st", "1.", "erster", "erste", "ersten", "erstes"].map((w) => [w, 1] as const),
  ...["second", "2nd", "2.", "zweiter", "zweite", "zweiten", "zweites"].map((w) => [w, 2] as const),
  ...["third", "3rd", "3.", "dritter", "dritte", "dritten", "drittes"].map((w) => [w, 3] as const),
  ...["fourth", "4th", "4.", "vierter", "vierte", "vierten", "viertes"].map((w) => [w, 4] as const),
  ...["last", "letzter", "letzte", "letzten", "letztes"].map((w) => [w, -1] as const),
]);
const NUMBERS: ReadonlyMap<string, number> = new Map([
  ["zwei", 2], ["two", 2], ["drei", 3], ["three", 3], ["vier", 4], ["four", 4], ["fünf", 5], ["five", 5], ["sechs", 6], ["six", 6],
]);
// "every other week", "every other tuesday": always a count of weeks, never the 2nd of the month.
const OTHER = "other";
// "jeden zweiten Dienstag" / "every second tuesday" mean every other week unless the month is named.
const EVERY_WORDS = new Set(["every", "each", "jeden", "jede", "jeder", "jedes", "alle"]);
const MONTH_WORDS = new Set(["month", "monthly", "monat", "monats", "monatlich"]);
const WEEK_WORDS = new Set(["week", "weeks", "woche", "wochen"]);
const FORTNIGHT = new Set(["biweekly", "fortnightly", "zweiwöchentlich", "vierzehntäglich", "14-täglich", "14tägig", "14-tägig"]);
const FILLER = new Set([
  "every", "each", "on", "at", "of", "the", "in", "weekly", "month", "monthly", "uhr", "o'clock",
  "jeden", "jede", "jeder", "jedes", "alle", "am", "um", "im", "monat", "monats", "des", "der", "wöchentlich", "monatlich",
]);
const MAX_WEEKS = 52;
const MIN_GAP_MS = 3_600_000;

const pad = (n: number): string => String(n).padStart(2, "0");

function readTime(tok: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(tok);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === "pm" ? 12 : 0);
  }
  return h <= 23 && min <= 59 ? `${pad(h)}:${pad(min)}` : null;
}

/**
 * The first local date on or after today on which the rule's first meeting is still ahead: for
 * "every 2 weeks" this decides which weeks count, so the first meeting is the next one.
 */
function anchorFor(rule: string, time: string, zone: string, now: Date): string {
  const today = wallTime(now, zone).toFormat("yyyy-MM-dd");
  // Without the interval: rrule would count weeks from today's week and might pass over the next one.
  const single = rule.replace(/;INTERVAL=\d+/, "");
  const first = series({ kind: "rrule", rule: single, time, anchor: today }, zone, now, new Date(now.getTime() + 400 * 86_400_000), 1)[0];
  return first ? wallTime(first.start, zone).toFormat("yyyy-MM-dd") : today;
}

/**
 * Reads a rhythm: "tuesday 10:00", "dienstags 10 Uhr", "2 weeks tuesday 10:00", "alle 2 Wochen
 * Dienstag 10:00", "jede zweite Woche di 10:00", "first monday 09:30", "letzter Freitag 14:00",
 * "cron 0 10 * * 2". "jeden zweiten Dienstag" / "every other tuesday" is every 2 weeks; "zweiter Dienstag
 * (im Monat)" the monthly one. `now` and `zone` fix where a series of every n weeks starts (the next such day).
 */
export function parseRecurrence(input: string, zone: string, now: Date): Result<Recurrence, RecurrenceError> {
  const text = input.trim().toLowerCase().replace(/[,;]/g, " ").replace(/(\d)(uhr|h)\b/g, "$1 uhr").replace(/\s+/g, " ");
  if (text.startsWith("cron ")) return parseCron(input.trim().slice(5));
  const unparseable = { ok: false as const, error: { kind: "unparseable" as const, input } };
  let interval = 1;
  let nth: number | null = null;
  let weekday: number | null = null;
  let time: string | null = null;
  let pendingNum: number | null = null;
  let pendingOrd: number | null = null;
  let other = false;
  const tokens = text.split(" ").filter(Boolean);
  const every = tokens.some((tok) => EVERY_WORDS.has(tok));
  const month = tokens.some((tok) => MONTH_WORDS.has(tok));
  for (const tok of tokens) {
    const ord = tok === OTHER ? 2 : ORDINALS.get(tok);
    const bare = tok.replace(/\.$/, "");
    const num = /^\d{1,2}$/.test(tok) ? Number(tok) : (NUMBERS.get(tok) ?? null);
    const t = readTime(tok);
    if (WEEK_WORDS.has(tok)) {
      const n = pendingNum ?? pendingOrd;
      if (n !== null) {
        if (n < 1) return unparseable;
        interval = n;
      }
      pendingNum = pendingOrd = null;
    } else if (FORTNIGHT.has(tok)) {
      interval = 2;
    } else if (ord !== undefined) {
      if (pendingOrd !== null) return unparseable;
      pendingOrd = ord;
      other = tok === OTHER;
    } else if (num !== null) {
      if (pendingNum !== null) return unparseable;
      pendingNum = num;
    } else if (WEEKDAYS.has(bare)) {
      if (weekday !== null || pendingNum !== null) return unparseable;
      weekday = WEEKDAYS.get(bare) ?? null;
      // "jeden zweiten Dienstag", "every other tuesday": every n weeks. The nth weekday of the month
      // needs the month named ("zweiter Dienstag im Monat") or no "jeden" ("zweiter Dienstag");
      // "jeden ersten/letzten Montag" can only mean the month.
      if (pendingOrd !== null && pendingOrd > 1 && (other || (every && !month))) interval = pendingOrd;
      else if (pendingOrd !== null) nth = pendingOrd;
      pendingOrd = null;
    } else if (t !== null) {
      if (time !== null) return unparseable;
      time = t;
    } else if (!FILLER.has(tok)) {
      return unparseable;
    }
  }
  // "dienstags 10 Uhr": a bare hour at the end is the time.
  if (time === null && pendingNum !== null && pendingNum <= 23) {
    time = `${pad(pendingNum)}:00`;
    pendingNum = null;
  }
  if (weekday === null || time === null || pendingNum !== null || pendingOrd !== null) return unparseable;
  if (interval > MAX_WEEKS || (nth !== null && interval !== 1)) return unparseable;
  const day = BYDAY[weekday - 1] ?? "MO";
  const rule = nth === null ? `FREQ=WEEKLY${interval > 1 ? `;INTERVAL=${interval}` : ""};BYDAY=${day}` : `FREQ=MONTHLY;BYDAY=${nth > 0 ? "+" : ""}${nth}${day}`;
  return { ok: true, value: { kind: "rrule", rule, time, anchor: anchorFor(rule, time, zone, now) } };
}

/** A standard five-field cron expression (minute hour day month weekday). */
export function parseCron(input: string): Result<Recurrence, RecurrenceError> {
  const expr = input.trim().replace(/\s+/g, " ");
  const fields = expr ? expr.split(" ").length : 0;
  if (fields !== 5) return { ok: false, error: { kind: "cronFields", input, fields } };
  if (!cron.validate(expr)) return { ok: false, error: { kind: "cronInvalid", input } };
  const rec: Recurrence = { kind: "cron", expr };
  let next: Occurrence[];
  try {
    next = series(rec, "UTC", new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2031, 0, 1)), 25);
  } catch {
    return { ok: false, error: { kind: "cronInvalid", input } };
  }
  if (next.length === 0) return { ok: false, error: { kind: "cronInvalid", input } };
  // A meeting every few minutes is a typo, and would flood the room with reminders.
  for (let i = 1; i < next.length; i++) {
    const a = next[i - 1];
    const b = next[i];
    if (a && b && b.start.getTime() - a.start.getTime() < MIN_GAP_MS) return { ok: false, error: { kind: "tooFrequent", input } };
  }
  return { ok: true, value: rec };
}

const keyOf = (l: DateTime): string => l.toFormat("yyyyMMdd'T'HHmm");

/** A floating date's UTC fields as wall time in the zone; in a DST gap or overlap the first reading (RFC 5545). */
function placeInZone(floating: Date, zone: string): Date {
  const f = DateTime.fromJSDate(floating, { zone: "utc" });
  const r = localToInstant(f.toFormat("yyyy-MM-dd"), f.toFormat("HH:mm"), zone);
  if (r.ok) return r.value;
  return r.error.kind === "nonexistent" || r.error.kind === "ambiguous" ? r.error.readings[0] : f.toJSDate();
}

function floatingOf(d: Date, zone: string): Date {
  const l = wallTime(d, zone);
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
}

function rruleOf(rec: Extract<Recurrence, { kind: "rrule" }>): InstanceType<(typeof rrulePkg)["RRule"]> {
  const RRule = rruleClass();
  const [y, mo, d] = rec.anchor.split("-").map(Number);
  const [h, mi] = rec.time.split(":").map(Number);
  return new RRule({ ...RRule.parseString(rec.rule), dtstart: new Date(Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0)) });
}

/** The series' meetings starting in [from, to), at most `limit`, in order. */
export function series(rec: Recurrence, zone: string, from: Date, to: Date, limit: number): Occurrence[] {
  if (limit <= 0 || to <= from) return [];
  const out: Occurrence[] = [];
  if (rec.kind === "rrule") {
    // A day of slack either side of the floating window; the exact bounds are checked on instants.
    const a = new Date(floatingOf(from, zone).getTime() - 86_400_000);
    const b = new Date(floatingOf(to, zone).getTime() + 86_400_000);
    for (const f of rruleOf(rec).between(a, b, true)) {
      const start = placeInZone(f, zone);
      if (start >= from && start < to) out.push({ key: keyOf(DateTime.fromJSDate(f, { zone: "utc" })), start });
      if (out.length >= limit) break;
    }
    return out;
  }
  const it = cronParser().parse(rec.expr, { currentDate: new Date(from.getTime() - 1), endDate: to, tz: zone });
  const seen = new Set<string>();
  while (out.length < limit && it.hasNext()) {
    const start = it.next().toDate();
    if (start >= to) break;
    const key = keyOf(wallTime(start, zone));
    // cron-parser may give a doubled wall time twice on the fall-back night; one meeting is enough.
    if (start < from || seen.has(key)) continue;
    seen.add(key);
    out.push({ key, start });
  }
  return out;
}

/** The local start the series gave a meeting, from its key. */
export function keyToLocal(key: string, zone: string): DateTime {
  return DateTime.fromFormat(key, "yyyyMMdd'T'HHmm", { zone });
}

/** The RRULE line for a calendar export; null for cron series (they have no RRULE equivalent). */
export function icsRule(rec: Recurrence): string | null {
  return rec.kind === "rrule" ? `RRULE:${rec.rule}` : null;
}

/** The first meeting of a calendar series (DTSTART of an export). */
export function firstOccurrence(rec: Extract<Recurrence, { kind: "rrule" }>, zone: string): Occurrence | null {
  const f = rruleOf(rec).after(new Date(Date.parse(`${rec.anchor}T00:00:00Z`)), true);
  return f ? { key: keyOf(DateTime.fromJSDate(f, { zone: "utc" })), start: placeInZone(f, zone) } : null;
}

const DAY_NAMES: Record<Lang, readonly string[]> = {
  de: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};
const NTH: Record<Lang, Record<number, string>> = {
  de: { 1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", [-1]: "letzten" },
  en: { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" },
};

/** "jeden Dienstag, 10:00", "alle 2 Wochen dienstags, 10:00", "jeden ersten Montag im Monat, 09:30". */
export function describeRecurrence(rec: Recurrence, lang: Lang): string {
  if (rec.kind === "cron") return lang === "de" ? `nach Cron-Ausdruck „${rec.expr}“` : `by cron expression "${rec.expr}"`;
  const m = /^FREQ=(WEEKLY|MONTHLY)(?:;INTERVAL=(\d+))?;BYDAY=([+-]?\d)?([A-Z]{2})$/.exec(rec.rule);
  if (!m) return rec.rule;
  const day = DAY_NAMES[lang][BYDAY.indexOf((m[4] ?? "MO") as (typeof BYDAY)[number])] ?? "";
  const interval = Number(m[2] ?? 1);
  if (m[1] === "MONTHLY") {
    const nth = NTH[lang][Number(m[3] ?? 1)] ?? "";
    return lang === "de" ? `jeden ${nth} ${day} im Monat, ${rec.time}` : `every ${nth} ${day} of the month, ${rec.time}`;
  }
  if (interval === 1) return lang === "de" ? `jeden ${day}, ${rec.time}` : `every ${day}, ${rec.time}`;
  return lang === "de" ? `alle ${interval} Wochen ${day.toLowerCase()}s, ${rec.time}` : `every ${interval} weeks on ${day}, ${rec.time}`;
}

const EXAMPLES: Record<Lang, string> = {
  de: '„dienstag 10:00“ (wöchentlich), „2 wochen dienstag 10:00“ (alle zwei Wochen), „erster montag 09:30“ oder „letzter freitag 14:00“ (monatlich), oder cron="0 10 * * 2"',
  en: '"tuesday 10:00" (weekly), "2 weeks tuesday 10:00" (every other week), "first monday 09:30" or "last friday 14:00" (monthly), or cron="0 10 * * 2"',
};

export function formatRecurrenceError(e: RecurrenceError, lang: Lang): string {
  const de = lang === "de";
  switch (e.kind) {
    case "unparseable":
      return de ? `„${e.input}“ ist kein Sitzungsrhythmus, den der Bot versteht. Möglich sind z. B. ${EXAMPLES.de}.` : `"${e.input}" is not a meeting rhythm the bot understands. Possible are e.g. ${EXAMPLES.en}.`;
    case "cronFields":
      return de
        ? `Der Cron-Ausdruck „${e.input}“ hat ${e.fields} Felder; nötig sind genau 5: Minute Stunde Tag Monat Wochentag, z. B. cron="0 10 * * 2" (dienstags 10:00).`
        : `The cron expression "${e.input}" has ${e.fields} fields; it needs exactly 5: minute hour day month weekday, e.g. cron="0 10 * * 2" (Tuesdays 10:00).`;
    case "cronInvalid":
      return de
        ? `„${e.input}“ ist kein gültiger Cron-Ausdruck. Form: Minute Stunde Tag Monat Wochentag, z. B. cron="0 10 * * 2" (dienstags 10:00).`
        : `"${e.input}" is not a valid cron expression. Form: minute hour day month weekday, e.g. cron="0 10 * * 2" (Tuesdays 10:00).`;
    case "tooFrequent":
      return de
        ? `Der Cron-Ausdruck „${e.input}“ ergäbe Sitzungen in weniger als einer Stunde Abstand. Bitte prüfen, z. B. cron="0 10 * * 2" (dienstags 10:00).`
        : `The cron expression "${e.input}" would give meetings less than an hour apart. Please check it, e.g. cron="0 10 * * 2" (Tuesdays 10:00).`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}
