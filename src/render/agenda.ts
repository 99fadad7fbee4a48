// An agenda item (TOP-n) as the agenda family lists it and the committee family posts it (the agenda
// before a meeting, the carry-over after it, `!committee show`), and the agenda's size.
import { formatRecordId } from "../ids.ts";
import type { Catalog, Lang } from "../i18n/lang.ts";
import type { AgendaItem } from "../store/committees.ts";
import { b, code, concat, i, r } from "./rich.ts";
import type { Part, Rich } from "./rich.ts";
import { person } from "./people.ts";

export const topId = (n: number): string => formatRecordId("TOP", n);

const de = {
  item: (id: string, text: string, owner: Part, minutes: number | null, carried: boolean, done: boolean): Rich =>
    concat(b(id), " ", text, owner ? concat(" – ", owner) : null, minutes ? `, ${minutes} Min.` : null, carried ? i(" (übertragen)") : null, done ? " ✓ erledigt" : null),
  // A label line like the one before it: no full stop after "Punkt" ("Min." keeps its own dot).
  total: (n: number, minutes: number) => (minutes ? r`${n} ${n === 1 ? "Punkt" : "Punkte"}, geplante Dauer ${minutes} Min.` : r`${n} ${n === 1 ? "Punkt" : "Punkte"}`),
  empty: (slug: string) => r`Noch keine Tagesordnungspunkte. Anmelden: ${code(`!top neu ${slug} <Thema>`)}`,
};
const en: typeof de = {
  item: (id, text, owner, minutes, carried, done) =>
    concat(b(id), " ", text, owner ? concat(" – ", owner) : null, minutes ? `, ${minutes} min` : null, carried ? i(" (carried over)") : null, done ? " ✓ done" : null),
  total: (n, minutes) => r`${n} ${n === 1 ? "item" : "items"}${minutes ? `, planned length ${minutes} min` : ""}.`,
  empty: (slug) => r`No agenda items yet. Add one: ${code(`!agenda add ${slug} <topic>`)}`,
};
const messages: Catalog<typeof de> = { de, en };

/** One agenda line as shown in lists and posts. */
export function itemLine(lang: Lang, x: AgendaItem): Rich {
  return messages[lang].item(topId(x.id), x.text, x.owner ? person(x.owner) : null, x.minutes, x.carried > 0, x.state === "done");
}

export const minutesOf = (items: readonly AgendaItem[]): number => items.reduce((sum, x) => sum + (x.minutes ?? 0), 0);

/** "3 Punkte, geplante Dauer 45 Min.": the open items and their planned minutes. */
export function agendaTotal(lang: Lang, open: readonly AgendaItem[]): Rich {
  return messages[lang].total(open.length, minutesOf(open));
}

/** A committee's agenda without items, with how to add one. */
export function agendaEmpty(lang: Lang, slug: string): Rich {
  return messages[lang].empty(slug);
}
