// Words of the week picture (`!lage woche`): in the image and in its text for screen readers.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

const de = {
  title: (from: string, to: string) => `Lage der Woche ${from}–${to}`,
  asOf: (at: string) => `Stand: ${at}`,
  empty: "Keine Einsätze und keine Sitzungen in diesen sieben Tagen",
  more: (n: number) => `+ ${n} weitere`,
  holiday: "Feiertag",
  operation: "Einsatz",
  meeting: "Sitzung",
  gap: "fehlt",
  running: (time: string) => `${time} (läuft)`,
  totals: "Insgesamt fehlen:",
  // The text beside the picture: the same content, one line per day, for screen readers.
  heading: (title: string) => b(`${title} (als Bild)`),
  day: (day: string, holiday: string | null, items: Rich | null) =>
    r`${day}${holiday ? ` (Feiertag: ${holiday})` : ""}: ${items ?? "nichts geplant"}`,
  opItem: (id: string, title: string, time: string, gaps: string | null) => r`${b(id)} „${title}“ ${time}${gaps ? `, fehlt: ${gaps}` : ""}`,
  meetingItem: (name: string, slug: string, time: string) => r`Sitzung ${name} (${slug}) ${time}`,
  totalsLine: (gaps: string) => `Insgesamt fehlen: ${gaps}`,
};
const en: typeof de = {
  title: (from, to) => `The week ${from}–${to}`,
  asOf: (at) => `As of ${at}`,
  empty: "No operations and no meetings in these seven days",
  more: (n) => `+ ${n} more`,
  holiday: "public holiday",
  operation: "operation",
  meeting: "meeting",
  gap: "missing",
  running: (time) => `${time} (running)`,
  totals: "Missing in total:",
  heading: (title) => b(`${title} (as a picture)`),
  day: (day, holiday, items) => r`${day}${holiday ? ` (public holiday: ${holiday})` : ""}: ${items ?? "nothing planned"}`,
  opItem: (id, title, time, gaps) => r`${b(id)} "${title}" ${time}${gaps ? `, missing: ${gaps}` : ""}`,
  meetingItem: (name, slug, time) => r`meeting ${name} (${slug}) ${time}`,
  totalsLine: (gaps) => `Missing in total: ${gaps}`,
};
export const weekMessages: Catalog<typeof de> = { de, en };
