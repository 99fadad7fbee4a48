// Public holidays of a German state (config `holidays`, e.g. "NW"), from date-holidays. Only days
// off for everyone count ("public"), not school holidays or observances.
import Holidays from "date-holidays";
import type { Lang } from "./types.ts";

const cache = new Map<string, ReadonlyMap<string, string>>();

/** Local date "YYYY-MM-DD" → holiday name, for one state, year and language. */
function holidaysOf(state: string, year: number, lang: Lang): ReadonlyMap<string, string> {
  const id = `${state}:${year}:${lang}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const known = Object.hasOwn(new Holidays().getStates("DE") ?? {}, state);
  // An unknown state code still gets the nationwide holidays rather than none.
  const hd = known ? new Holidays("DE", state, { types: ["public"] }) : new Holidays("DE", { types: ["public"] });
  const map = new Map<string, string>();
  for (const h of hd.getHolidays(year, lang) || []) {
    if (h.type === "public") map.set(h.date.slice(0, 10), h.name);
  }
  cache.set(id, map);
  return map;
}

/** The name of the public holiday on a local date ("YYYY-MM-DD"), or null. */
export function holidayOn(date: string, state: string, lang: Lang): string | null {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year)) return null;
  return holidaysOf(state, year, lang).get(date) ?? null;
}
