// Texts of the action-item family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, i, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

const de = {
  added: (id: string, owner: Rich, due: string, committee: string | null) =>
    r`Aufgabe ${b(id)} für ${owner}${committee ? ` (Gremium ${committee})` : ""}, fällig ${due}. Erinnerung am Fälligkeitstag und täglich, solange sie offen ist.`,
  addedEvery: (id: string, owner: Rich, due: string, committee: string | null, every: string) =>
    r`Aufgabe ${b(id)} für ${owner}${committee ? ` (Gremium ${committee})` : ""}, fällig ${due}. Erinnerung bei Fälligkeit und danach alle ${every}, solange sie offen ist.`,
  duePast: (due: string) => r`Das Fälligkeitsdatum (${due}) liegt in der Vergangenheit. Bitte ein künftiges Datum angeben.`,
  missingOwner: () => `Es fehlt, wer die Aufgabe übernimmt: verantwortlich=@name:server.example.`,
  missingDue: () => `Es fehlt das Fälligkeitsdatum: bis=<Datum>, z. B. bis=15.12.2026.`,
  missingText: () => `Es fehlt die Beschreibung der Aufgabe.`,
  badNudge: (s: string) => `mahnen= muss eine Dauer sein, z. B. 1d oder 2d, nicht „${s}“.`,
  notFound: (id: string) => r`Eine Aufgabe ${id} gibt es nicht. Übersicht: ${code("!aufgabe liste")}`,
  alreadyDone: (id: string) => r`${id} ist bereits erledigt.`,
  doneAction: (id: string) => `${id} als erledigt melden`,
  done: (id: string, text: string) => r`Aufgabe ${b(id)} (${text}) ist erledigt. Erinnerungen entfallen.`,
  filterNames: { mine: "meine", open: "offen", overdue: "überfällig" },
  listTitle: (filter: string, n: number) => b(`Aufgaben (${filter}): ${n}`),
  listEmpty: (filter: string) => r`Keine Aufgaben (${filter}).`,
  more: (n: number) => i(`… und ${n} weitere`),
  dueToday: (id: string, text: string, committee: string | null, owner: Rich) => r`Heute fällig: ${b(id)} ${text}${committee ? ` (Gremium ${committee})` : ""} – ${owner}`,
  dueNow: (id: string, text: string, committee: string | null, owner: Rich) => r`Jetzt fällig: ${b(id)} ${text}${committee ? ` (Gremium ${committee})` : ""} – ${owner}`,
  overdue: (id: string, text: string, committee: string | null, owner: Rich, since: string) =>
    r`Überfällig seit ${since}: ${b(id)} ${text}${committee ? ` (Gremium ${committee})` : ""} – ${owner}. Bitte erledigen und mit ${code(`!aufgabe erledigt ${id}`)} melden.`,
  situationHead: "Überfällige Aufgaben",
  label: (id: string) => `Erinnerung an Aufgabe ${id}`,
};

const en: typeof de = {
  added: (id, owner, due, committee) => r`Action item ${b(id)} for ${owner}${committee ? ` (committee ${committee})` : ""}, due ${due}. Reminder on the due date and daily while it is open.`,
  addedEvery: (id, owner, due, committee, every) =>
    r`Action item ${b(id)} for ${owner}${committee ? ` (committee ${committee})` : ""}, due ${due}. Reminder when due and then every ${every} while it is open.`,
  duePast: (due) => r`The due date (${due}) is in the past. Please give a future date.`,
  missingOwner: () => `Who takes it on is missing: owner=@name:server.example.`,
  missingDue: () => `The due date is missing: due=<date>, e.g. due=2026-12-15.`,
  missingText: () => `The description of the action item is missing.`,
  badNudge: (s) => `nudge= must be a duration such as 1d or 2d, not "${s}".`,
  notFound: (id) => r`There is no action item ${id}. Overview: ${code("!action list")}`,
  alreadyDone: (id) => r`${id} is already done.`,
  doneAction: (id) => `mark ${id} done`,
  done: (id, text) => r`Action item ${b(id)} (${text}) is done. Reminders are dropped.`,
  filterNames: { mine: "mine", open: "open", overdue: "overdue" },
  listTitle: (filter, n) => b(`Action items (${filter}): ${n}`),
  listEmpty: (filter) => r`No action items (${filter}).`,
  more: (n) => i(`… and ${n} more`),
  dueToday: (id, text, committee, owner) => r`Due today: ${b(id)} ${text}${committee ? ` (committee ${committee})` : ""} – ${owner}`,
  dueNow: (id, text, committee, owner) => r`Due now: ${b(id)} ${text}${committee ? ` (committee ${committee})` : ""} – ${owner}`,
  overdue: (id, text, committee, owner, since) =>
    r`Overdue since ${since}: ${b(id)} ${text}${committee ? ` (committee ${committee})` : ""} – ${owner}. Please finish it and report it with ${code(`!action done ${id}`)}.`,
  situationHead: "Overdue action items",
  label: (id) => `Reminder of action item ${id}`,
};

export const aiMessages: Catalog<typeof de> = { de, en };
