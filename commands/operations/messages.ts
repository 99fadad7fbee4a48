// Texts of the operations family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, concat, i, join, lines, r, section } from "../../src/render/rich.ts";
import type { Part, Rich } from "../../src/render/rich.ts";
import type { OperationType } from "../../src/store/operations.ts";

export interface StaffLine {
  agency: string;
  committed: number;
  needed: number | null;
}

const staffDe = (s: StaffLine): Rich =>
  s.needed === null ? r`${s.agency}: ${s.committed}` : s.committed < s.needed ? r`${s.agency}: ${b(`${s.committed} von ${s.needed}`)} (fehlt ${s.needed - s.committed})` : r`${s.agency}: ${s.committed} von ${s.needed}`;
const staffEn = (s: StaffLine): Rich =>
  s.needed === null ? r`${s.agency}: ${s.committed}` : s.committed < s.needed ? r`${s.agency}: ${b(`${s.committed} of ${s.needed}`)} (${s.needed - s.committed} missing)` : r`${s.agency}: ${s.committed} of ${s.needed}`;

const de = {
  typeNames: { patrol: "Streife", control: "Kontrolle", event: "Veranstaltung" } satisfies Record<OperationType, string>,
  staffing: (lines_: readonly StaffLine[]) => join(lines_.map(staffDe), " · "),
  planned: (id: string, when: string, place: string | null) => r`Einsatz ${b(id)} geplant: ${when}${place ? `, ${place}` : ""}`,
  overlap: (others: readonly string[]) => r`⚠ Hinweis: Zur selben Zeit ist am selben Ort bereits ${others.join(", ")} geplant.`,
  remindersAt: (list_: string) => r`Erinnerungen: ${list_}`,
  inPast: (when: string) => r`Der Beginn (${when}) liegt in der Vergangenheit. Bitte einen künftigen Zeitpunkt angeben.`,
  endBeforeStart: (start: string, end: string) => r`Das Ende (${end}) liegt nicht nach dem Beginn (${start}).`,
  endNextDay: (end: string) => r`Hinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis ${end}.`,
  notFound: (id: string) => r`Einen Einsatz ${id} gibt es nicht. Übersicht: ${code("!einsatz liste")}`,
  notEditable: (id: string, state: string) => r`Einsatz ${id} ist ${state} und kann nicht mehr geändert werden.`,
  nothingToChange: () => r`Bitte angeben, was sich ändert, z. B. ${code("!einsatz ändern OP-7 wann=\"05.12. 21:00\" ort=Marktplatz")}.`,
  edited: (id: string, changes: Rich) => section(r`Einsatz ${b(id)} geändert:`, changes),
  change: (what: string, from: string, to: string) => r`${what}: ${from} → ${to}`,
  fieldNames: { title: "Titel", time: "Zeit", place: "Ort", type: "Art", field: "Handlungsfeld", spot: "Brennpunkt", staffing: "Personalbedarf" },
  none: "—",
  cancelled: (id: string, title: string, reason: string | null) => r`Einsatz ${b(id)} (${title}) ist abgesagt.${reason ? ` Grund: ${reason}` : ""} Erinnerungen entfallen.`,
  joined: (id: string, agency: string, staff: Rich) => lines(r`Sie sind für ${b(id)} eingetragen (${agency}).`, staff),
  alreadyJoined: (id: string) => r`Sie stehen bereits auf dem Dienstplan von ${id}.`,
  left: (id: string, staff: Rich) => lines(r`Sie sind aus dem Dienstplan von ${b(id)} ausgetragen.`, staff),
  notOnRoster: (id: string) => r`Sie stehen nicht auf dem Dienstplan von ${id}.`,
  reportMissing: () => r`Bitte den Bericht in die Zeilen unter dem Befehl schreiben:${"\n"}!einsatz bericht OP-7${"\n"}Verlauf ruhig, zwei Platzverweise …`,
  reported: (id: string) => r`Bericht zu ${b(id)} gespeichert; der Einsatz ist erledigt.`,
  alreadyDone: (id: string) => r`Zu ${id} liegt bereits ein Bericht vor.`,
  reportAction: (id: string) => `den Bericht zu ${id} abgeben`,
  listTitle: (filter: string, n: number) => b(`Einsätze (${filter}): ${n}`),
  filterNames: { upcoming: "anstehend", week: "diese Woche", month: "dieser Monat", past: "vergangen", all: "alle" },
  listEmpty: (filter: string) => r`Keine Einsätze (${filter}). Neu planen: ${code("!einsatz planen <Titel> wann=<Datum Zeit>")}`,
  listItem: (when: string, id: string, title: string, details: Part) => lines(concat(b(when), " · ", id, " ", title), details ? concat("   ", details) : null),
  more: (n: number) => i(`… und ${n} weitere`),
  show: {
    time: "Zeit", place: "Ort", type: "Art", field: "Handlungsfeld", spot: "Brennpunkt", state: "Status",
    staffing: "Personal", roster: "Dienstplan", report: "Bericht", history: "Verlauf", reason: "Grund",
  },
  rosterEmpty: "noch niemand",
  history: {
    "op.plan": "geplant", "op.edit": "geändert", "op.cancel": "abgesagt", "op.join": "eingetragen", "op.leave": "ausgetragen", "op.report": "Bericht",
  } as Record<string, string>,
  reminder: (id: string, title: string, inText: string, when: string, place: string | null) =>
    r`Erinnerung: Einsatz ${b(id)} ${title} beginnt in ${inText} – ${when}${place ? `, ${place}` : ""}.`,
  rosterLine: (people: Rich) => concat("Dienstplan: ", people),
  gaps: (staff: Rich) => concat("Es fehlt Personal – ", staff),
  icsTitle: "Gemeinsame Einsätze",
  icsName: "einsaetze.ics",
  icsCaption: (n: number) => r`Kalenderdatei mit ${n} Einsätzen. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.`,
  label: (id: string, offset: string) => `Erinnerung ${id} (${offset} vorher)`,
};

const en: typeof de = {
  typeNames: { patrol: "patrol", control: "control", event: "event" },
  staffing: (lines_) => join(lines_.map(staffEn), " · "),
  planned: (id, when, place) => r`Operation ${b(id)} planned: ${when}${place ? `, ${place}` : ""}`,
  overlap: (others) => r`⚠ Note: ${others.join(", ")} is already planned at the same place and time.`,
  remindersAt: (list_) => r`Reminders: ${list_}`,
  inPast: (when) => r`The start (${when}) is in the past. Please give a future time.`,
  endBeforeStart: (start, end) => r`The end (${end}) is not after the start (${start}).`,
  endNextDay: (end) => r`Note: the end time is earlier than the start time, so it is on the next day – until ${end}.`,
  notFound: (id) => r`There is no operation ${id}. Overview: ${code("!op list")}`,
  notEditable: (id, state) => r`Operation ${id} is ${state} and can no longer be changed.`,
  nothingToChange: () => r`Please say what changes, e.g. ${code('!op edit OP-7 at="2026-12-05 21:00" place=Marktplatz')}.`,
  edited: (id, changes) => section(r`Operation ${b(id)} changed:`, changes),
  change: (what, from, to) => r`${what}: ${from} → ${to}`,
  fieldNames: { title: "Title", time: "Time", place: "Place", type: "Type", field: "Field", spot: "Hotspot", staffing: "Staff needed" },
  none: "—",
  cancelled: (id, title, reason) => r`Operation ${b(id)} (${title}) is cancelled.${reason ? ` Reason: ${reason}` : ""} Reminders are dropped.`,
  joined: (id, agency, staff) => lines(r`You are on the roster of ${b(id)} (${agency}).`, staff),
  alreadyJoined: (id) => r`You are already on the roster of ${id}.`,
  left: (id, staff) => lines(r`You are off the roster of ${b(id)}.`, staff),
  notOnRoster: (id) => r`You are not on the roster of ${id}.`,
  reportMissing: () => r`Please write the report on the lines below the command:${"\n"}!op report OP-7${"\n"}Quiet, two people sent away …`,
  reported: (id) => r`Report on ${b(id)} saved; the operation is done.`,
  alreadyDone: (id) => r`${id} already has a report.`,
  reportAction: (id) => `report on ${id}`,
  listTitle: (filter, n) => b(`Operations (${filter}): ${n}`),
  filterNames: { upcoming: "upcoming", week: "this week", month: "this month", past: "past", all: "all" },
  listEmpty: (filter) => r`No operations (${filter}). Plan one: ${code("!op plan <title> at=<date time>")}`,
  listItem: (when, id, title, details) => lines(concat(b(when), " · ", id, " ", title), details ? concat("   ", details) : null),
  more: (n) => i(`… and ${n} more`),
  show: {
    time: "Time", place: "Place", type: "Type", field: "Field", spot: "Hotspot", state: "State",
    staffing: "Staff", roster: "Roster", report: "Report", history: "History", reason: "Reason",
  },
  rosterEmpty: "nobody yet",
  history: { "op.plan": "planned", "op.edit": "changed", "op.cancel": "cancelled", "op.join": "joined", "op.leave": "left", "op.report": "report" },
  reminder: (id, title, inText, when, place) => r`Reminder: operation ${b(id)} ${title} starts in ${inText} – ${when}${place ? `, ${place}` : ""}.`,
  rosterLine: (people) => concat("Roster: ", people),
  gaps: (staff) => concat("Staff missing – ", staff),
  icsTitle: "Joint operations",
  icsName: "operations.ics",
  icsCaption: (n) => r`Calendar file with ${n} operations. Importing it again updates the entries instead of duplicating them.`,
  label: (id, offset) => `Reminder ${id} (${offset} before)`,
};

export const opMessages: Catalog<typeof de> = { de, en };
