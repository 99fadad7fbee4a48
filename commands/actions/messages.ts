// Texts of the action-item family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, i, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

export type ListFilter = "mine" | "open" | "overdue";

const de = {
  added: (id: string, owner: Rich, due: string, committee: string | null) =>
    r`Aufgabe ${b(id)} für ${owner}${committee ? ` (Gremium ${committee})` : ""}, fällig ${due}. Erinnerung am Fälligkeitstag und täglich, solange sie offen ist.`,
  addedEvery: (id: string, owner: Rich, due: string, committee: string | null, every: string) =>
    r`Aufgabe ${b(id)} für ${owner}${committee ? ` (Gremium ${committee})` : ""}, fällig ${due}. Erinnerung bei Fälligkeit und danach ${every}, solange sie offen ist.`,
  duePast: (due: string) => r`Das Fälligkeitsdatum (${due}) liegt in der Vergangenheit. Bitte ein künftiges Datum angeben.`,
  badNudge: (s: string) => `mahnen= muss eine Dauer sein, z. B. 1d oder 2d, nicht „${s}“.`,
  notFound: (id: string) => r`Eine Aufgabe ${id} gibt es nicht. Übersicht: ${code("!aufgabe liste")}`,
  alreadyDone: (id: string) => r`${id} ist bereits erledigt.`,
  doneAction: (id: string) => `${id} als erledigt melden`,
  // "Weitere Erinnerungen entfallen" only when a reminder was really still planned (cancelled > 0).
  done: (id: string, text: string, cancelled: number) => r`Aufgabe ${b(id)} „${text}“ ist erledigt.${cancelled > 0 ? " Weitere Erinnerungen entfallen." : ""}`,
  listHeads: { mine: "Ihre offenen Aufgaben", open: "Offene Aufgaben", overdue: "Überfällige Aufgaben" } satisfies Record<ListFilter, string>,
  listNone: { mine: "Sie haben keine offenen Aufgaben.", open: "Keine offenen Aufgaben.", overdue: "Keine überfälligen Aufgaben." } satisfies Record<ListFilter, string>,
  listTitle: (head: string, n: number) => `${head}: ${n}`,
  more: (n: number) => i(`… und ${n} weitere`),
  dueToday: (id: string, text: string, committee: string | null, owner: Rich) => r`Heute fällig: ${b(id)} „${text}“${committee ? ` (Gremium ${committee})` : ""} – ${owner}`,
  dueNow: (id: string, text: string, committee: string | null, owner: Rich) => r`Jetzt fällig: ${b(id)} „${text}“${committee ? ` (Gremium ${committee})` : ""} – ${owner}`,
  overdue: (id: string, text: string, committee: string | null, owner: Rich, since: string) =>
    r`Überfällig seit ${since}: ${b(id)} „${text}“${committee ? ` (Gremium ${committee})` : ""} – ${owner}. Bitte erledigen und mit ${code(`!aufgabe erledigt ${id}`)} melden.`,
  situationHead: "Überfällige Aufgaben",
  label: (id: string) => `Erinnerung an Aufgabe ${id}`,
};

const en: typeof de = {
  added: (id, owner, due, committee) => r`Action item ${b(id)} for ${owner}${committee ? ` (committee ${committee})` : ""}, due ${due}. Reminder on the due date and daily while it is open.`,
  addedEvery: (id, owner, due, committee, every) =>
    r`Action item ${b(id)} for ${owner}${committee ? ` (committee ${committee})` : ""}, due ${due}. Reminder when due and then ${every} while it is open.`,
  duePast: (due) => r`The due date (${due}) is in the past. Please give a future date.`,
  badNudge: (s) => `nudge= must be a duration such as 1d or 2d, not "${s}".`,
  notFound: (id) => r`There is no action item ${id}. Overview: ${code("!action list")}`,
  alreadyDone: (id) => r`${id} is already done.`,
  doneAction: (id) => `mark ${id} done`,
  done: (id, text, cancelled) => r`Action item ${b(id)} "${text}" is done.${cancelled > 0 ? " Further reminders are dropped." : ""}`,
  listHeads: { mine: "Your open action items", open: "Open action items", overdue: "Overdue action items" },
  listNone: { mine: "You have no open action items.", open: "No open action items.", overdue: "No overdue action items." },
  listTitle: (head, n) => `${head}: ${n}`,
  more: (n) => i(`… and ${n} more`),
  dueToday: (id, text, committee, owner) => r`Due today: ${b(id)} "${text}"${committee ? ` (committee ${committee})` : ""} – ${owner}`,
  dueNow: (id, text, committee, owner) => r`Due now: ${b(id)} "${text}"${committee ? ` (committee ${committee})` : ""} – ${owner}`,
  overdue: (id, text, committee, owner, since) =>
    r`Overdue since ${since}: ${b(id)} "${text}"${committee ? ` (committee ${committee})` : ""} – ${owner}. Please finish it and report it with ${code(`!action done ${id}`)}.`,
  situationHead: "Overdue action items",
  label: (id) => `Reminder of action item ${id}`,
};

export const aiMessages: Catalog<typeof de> = { de, en };
