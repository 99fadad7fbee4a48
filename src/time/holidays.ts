// Public holidays of a German state (config `holidays`, e.g. "NW"), from feiertagejs: German statutory
// holidays only, computed, so no table of every country's holidays sits in memory (date-holidays
// held about 18 MB for the one state we ask about).
import { getHolidays } from "feiertagejs";
import type { Lang } from "./types.ts";

// feiertagejs' region codes; "BUND" is the holidays of every state.
const STATES = new Set(["BW", "BY", "BE", "BB", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"]);
type Region = Parameters<typeof getHolidays>[1];

// Easter and Whit Sunday are Sundays anyway; only Brandenburg lists them, and a meeting flagged for
// them would read as an error.
const SUNDAYS = new Set(["OSTERSONNTAG", "PFINGSTSONNTAG"]);

const cache = new Map<string, ReadonlyMap<string, string>>();

/** Local date "YYYY-MM-DD" → holiday name, for one state, year and language. */
function holidaysOf(state: string, year: number, lang: Lang): ReadonlyMap<string, string> {
  const id = `${state}:${year}:${lang}`;
  const hit = cache.get(id);
  if (hit) return hit;
  // An unknown state code still gets the nationwide holidays rather than none.
  const region = (STATES.has(state) ? state : "BUND") as Region;
  const map = new Map<string, string>();
  for (const h of getHolidays(year, region)) {
    if (!SUNDAYS.has(h.name)) map.set(h.dateString, h.translate(lang) ?? h.name);
  }
  cache.set(id, map);
  return map;
}

/** The name of the public holiday on a local date ("YYYY-MM-DD"), or null. */
export function holidayOn(date: string, state: string, lang: Lang): string | null {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year) || year < 1970 || year > 9999) return null;
  return holidaysOf(state, year, lang).get(date) ?? null;
}

/** Days people name that move with Easter (and Easter itself, which `holidayOn` leaves out). */
export type Feast = "KARFREITAG" | "OSTERSONNTAG" | "OSTERMONTAG" | "CHRISTIHIMMELFAHRT" | "PFINGSTSONNTAG" | "PFINGSTMONTAG";

/** The local date ("YYYY-MM-DD") of a moveable feast in a year, or null outside the years we read. */
export function feastDate(feast: Feast, year: number): string | null {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) return null;
  return getHolidays(year, "ALL").find((h) => h.name === feast)?.dateString ?? null;
}
