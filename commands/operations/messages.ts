// Texts of the operations family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { andList, sentenceEnd } from "../../src/i18n/phrases.ts";
import { b, code, concat, i, join, lines, r, section, text } from "../../src/render/rich.ts";
import type { Part, Rich } from "../../src/render/rich.ts";
import type { OperationType } from "../../src/store/operations.ts";

/** The filters of `!einsatz liste`. */
export type OpListFilter = "upcoming" | "week" | "next week" | "month" | "next month" | "past" | "all";

export interface StaffLine {
  agency: string;
  committed: number;
  needed: number | null;
}

/** The hotspot an operation is held at: "HS-2" and its name. */
export interface PlannedSpot {
  id: string;
  name: string;
}

const staffDe = (s: StaffLine): Rich =>
  s.needed === null ? r`${s.agency}: ${s.committed}` : s.committed < s.needed ? r`${s.agency}: ${b(`${s.committed} von ${s.needed}`)} (${s.needed - s.committed === 1 ? "1 fehlt" : `${s.needed - s.committed} fehlen`})` : r`${s.agency}: ${s.committed} von ${s.needed}`;
const staffEn = (s: StaffLine): Rich =>
  s.needed === null ? r`${s.agency}: ${s.committed}` : s.committed < s.needed ? r`${s.agency}: ${b(`${s.committed} of ${s.needed}`)} (${s.needed - s.committed} missing)` : r`${s.agency}: ${s.committed} of ${s.needed}`;

const de = {
  typeNames: { patrol: "Streife", control: "Kontrolle", event: "Veranstaltung" } satisfies Record<OperationType, string>,
  staffing: (lines_: readonly StaffLine[]) => join(lines_.map(staffDe), " · "),
  planned: (id: string, title: string, when: string, place: string | null, spot: PlannedSpot | null) =>
    r`Einsatz ${b(id)} „${title}“ geplant: ${when}${place ? `, ${place}` : ""}${spot ? ` – am Brennpunkt ${spot.id} „${spot.name}“` : ""}`,
  overlap: (others: readonly string[]) =>
    others.length === 1
      ? r`⚠ Hinweis: Zur selben Zeit ist am selben Ort bereits ${others[0] ?? ""} geplant.`
      : r`⚠ Hinweis: Zur selben Zeit sind am selben Ort bereits ${andList(others, "de")} geplant.`,
  remindersAt: (times: readonly string[]) => r`Erinnerungen: ${andList(times, "de")}`,
  inPast: (when: string) => r`Der Beginn (${when}) liegt in der Vergangenheit. Bitte einen künftigen Zeitpunkt angeben.`,
  endBeforeStart: (start: string, end: string) => r`Das Ende (${end}) liegt nicht nach dem Beginn (${start}).`,
  endNextDay: (end: string) => r`Hinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis ${end}.`,
  endFromStart: (end: string) => r`Hinweis: Das Ende ist vom Tag des Beginns aus gerechnet – bis ${end}.`,
  endTwice: () => r`Das Ende ist doppelt angegeben: in ${code("wann=")} und in ${code("bis=")}. Bitte nur eines davon angeben.`,
  notFound: (id: string) => r`Einen Einsatz ${id} gibt es nicht. Übersicht: ${code("!einsatz liste")}`,
  notEditable: (id: string, state: string) => r`Einsatz ${id} ist ${state} und kann nicht mehr geändert werden.`,
  nothingToChange: () => r`Bitte angeben, was sich ändert, z. B. ${code("!einsatz ändern OP-7 wann=\"05.12. 21:00\" ort=Marktplatz")}.`,
  // The values given are the current ones: say so, rather than "say what changes" as if nothing was given.
  unchanged: (id: string) => r`${id} hat diese Angaben bereits; nichts geändert.`,
  unchangedStart: (id: string, start: string) => r`${id} beginnt bereits ${start}; nichts geändert.`,
  unchangedEnd: (id: string, end: string) => r`${id} endet bereits ${end}; nichts geändert.`,

  edited: (id: string, changes: Rich) => section(r`Einsatz ${b(id)} geändert:`, changes),
  change: (what: string, from: string, to: string) => r`${what}: ${from} → ${to}`,
  fieldNames: { title: "Titel", time: "Zeit", place: "Ort", type: "Art", field: "Handlungsfeld", spot: "Brennpunkt", staffing: "Personalbedarf" },
  none: "—",
  cancelled: (id: string, title: string, reason: string | null, remindersDropped: boolean) =>
    r`Einsatz ${b(id)} „${title}“ ist abgesagt.${reason ? ` Grund: ${sentenceEnd(reason)}` : ""}${remindersDropped ? " Die geplanten Erinnerungen entfallen." : ""}`,
  joined: (id: string, agency: string, staff: Rich | null) => lines(r`Sie sind für ${b(id)} eingetragen (${agency}).`, staff),
  alreadyJoined: (id: string) => r`Sie stehen bereits auf dem Dienstplan von ${id}.`,
  left: (id: string, staff: Rich | null) => lines(r`Sie sind aus dem Dienstplan von ${b(id)} ausgetragen.`, staff),
  notOnRoster: (id: string) => r`Sie stehen nicht auf dem Dienstplan von ${id}.`,
  reportMissing: (id: string) => lines("Bitte den Bericht in die Zeilen unter dem Befehl schreiben, z. B.:", code(`!einsatz bericht ${id}`), i("Verlauf ruhig, zwei Platzverweise …")),
  reported: (id: string) => r`Bericht zu ${b(id)} gespeichert; der Einsatz ist damit abgeschlossen.`,
  alreadyDone: (id: string) => r`Zu ${id} liegt bereits ein Bericht vor.`,
  reportTooEarly: (id: string, start: string) => r`${id} hat noch nicht begonnen. Ein Bericht ist ab Beginn möglich (${start}).`,
  reportAction: (id: string) => `den Bericht zu ${id} abgeben`,
  listHeads: {
    upcoming: "Anstehende Einsätze", week: "Einsätze dieser Woche", "next week": "Einsätze der nächsten Woche", month: "Einsätze dieses Monats",
    "next month": "Einsätze des nächsten Monats", past: "Vergangene Einsätze", all: "Alle Einsätze",
  } satisfies Record<OpListFilter, string>,
  listNone: {
    upcoming: "Keine anstehenden Einsätze.", week: "Diese Woche sind keine Einsätze geplant.", "next week": "Nächste Woche sind keine Einsätze geplant.",
    month: "In diesem Monat sind keine Einsätze geplant.", "next month": "Im nächsten Monat sind keine Einsätze geplant.",
    past: "Es gibt keine vergangenen Einsätze.", all: "Es sind noch keine Einsätze erfasst.",
  } satisfies Record<OpListFilter, string>,
  listTitle: (head: string, n: number) => b(`${head}: ${n}`),
  // No "plan one" after the past: planning does not add to it.
  listEmpty: (none: string, filter: OpListFilter) => (filter === "past" ? text(none) : r`${none} Neu planen: ${code("!einsatz planen <Titel> wann=<Datum Zeit>")}`),
  listItem: (when: string, id: string, title: string, details: Part) => lines(concat(b(when), " · ", id, " ", title), details ? concat("   ", details) : null),
  more: (n: number) => i(`… und ${n} weitere`),
  show: {
    time: "Zeit", place: "Ort", type: "Art", field: "Handlungsfeld", spot: "Brennpunkt", state: "Status",
    staffing: "Personal", roster: "Dienstplan", report: "Bericht", history: "Verlauf", reason: "Grund",
  },
  rosterEmpty: "noch niemand",
  history: {
    "op.plan": "geplant", "op.edit": "geändert", "op.cancel": "abgesagt", "op.join": "eingetragen", "op.leave": "ausgetragen", "op.report": "Bericht abgegeben",
  } as Record<string, string>,
  historyLine: (when: string, what: string, actor: Part) => r`${when} – ${what} von ${actor}`,
  reminder: (id: string, title: string, inText: string, when: string, place: string | null) =>
    r`Erinnerung: Einsatz ${b(id)} „${title}“ beginnt in ${inText} (${when}${place ? `, ${place}` : ""}).`,
  rosterLine: (people: Rich) => concat("Dienstplan: ", people),
  gaps: (staff: Rich) => concat("Personallücke – ", staff),
  icsTitle: "Gemeinsame Einsätze",
  icsName: "einsaetze.ics",
  icsCaption: (n: number) =>
    r`${n === 0 ? "Kalenderdatei ohne Einsätze (es ist keiner geplant)." : n === 1 ? "Kalenderdatei mit 1 Einsatz." : `Kalenderdatei mit ${n} Einsätzen.`} Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.`,
  label: (id: string, offset: string) => `Erinnerung ${id} (${offset} vorher)`,
};

const en: typeof de = {
  typeNames: { patrol: "patrol", control: "control", event: "event" },
  staffing: (lines_) => join(lines_.map(staffEn), " · "),
  planned: (id, title, when, place, spot) => r`Operation ${b(id)} "${title}" planned: ${when}${place ? `, ${place}` : ""}${spot ? ` – at hotspot ${spot.id} "${spot.name}"` : ""}`,
  overlap: (others) =>
    others.length === 1
      ? r`⚠ Note: ${others[0] ?? ""} is already planned at the same place and time.`
      : r`⚠ Note: ${andList(others, "en")} are already planned at the same place and time.`,
  remindersAt: (times) => r`Reminders: ${andList(times, "en")}`,
  inPast: (when) => r`The start (${when}) is in the past. Please give a future time.`,
  endBeforeStart: (start, end) => r`The end (${end}) is not after the start (${start}).`,
  endNextDay: (end) => r`Note: the end time is earlier than the start time, so it is on the next day – until ${end}.`,
  endFromStart: (end) => r`Note: the end is counted from the day of the start – until ${end}.`,
  endTwice: () => r`The end is given twice: in ${code("at=")} and in ${code("until=")}. Please give only one of them.`,
  notFound: (id) => r`There is no operation ${id}. Overview: ${code("!op list")}`,
  notEditable: (id, state) => r`Operation ${id} is ${state} and can no longer be changed.`,
  nothingToChange: () => r`Please say what changes, e.g. ${code('!op edit OP-7 at="2026-12-05 21:00" place=Marktplatz')}.`,
  unchanged: (id) => r`${id} already has these values; nothing changed.`,
  unchangedStart: (id, start) => r`${id} already starts ${start}; nothing changed.`,
  unchangedEnd: (id, end) => r`${id} already ends ${end}; nothing changed.`,

  edited: (id, changes) => section(r`Operation ${b(id)} changed:`, changes),
  change: (what, from, to) => r`${what}: ${from} → ${to}`,
  fieldNames: { title: "Title", time: "Time", place: "Place", type: "Type", field: "Field", spot: "Hotspot", staffing: "Staff needed" },
  none: "—",
  cancelled: (id, title, reason, remindersDropped) =>
    r`Operation ${b(id)} "${title}" is cancelled.${reason ? ` Reason: ${sentenceEnd(reason)}` : ""}${remindersDropped ? " The scheduled reminders are dropped." : ""}`,
  joined: (id, agency, staff) => lines(r`You are on the roster of ${b(id)} (${agency}).`, staff),
  alreadyJoined: (id) => r`You are already on the roster of ${id}.`,
  left: (id, staff) => lines(r`You are off the roster of ${b(id)}.`, staff),
  notOnRoster: (id) => r`You are not on the roster of ${id}.`,
  reportMissing: (id) => lines("Please write the report on the lines below the command, e.g.:", code(`!op report ${id}`), i("Quiet, two people sent away …")),
  reported: (id) => r`Report on ${b(id)} saved; the operation is done.`,
  alreadyDone: (id) => r`${id} already has a report.`,
  reportTooEarly: (id, start) => r`${id} has not started yet. A report is possible from its start (${start}).`,
  reportAction: (id) => `report on ${id}`,
  listHeads: {
    upcoming: "Upcoming operations", week: "Operations this week", "next week": "Operations next week", month: "Operations this month",
    "next month": "Operations next month", past: "Past operations", all: "All operations",
  },
  listNone: {
    upcoming: "No upcoming operations.", week: "No operations are planned this week.", "next week": "No operations are planned next week.",
    month: "No operations are planned this month.", "next month": "No operations are planned next month.",
    past: "There are no past operations.", all: "No operations are recorded yet.",
  },
  listTitle: (head, n) => b(`${head}: ${n}`),
  listEmpty: (none, filter) => (filter === "past" ? text(none) : r`${none} Plan one: ${code("!op plan <title> at=<date time>")}`),
  listItem: (when, id, title, details) => lines(concat(b(when), " · ", id, " ", title), details ? concat("   ", details) : null),
  more: (n) => i(`… and ${n} more`),
  show: {
    time: "Time", place: "Place", type: "Type", field: "Field", spot: "Hotspot", state: "State",
    staffing: "Staff", roster: "Roster", report: "Report", history: "History", reason: "Reason",
  },
  rosterEmpty: "nobody yet",
  history: { "op.plan": "planned", "op.edit": "changed", "op.cancel": "cancelled", "op.join": "joined", "op.leave": "left", "op.report": "report filed" },
  historyLine: (when, what, actor) => r`${when} – ${what} by ${actor}`,
  reminder: (id, title, inText, when, place) => r`Reminder: operation ${b(id)} "${title}" starts in ${inText} (${when}${place ? `, ${place}` : ""}).`,
  rosterLine: (people) => concat("Roster: ", people),
  gaps: (staff) => concat("Staff missing – ", staff),
  icsTitle: "Joint operations",
  icsName: "operations.ics",
  icsCaption: (n) =>
    r`${n === 0 ? "Calendar file without operations (none is planned)." : n === 1 ? "Calendar file with 1 operation." : `Calendar file with ${n} operations.`} Importing it again updates the entries instead of duplicating them.`,
  label: (id, offset) => `Reminder ${id} (${offset} before)`,
};

export const opMessages: Catalog<typeof de> = { de, en };
