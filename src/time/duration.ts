// Durations as written in config and commands: "90s", "5m", "1h", "1d", "2w", and combinations
// from the largest unit down ("1h30m", "1d12h").
import type { Lang } from "./types.ts";

type Unit = "w" | "d" | "h" | "m" | "s";
const UNITS: readonly Unit[] = ["w", "d", "h", "m", "s"];
const UNIT_MS: Record<Unit, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
// German forms are meant to follow "in" ("beginnt in 2 Tagen"), hence the dative plural.
const NAMES: Record<Lang, Record<Unit, [string, string]>> = {
  de: { w: ["Woche", "Wochen"], d: ["Tag", "Tagen"], h: ["Std.", "Std."], m: ["Min.", "Min."], s: ["Sek.", "Sek."] },
  en: { w: ["week", "weeks"], d: ["day", "days"], h: ["h", "h"], m: ["min", "min"], s: ["s", "s"] },
};
const PART_RE = /(\d{1,9})([wdhms])/gy;
// Longer than this is a typo, not a reminder offset; it also keeps the sum a safe integer.
const MAX_MS = 10 * 366 * 86_400_000;

/** Parts as written, largest unit first; null if malformed or out of order ("30m1h"). */
function parts(s: string): Array<[number, Unit]> | null {
  const text = s.trim().toLowerCase();
  if (!text) return null;
  const out: Array<[number, Unit]> = [];
  PART_RE.lastIndex = 0;
  let rank = -1;
  let m: RegExpExecArray | null;
  while ((m = PART_RE.exec(text)) !== null) {
    const unit = m[2] as Unit;
    const r = UNITS.indexOf(unit);
    if (r <= rank) return null;
    rank = r;
    out.push([Number(m[1]), unit]);
    if (PART_RE.lastIndex === text.length) return out;
  }
  return null;
}

/** "90s" | "5m" | "1h" | "1d" | "2w" | "1h30m" → milliseconds; null when malformed, zero or too long. */
export function parseDuration(s: string): number | null {
  const p = parts(s);
  if (!p) return null;
  const ms = p.reduce((sum, [n, u]) => sum + n * UNIT_MS[u], 0);
  return ms > 0 && ms <= MAX_MS ? ms : null;
}

function say(n: number, unit: Unit, lang: Lang): string {
  const [one, many] = NAMES[lang][unit];
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A duration for people: "1 Tag", "90 Min.", "90 Sek." / "1 day", "90 min", "90 s". A number is
 * shown in the largest unit that divides it exactly; a written duration keeps its units, so a
 * reminder configured as "24h" reads "24 Std." and "1h30m" reads "1 Std. 30 Min.".
 */
export function formatDuration(d: number | string, lang: Lang): string {
  if (typeof d === "string") {
    const p = parts(d);
    return p ? p.map(([n, u]) => say(n, u, lang)).join(" ") : d;
  }
  const ms = Math.max(0, Math.round(d / 1000) * 1000);
  for (const unit of UNITS) {
    const size = UNIT_MS[unit];
    if (ms === 0 || ms % size !== 0) continue;
    return say(ms / size, unit, lang);
  }
  return say(ms / 1000, "s", lang);
}
