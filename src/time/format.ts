// Dates as people read them: "Fr 05.12.2026 20:00" (de), "Fri 05 Dec 2026 20:00" (en), in the zone.
import { DateTime } from "luxon";
import type { DateError, Lang } from "./types.ts";

const WD = { de: ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] };
const MON_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

function local(d: Date | string, zone: string): DateTime {
  return typeof d === "string" ? DateTime.fromISO(d, { zone }) : DateTime.fromJSDate(d, { zone });
}

export function formatDate(d: Date | string, zone: string, lang: Lang): string {
  const l = local(d, zone);
  const wd = WD[lang][l.weekday - 1] ?? "";
  return lang === "de" ? `${wd} ${pad(l.day)}.${pad(l.month)}.${l.year}` : `${wd} ${pad(l.day)} ${MON_EN[l.month - 1] ?? ""} ${l.year}`;
}

export function formatTime(d: Date, zone: string): string {
  const l = local(d, zone);
  return `${pad(l.hour)}:${pad(l.minute)}`;
}

export function formatDateTime(d: Date, zone: string, lang: Lang): string {
  return `${formatDate(d, zone, lang)} ${formatTime(d, zone)}`;
}

/** "Fr 05.12.2026, 20:00–23:00"; across days both ends in full. */
export function formatRange(start: Date, end: Date | null, zone: string, lang: Lang): string {
  const head = `${formatDate(start, zone, lang)}, ${formatTime(start, zone)}`;
  if (!end) return head;
  if (local(start, zone).hasSame(local(end, zone), "day")) return `${head}–${formatTime(end, zone)}`;
  return `${head} – ${formatDate(end, zone, lang)}, ${formatTime(end, zone)}`;
}

function withOffset(d: Date, zone: string, lang: Lang): string {
  const l = local(d, zone);
  const abbr = lang === "de" ? (l.offset === 120 ? "MESZ" : l.offset === 60 ? "MEZ" : l.offsetNameShort) : l.offsetNameShort;
  return `${formatTime(d, zone)} ${abbr} (${l.toFormat("ZZ")})`;
}

function offsetExample(d: Date, zone: string): string {
  const l = local(d, zone);
  return `${l.toFormat("yyyy-MM-dd HH:mm")}${l.toFormat("ZZ")}`;
}

export function formatDateError(e: DateError, zone: string, lang: Lang): string {
  const de = lang === "de";
  switch (e.kind) {
    case "unparseable":
      return de
        ? `„${e.input}“ ist kein Datum mit Uhrzeit. Beispiele: 2026-12-05 20:00, 05.12.2026 20:00, 05.12. 20:00, morgen 20:00, Fr 20 Uhr.`
        : `"${e.input}" is not a date and time. Examples: 2026-12-05 20:00, 05.12.2026 20:00, tomorrow 8pm, in 2 days 10:00.`;
    case "dateOnly":
      return de ? `Bei „${e.input}“ fehlt die Uhrzeit, z. B. „${e.input} 20:00“.` : `"${e.input}" has no time, e.g. "${e.input} 20:00".`;
    case "nonexistent": {
      const [a, b] = e.readings;
      return de
        ? `„${e.input}“ gibt es in ${zone} nicht (Zeitumstellung, die Uhr springt vor). Meinten Sie ${withOffset(a, zone, lang)} oder ${withOffset(b, zone, lang)}? Bitte mit Versatz angeben, z. B. ${offsetExample(b, zone)}.`
        : `"${e.input}" does not exist in ${zone} (clocks spring forward). Did you mean ${withOffset(a, zone, lang)} or ${withOffset(b, zone, lang)}? Please add the offset, e.g. ${offsetExample(b, zone)}.`;
    }
    case "ambiguous": {
      const [a, b] = e.readings;
      return de
        ? `„${e.input}“ gibt es in ${zone} zweimal (Zeitumstellung): ${withOffset(a, zone, lang)} oder ${withOffset(b, zone, lang)}. Bitte mit Versatz angeben, z. B. ${offsetExample(a, zone)} oder ${offsetExample(b, zone)}.`
        : `"${e.input}" happens twice in ${zone} (clocks fall back): ${withOffset(a, zone, lang)} or ${withOffset(b, zone, lang)}. Please add the offset, e.g. ${offsetExample(a, zone)} or ${offsetExample(b, zone)}.`;
    }
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

/** A duration to read after "in": "1 Tag", "2 Tagen", "1 Stunde", "90 Sekunden" / "1 day", "2 hours". */
export function formatDuration(ms: number, lang: Lang): string {
  const units: Array<[number, string, string, string, string]> = [
    [604_800_000, "Woche", "Wochen", "week", "weeks"],
    [86_400_000, "Tag", "Tagen", "day", "days"],
    [3_600_000, "Stunde", "Stunden", "hour", "hours"],
    [60_000, "Minute", "Minuten", "minute", "minutes"],
    [1_000, "Sekunde", "Sekunden", "second", "seconds"],
  ];
  for (const [size, deOne, deMany, enOne, enMany] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return lang === "de" ? `${n} ${n === 1 ? deOne : deMany}` : `${n} ${n === 1 ? enOne : enMany}`;
    }
  }
  return lang === "de" ? `${Math.round(ms / 1000)} Sekunden` : `${Math.round(ms / 1000)} seconds`;
}
