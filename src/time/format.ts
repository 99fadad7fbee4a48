// Dates as people read them, in the configured zone: "Fr 05.12.2026, 20:00" (de) and
// "Fri 05 Dec 2026, 20:00" (en): one format everywhere, the comma between date and time. Fixed tables rather than Intl, so output never varies by ICU build.
import { DateTime } from "luxon";
import type { DateError, Lang, ReadingNote } from "./types.ts";
import { isAmbiguousWallTime, wallTime, zoneOf } from "./zone.ts";

export { formatDuration } from "./duration.ts";

const WEEKDAYS: Record<Lang, readonly string[]> = {
  de: ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// Locales whose short zone names are the familiar ones (MEZ/MESZ, CET/CEST, GMT/BST).
const ZONE_NAME_LOCALE: Record<Lang, string> = { de: "de-DE", en: "en-GB" };

const pad = (n: number): string => String(n).padStart(2, "0");

/** A stored calendar date ("2026-12-10") is a date, not an instant: no zone shift. */
function local(d: Date | string, zone: string): DateTime {
  return typeof d === "string" ? DateTime.fromISO(d, { zone: zoneOf(zone) }) : wallTime(d, zone);
}

export function formatDate(d: Date | string, zone: string, lang: Lang): string {
  const l = local(d, zone);
  if (!l.isValid) return String(d);
  const wd = WEEKDAYS[lang][l.weekday - 1] ?? "";
  return lang === "de" ? `${wd} ${pad(l.day)}.${pad(l.month)}.${l.year}` : `${wd} ${pad(l.day)} ${MONTHS_EN[l.month - 1] ?? ""} ${l.year}`;
}

export function formatTime(d: Date, zone: string): string {
  const l = wallTime(d, zone);
  return `${pad(l.hour)}:${pad(l.minute)}`;
}

/** The time, plus the offset when the wall time occurs twice that day (so 02:30 is not ambiguous). */
function clock(d: Date, zone: string): string {
  return isAmbiguousWallTime(d, zone) ? `${formatTime(d, zone)} (${wallTime(d, zone).toFormat("ZZ")})` : formatTime(d, zone);
}

/**
 * "Sa 05.12.2026, 20:00". A list of these must not be joined with ", " (andList in src/i18n/phrases.ts
 * joins them with "; " and "und").
 */
export function formatDateTime(d: Date, zone: string, lang: Lang): string {
  return `${formatDate(d, zone, lang)}, ${clock(d, zone)}`;
}

/** "Sa 12.12., 02:00" (en "Sat 12 Dec, 02:00"): a moment near another one, whose year goes without saying. */
export function formatShortDateTime(d: Date, zone: string, lang: Lang): string {
  const l = wallTime(d, zone);
  const wd = WEEKDAYS[lang][l.weekday - 1] ?? "";
  const day = lang === "de" ? `${wd} ${pad(l.day)}.${pad(l.month)}.` : `${wd} ${pad(l.day)} ${MONTHS_EN[l.month - 1] ?? ""}`;
  return `${day}, ${clock(d, zone)}`;
}

/** "Fr 05.12.2026, 20:00–23:00"; across days both ends in full, joined by " – ". */
export function formatRange(start: Date, end: Date | null, zone: string, lang: Lang): string {
  const head = `${formatDate(start, zone, lang)}, ${clock(start, zone)}`;
  if (!end) return head;
  const [a, b] = [wallTime(start, zone), wallTime(end, zone)];
  // Same calendar day in the zone; luxon's hasSame would build the start and end of that day (slow in lists).
  if (a.year === b.year && a.month === b.month && a.day === b.day) return `${head}–${clock(end, zone)}`;
  return `${head} – ${formatDate(end, zone, lang)}, ${clock(end, zone)}`;
}

/** "03:30 MESZ (+02:00)"; the date too when the two readings fall on different days. */
function reading(d: Date, zone: string, lang: Lang, withDate: boolean): string {
  const l = wallTime(d, zone);
  const name = l.setLocale(ZONE_NAME_LOCALE[lang]).offsetNameShort ?? "";
  // "GMT+2" says nothing the offset does not.
  const abbr = name && !/^(GMT|UTC)[+-]/.test(name) ? ` ${name}` : "";
  const date = withDate ? `${formatDate(d, zone, lang)}, ` : "";
  return `${date}${formatTime(d, zone)}${abbr} (${l.toFormat("ZZ")})`;
}

/** How to write a reading unambiguously: "2026-03-29 03:30+02:00". */
function withOffset(d: Date, zone: string): string {
  return wallTime(d, zone).toFormat("yyyy-MM-dd HH:mmZZ");
}

export function formatDateError(e: DateError, zone: string, lang: Lang): string {
  const de = lang === "de";
  switch (e.kind) {
    case "unparseable":
      if (e.expects === "date") {
        return de
          ? `„${e.input}“ ist kein Datum. Beispiele: 10.12.2026, 10.12., morgen, Fr, nächsten Montag, 2026-12-10.`
          : `"${e.input}" is not a date. Examples: 2026-12-10, 10.12.2026, tomorrow, friday, next monday.`;
      }
      return de
        ? `„${e.input}“ ist kein Datum mit Uhrzeit. Beispiele: 05.12.2026 20:00, 05.12. 20:00, morgen 20:00, Fr 20 Uhr, 2026-12-05 20:00.`
        : `"${e.input}" is not a date and time. Examples: 2026-12-05 20:00, 05.12.2026 20:00, tomorrow 8pm, friday 20:00, in 2 days 10:00.`;
    case "dateOnly":
      return de
        ? `Bei „${e.input}“ fehlt die Uhrzeit, z. B. „${e.input} 20:00“.`
        : `"${e.input}" has no time of day, e.g. "${e.input} 20:00".`;
    case "nonexistent":
    case "ambiguous": {
      const [a, b] = e.readings;
      const split = !wallTime(a, zone).hasSame(wallTime(b, zone), "day");
      const ra = reading(a, zone, lang, split);
      const rb = reading(b, zone, lang, split);
      if (e.kind === "nonexistent") {
        return de
          ? `„${e.input}“ gibt es in ${zone} nicht (Zeitumstellung, die Uhr springt vor). Meinten Sie ${ra} oder ${rb}? Bitte die Zeit mit UTC-Versatz angeben, z. B. ${withOffset(a, zone)}.`
          : `"${e.input}" does not exist in ${zone} (clocks spring forward). Did you mean ${ra} or ${rb}? Please give the time with its UTC offset, e.g. ${withOffset(a, zone)}.`;
      }
      return de
        ? `„${e.input}“ gibt es in ${zone} zweimal (Zeitumstellung, die Uhr wird zurückgestellt): ${ra} oder ${rb}. Bitte die Zeit mit UTC-Versatz angeben, z. B. ${withOffset(b, zone)}.`
        : `"${e.input}" happens twice in ${zone} (clocks fall back): ${ra} or ${rb}. Please give the time with its UTC offset, e.g. ${withOffset(b, zone)}.`;
    }
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

/** "Fr 11.12." (en "Fri 11 Dec"): a calendar date near today. */
function shortDate(date: string, lang: Lang): string {
  const l = DateTime.fromISO(date, { zone: "utc" });
  const wd = WEEKDAYS[lang][l.weekday - 1] ?? "";
  return lang === "de" ? `${wd} ${pad(l.day)}.${pad(l.month)}.` : `${wd} ${pad(l.day)} ${MONTHS_EN[l.month - 1] ?? ""}`;
}

/** How a phrase with two usual readings was read, and how to write the other one. */
export function formatReadingNote(n: ReadingNote, lang: Lang): string {
  return lang === "de"
    ? `Hinweis: „${n.phrase}“ wurde als ${shortDate(n.read, "de")} gelesen. Für ${shortDate(n.other, "de")} schreiben Sie „${n.instead}“ oder das Datum.`
    : `Note: "${n.phrase}" read as ${shortDate(n.read, "en")}. For ${shortDate(n.other, "en")}, write "${n.instead}" or the date.`;
}
