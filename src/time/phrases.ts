// Dates the way people write them, rewritten into forms chrono reads: named days ("Heiligabend",
// "Silvester", "Ostermontag"), "nächsten Freitag" (one fixed reading, see below) and parts of the
// day ("morgen früh", "heute Abend", "Mittag", "morgen früh um 7:30"). Runs before parse.ts'
// normalize; every pattern is anchored to word boundaries and linear in the input.
import { DateTime } from "luxon";
import { feastDate } from "./holidays.ts";
import type { Feast } from "./holidays.ts";
import type { ReadingNote } from "./types.ts";

/** `date`: a calendar date is asked for, so a part of the day without a time is dropped ("heute Abend" = today). */
export type PhraseMode = "dateTime" | "date";

export interface Rewritten {
  text: string;
  note: ReadingNote | null;
}

type Named = { month: number; day: number } | { feast: Feast };

// Longer alternatives first, so "easter monday" is not read as "easter" plus "monday".
const NAMED: ReadonlyArray<readonly [RegExp, Named]> = [
  [/heilig(?:abend|e[nr]? abend)|christmas eve/, { month: 12, day: 24 }],
  [/(?:1\.|erste[nr]?) weihnachts(?:feier)?tag|christmas day|christmas/, { month: 12, day: 25 }],
  [/(?:2\.|zweite[nr]?) weihnachts(?:feier)?tag|boxing day/, { month: 12, day: 26 }],
  [/silvester(?:abend)?|new year'?s eve/, { month: 12, day: 31 }],
  [/neujahr(?:stag)?|new year'?s(?: day)?/, { month: 1, day: 1 }],
  [/tag der deutschen einheit/, { month: 10, day: 3 }],
  [/tag der arbeit/, { month: 5, day: 1 }],
  [/karfreitag|good friday/, { feast: "KARFREITAG" }],
  [/ostermontag|easter monday/, { feast: "OSTERMONTAG" }],
  [/ostersonntag|ostern|easter sunday|easter/, { feast: "OSTERSONNTAG" }],
  [/(?:christi )?himmelfahrt|ascension day/, { feast: "CHRISTIHIMMELFAHRT" }],
  [/pfingstsonntag|pfingsten|whit sunday/, { feast: "PFINGSTSONNTAG" }],
  [/pfingstmontag|whit monday/, { feast: "PFINGSTMONTAG" }],
];

const NAMED_RE = new RegExp(`(^| )(?:(?:am|an|on) )?(${NAMED.map(([re]) => re.source).join("|")})(?: (\\d{4}))?(?= |$)`, "gi");

const NAMED_WHOLE = NAMED.map(([re, n]) => [new RegExp(`^(?:${re.source})$`, "i"), n] as const);

function namedDate(name: string, year: number): string | null {
  const hit = NAMED_WHOLE.find(([re]) => re.test(name));
  if (!hit || year < 1970 || year > 9999) return null;
  const n = hit[1];
  if ("feast" in n) return feastDate(n.feast, year);
  return DateTime.fromObject({ year, month: n.month, day: n.day }).toFormat("yyyy-MM-dd");
}

/** A named day on a given year, or else its next occurrence on or after today (Silvester on 2 January is the coming 31 December). */
function rewriteNamed(s: string, today: DateTime): string {
  const iso = today.toFormat("yyyy-MM-dd");
  return s.replace(NAMED_RE, (m, lead: string, name: string, year: string | undefined) => {
    if (year !== undefined) return `${lead}${namedDate(name, Number(year)) ?? m}`;
    const thisYear = namedDate(name, today.year);
    const date = thisYear !== null && thisYear < iso ? namedDate(name, today.year + 1) : thisYear;
    return date === null ? m : `${lead}${date}`;
  });
}

const WEEKDAY_WORDS: readonly (readonly string[])[] = [
  ["montag", "mo", "monday", "mon"],
  ["dienstag", "di", "tuesday", "tue", "tues"],
  ["mittwoch", "mi", "wednesday", "wed"],
  ["donnerstag", "do", "thursday", "thu", "thurs"],
  ["freitag", "fr", "friday", "fri"],
  ["samstag", "sonnabend", "sa", "saturday", "sat"],
  ["sonntag", "so", "sunday", "sun"],
];
const WEEKDAY_ALT = WEEKDAY_WORDS.flat().sort((a, b) => b.length - a.length).join("|");
const weekdayOf = (word: string): number => WEEKDAY_WORDS.findIndex((ws) => ws.includes(word.toLowerCase().replace(/\.$/, ""))) + 1;

const NEXT_RE = new RegExp(`(^| )(?:(?:am|on) )?((?:nächste[nr]?|naechste[nr]?|next) (${WEEKDAY_ALT})\\.?)(?= |$)`, "i");
const THIS_RE = new RegExp(`(^| )(?:diese[nr]?|kommende[nr]?|this|coming) (${WEEKDAY_ALT}\\.?)(?= |$)`, "gi");

/**
 * "nächsten Freitag" is the Friday of next week (Monday to Sunday), whatever today is: on Wednesday
 * 2 December it is 11 December, on Saturday 5 December also 11 December. When the coming Friday is a
 * different day after today, the reading is noted, so the reply can say how to get the other one
 * ("diesen Freitag"). "diesen/kommenden Freitag" is the coming one, as a bare "Freitag" is.
 */
function rewriteWeekdays(s: string, today: DateTime): Rewritten {
  let note: ReadingNote | null = null;
  const out = s.replace(NEXT_RE, (_m, lead: string, phrase: string, word: string) => {
    const weekday = weekdayOf(word);
    const read = today.startOf("week").plus({ weeks: 1, days: weekday - 1 });
    const coming = today.plus({ days: (weekday - today.weekday + 7) % 7 });
    const english = /^next/i.test(phrase);
    if (coming.toMillis() !== read.toMillis() && coming > today) {
      note = { phrase, read: read.toFormat("yyyy-MM-dd"), other: coming.toFormat("yyyy-MM-dd"), instead: `${english ? "this" : "diesen"} ${word}` };
    }
    return `${lead}${read.toFormat("yyyy-MM-dd")}`;
  });
  return { text: out.replace(THIS_RE, "$1$2"), note };
}

type Part = "early" | "forenoon" | "noon" | "afternoon" | "evening";
const PART_WORDS: Readonly<Record<string, Part>> = {
  früh: "early", morgens: "early", vormittag: "forenoon", vormittags: "forenoon",
  mittag: "noon", mittags: "noon", nachmittag: "afternoon", nachmittags: "afternoon", abend: "evening", abends: "evening",
  morning: "early", noon: "noon", afternoon: "afternoon", evening: "evening",
};
/** The documented defaults when no time is given (README, "Dates people write"). */
const DEFAULT_HOUR: Readonly<Record<Part, number>> = { early: 8, forenoon: 10, noon: 12, afternoon: 15, evening: 19 };
const PART_ALT = Object.keys(PART_WORDS).sort((a, b) => b.length - a.length).join("|");
// "7.30" is a time only with "Uhr" ("7.30 Uhr abends"): without it, "20.12 abends" is 20 December.
const TIME = "(\\d{1,2})(?:(?::|\\.(?=\\d{2} ?uhr))(\\d{2}))?(?: ?uhr)?";
const PART_THEN_TIME = new RegExp(`(^| )(?:(?:am|zu) )?(${PART_ALT})(?: um)?(?: ${TIME})?$`, "i");
const TIME_THEN_PART = new RegExp(`(^| )(?:um )?${TIME} (${PART_ALT})$`, "i");
// "20.12 abends": before a part of the day, day.month may lack its last dot (read as "20.12.").
const DATE_THEN_PART = new RegExp(`(^| )(0?[1-9]|[12]\\d|3[01])\\.(0?[1-9]|1[0-2])(?= (?:(?:am|zu) )?(?:${PART_ALT})(?: |$))`, "i");

/** "abends 7" is 19:00, "mittags um 1" 13:00; a time that already fits the part stays ("abends 20 Uhr"). */
function hourIn(part: Part, h: number): number {
  if (part === "afternoon" || part === "evening") return h < 12 ? h + 12 : h;
  if (part === "noon") return h >= 1 && h <= 5 ? h + 12 : h;
  return h;
}

const hhmm = (h: number, m: number): string => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;

function timeOf(partWord: string, hour: string | undefined, minute: string | undefined, mode: PhraseMode): string | null {
  const part = PART_WORDS[partWord.toLowerCase()];
  if (!part) return null;
  if (hour === undefined) return mode === "date" ? "" : hhmm(DEFAULT_HOUR[part], 0);
  const h = Number(hour);
  const m = minute === undefined ? 0 : Number(minute);
  return h <= 23 && m <= 59 ? hhmm(hourIn(part, h), m) : null;
}

function rewritePartOfDay(input: string, mode: PhraseMode): string {
  // "tonight", "this evening": today's evening.
  const s = input
    .replace(/(^| )tonight(?= |$)/i, "$1today evening")
    .replace(/(^| )this (morning|afternoon|evening)(?= |$)/i, "$1today $2")
    .replace(DATE_THEN_PART, "$1$2.$3.");
  const join = (lead: string, time: string | null, m: string): string => (time === null ? m : time === "" ? "" : `${lead}${time}`);
  // The time before the part first: "7 Uhr früh" is not "früh" after a "7 Uhr".
  const b = TIME_THEN_PART.exec(s);
  if (b) return s.slice(0, b.index) + join(b[1] ?? "", timeOf(b[4] ?? "", b[2], b[3], mode), b[0]);
  const a = PART_THEN_TIME.exec(s);
  if (a) return s.slice(0, a.index) + join(a[1] ?? "", timeOf(a[2] ?? "", a[3], a[4], mode), a[0]);
  return s;
}

/** `today`: the start of today in the configured zone. Input too long to be a date is left for normalize to refuse. */
export function rewritePhrases(input: string, today: DateTime, mode: PhraseMode): Rewritten {
  if (input.length > 160) return { text: input, note: null };
  const s = input.trim().replace(/\s+/g, " ");
  const weekdays = rewriteWeekdays(rewriteNamed(s, today), today);
  return { text: rewritePartOfDay(weekdays.text, mode).trim(), note: weekdays.note };
}

// "Fr 20-23 Uhr", "20–23 Uhr", "von 20 bis 23 Uhr", "20 Uhr bis 23 Uhr", "2026-12-05 20:00-23:00": a
// start and an end in one value. Without "Uhr" only hh:mm on both sides, so "12-05" stays a date's.
const HOUR_RANGE = /^(?:(.*?) )?(?:(?:von|from) )?([01]?\d|2[0-3])(?:[:.]([0-5]\d))?(?: ?uhr)? ?(?:-|–|—|bis|to|until) ?([01]?\d|2[0-4])(?:[:.]([0-5]\d))?( ?uhr)?$/i;

/** A value that holds a start and an end time: the start as a date-time phrase and the end as a time ("23:00"); else null. */
export function splitTimeRange(input: string): { start: string; end: string } | null {
  const s = input.trim().replace(/\s+/g, " ");
  const m = HOUR_RANGE.exec(s);
  if (!m) return null;
  const [, prefix, h1 = "", m1, h2 = "", m2, uhr] = m;
  const range = s.slice((prefix?.length ?? -1) + 1);
  // Without "Uhr": both times as hh:mm with a colon, so a date such as "12-05" or "20.12-24" is not read as hours.
  if (!uhr && !(m1 !== undefined && m2 !== undefined && !range.includes("."))) return null;
  if (h2 === "24" && m2 !== undefined && m2 !== "00") return null;
  const time = (h: string, min: string | undefined) => `${h.padStart(2, "0")}:${min ?? "00"}`;
  return { start: [prefix, time(h1, m1)].filter(Boolean).join(" "), end: time(h2, m2) };
}
