// Small pieces of German (and English) sentence building that several families share: a list of
// items in running text, the full stop after user text, and a repeat interval ("alle 2 Tage").
import { parseDuration } from "../time/duration.ts";
import type { Lang } from "./lang.ts";

/**
 * Items in running text: "A", "A und B", "A; B und C" (en "A and B", "A; B and C"). Not ", ": a
 * date-time already holds a comma ("Fr 04.12.2026, 22:00").
 */
export function andList(items: readonly string[], lang: Lang): string {
  const and = lang === "de" ? " und " : " and ";
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join("; ")}${and}${items.at(-1) ?? ""}`;
}

/** User text that ends a sentence gets a full stop, unless it already ends in one ("Grund: Unwetter."). */
export function sentenceEnd(s: string): string {
  const t = s.trimEnd();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

type Unit = "w" | "d" | "h" | "m" | "s";
const UNIT_MS: ReadonlyArray<[Unit, number]> = [["w", 604_800_000], ["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1_000]];
// After "alle" German takes the accusative plural ("alle 2 Tage"), not formatDuration's dative ("in 2 Tagen").
const EVERY_DE: Record<Unit, [string, string]> = { w: ["jede Woche", "Wochen"], d: ["jeden Tag", "Tage"], h: ["jede Stunde", "Std."], m: ["jede Minute", "Min."], s: ["jede Sekunde", "Sek."] };
const EVERY_EN: Record<Unit, [string, string]> = { w: ["every week", "weeks"], d: ["every day", "days"], h: ["every hour", "h"], m: ["every minute", "min"], s: ["every second", "s"] };

/**
 * A repeat interval for people, in the largest unit that divides it: "2d" → "alle 2 Tage", "1d" →
 * "jeden Tag", "36h" → "alle 36 Std." (en "every 2 days", "every day"). Malformed input is returned as it is.
 */
export function formatEvery(d: string | number, lang: Lang): string {
  const ms = typeof d === "number" ? d : parseDuration(d);
  if (ms === null || ms <= 0) return String(d);
  const [unit, size] = UNIT_MS.find(([, s]) => ms % s === 0) ?? ["s", 1_000];
  const n = Math.round(ms / size);
  const [one, many] = (lang === "de" ? EVERY_DE : EVERY_EN)[unit];
  if (n === 1) return one;
  return lang === "de" ? `alle ${n} ${many}` : `every ${n} ${many}`;
}
