// Texts of the agenda family, German and English from the same builders. An item's line and the
// agenda's size are src/render/agenda.ts (the committee family posts them too).
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, r } from "../../src/render/rich.ts";
import type { AgendaState } from "../../src/store/committees.ts";

const de = {
  added: (id: string, name: string, when: string) => r`Tagesordnungspunkt ${b(id)} für die Sitzung des Gremiums ${name} am ${when} angemeldet.`,
  noNextMeeting: (slug: string) => r`Für ${slug} ist keine weitere Sitzung geplant.`,
  itemNotFound: (id: string) => r`Einen Tagesordnungspunkt ${id} gibt es nicht.`,
  itemClosed: (id: string, state: string) => r`${id} ist bereits ${state}.`,
  // "gestrichen", as in the reply to !top entfernen and its help ("streicht").
  stateNames: { done: "erledigt", removed: "gestrichen", open: "offen" } satisfies Record<AgendaState, string>,
  removed: (id: string, text: string) => r`${b(id)} „${text}“ ist von der Tagesordnung gestrichen.`,
  done: (id: string, text: string) => r`${b(id)} „${text}“ ist erledigt.`,
  itemAction: { remove: (id: string) => `${id} streichen`, done: (id: string) => `${id} als erledigt markieren` },
  // Plain: the list's section() sets it in bold.
  listFor: (name: string, when: string) => `Tagesordnung ${name} – ${when}`,
  badMinutes: (s: string) => `minuten= muss eine ganze Zahl von 1 bis 600 sein, nicht „${s}“.`,
  missingTopic: () => `Es fehlt das Thema des Tagesordnungspunkts.`,
  topicTooLong: "Das Thema ist zu lang (höchstens 500 Zeichen).",
};

const en: typeof de = {
  added: (id, name, when) => r`Agenda item ${b(id)} added for the meeting of ${name} on ${when}.`,
  noNextMeeting: (slug) => r`${slug} has no further meeting planned.`,
  itemNotFound: (id) => r`There is no agenda item ${id}.`,
  itemClosed: (id, state) => r`${id} is already ${state}.`,
  stateNames: { done: "done", removed: "removed", open: "open" },
  removed: (id, text) => r`${b(id)} "${text}" is removed from the agenda.`,
  done: (id, text) => r`${b(id)} "${text}" is done.`,
  itemAction: { remove: (id) => `remove ${id}`, done: (id) => `mark ${id} done` },
  listFor: (name, when) => `Agenda ${name} – ${when}`,
  badMinutes: (s) => `minutes= must be a whole number from 1 to 600, not "${s}".`,
  missingTopic: () => `The topic of the agenda item is missing.`,
  topicTooLong: "The topic is too long (at most 500 characters).",
};

export const agendaMessages: Catalog<typeof de> = { de, en };
