// Texts of the committee family, German and English from the same builders. An agenda item's line
// and the agenda's size are src/render/agenda.ts (the agenda family shows them too).
import type { Catalog } from "../../src/i18n/lang.ts";
import { andList } from "../../src/i18n/phrases.ts";
import { b, code, concat, i, join, lines, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

/** Which of a meeting's automatic posts a skip dropped (only the ones still planned). */
export interface DroppedPosts {
  agenda: number;
  reminders: number;
}

const droppedDe = (d: DroppedPosts): string =>
  d.agenda > 0 && d.reminders > 0
    ? " Tagesordnung und Erinnerungen entfallen."
    : d.agenda > 0
      ? " Der Versand der Tagesordnung entfällt."
      : d.reminders === 1
        ? " Die Erinnerung entfällt."
        : d.reminders > 1
          ? " Die Erinnerungen entfallen."
          : "";
const droppedEn = (d: DroppedPosts): string =>
  d.agenda > 0 && d.reminders > 0
    ? " Its agenda post and reminders are dropped."
    : d.agenda > 0
      ? " Its agenda post is dropped."
      : d.reminders === 1
        ? " Its reminder is dropped."
        : d.reminders > 1
          ? " Its reminders are dropped."
          : "";

const de = {
  // committees
  created: (name: string, slug: string, rhythm: string, minutes: number, place: string | null) =>
    r`Gremium ${b(name)} (${slug}) angelegt: ${rhythm}, ${minutes} Min.${place ? `, ${place}.` : ""}`,
  leads: (agenda: string, reminders: string | null) =>
    reminders ? r`Tagesordnung mit ${agenda} Vorlauf, Erinnerungen mit ${reminders} Vorlauf.` : r`Tagesordnung mit ${agenda} Vorlauf, keine Erinnerungen.`,
  nextMeetings: "Nächste Sitzungen:",
  noMeetings: () => r`Keine anstehenden Sitzungen.`,
  duplicate: (slug: string) => r`Ein Gremium mit dem Kürzel ${slug} gibt es bereits. Bitte ein anderes Kürzel wählen oder ${code(`!gremium zeigen ${slug}`)}.`,
  missingRhythm: () => r`Es fehlt der Sitzungsrhythmus: ${code('turnus="dienstag 10:00"')} oder ${code('cron="0 10 * * 2"')}.`,
  bothRhythms: () => r`Bitte nur eines angeben: turnus= oder cron=.`,
  missingName: () => r`Es fehlt der Name des Gremiums: ${code('name="Ordnungspartnerschaft Innenstadt"')}.`,
  badAgenda: (s: string) => `tagesordnung= muss eine Zahl von Tagen (1 bis 30) oder eine Dauer wie 36h sein, nicht „${s}“.`,
  badRemind: (s: string) => `erinnerung= muss eine Liste von Dauern sein, z. B. 1d,1h (oder „keine“), nicht „${s}“.`,
  badDuration: (s: string) => `dauer= muss die Sitzungsdauer in Minuten sein (1 bis 1440), nicht „${s}“.`,
  listTitle: (n: number) => b(`Gremien: ${n}`),
  listEmpty: () => r`Noch keine Gremien. Anlegen: ${code('!gremium anlegen <kürzel> name="…" turnus="dienstag 10:00"')}`,
  listItem: (slug: string, name: string, rhythm: string, next: string | null) =>
    lines(concat(b(slug), " · ", name), concat("   ", rhythm, next ? ` · nächste Sitzung ${next}` : " · keine anstehende Sitzung")),
  showHead: (name: string, slug: string) => b(`${name} (${slug})`),
  showRhythm: (rhythm: string, minutes: number, place: string | null) => r`Rhythmus: ${rhythm} · ${minutes} Min.${place ? ` · Ort: ${place}` : ""}`,
  moved: (from: string) => i(` (verlegt, ursprünglich ${from})`),
  holidayFlag: (name: string) => r` ⚠ Feiertag: ${name}`,
  holidayHint: (slug: string, date: string, suggestion: string) =>
    r`Verlegen: ${code(`!gremium verlegen ${slug} ${date} auf="${suggestion}"`)} · Ausfallen lassen: ${code(`!gremium aussetzen ${slug} ${date}`)}`,
  holidaySkipHint: (slug: string, date: string) => r`Ausfallen lassen: ${code(`!gremium aussetzen ${slug} ${date}`)}`,
  skippedLine: (dates: readonly string[]) => r`Fällt aus: ${andList(dates, "de")}`,
  agendaHead: (when: string, n: number, minutes: number) => b(`Tagesordnung für ${when} (${n} ${n === 1 ? "Punkt" : "Punkte"}${minutes ? `, ${minutes} Min.` : ""}):`),
  actionsHead: "Offene Aufgaben:",
  noActions: "Keine offenen Aufgaben.",
  notFoundOn: (name: string, date: string, next: string | null) => r`Am ${date} tagt das Gremium ${name} nicht.${next ? ` Nächste Sitzung: ${next}.` : ""}`,
  alreadySkipped: (slug: string, date: string) => r`Die Sitzung von ${slug} am ${date} fällt bereits aus.`,
  several: (times: string, commands: readonly string[]) =>
    concat(r`An diesem Tag gibt es mehrere Sitzungen (${times}). Bitte mit Uhrzeit angeben: `, join(commands.map((c) => code(c)), " oder "), "."),
  occupied: (name: string, when: string) => r`Zu dieser Zeit tagt ${b(name)} bereits: ${when}. Zwei Sitzungen zur selben Zeit sind nicht möglich; bitte einen anderen Termin wählen.`,
  begun: (when: string) => r`Die Sitzung ${when} hat bereits begonnen oder ist vorbei.`,
  skipped: (name: string, when: string, next: string | null, moved: number, dropped: DroppedPosts) =>
    lines(r`Die Sitzung des Gremiums ${b(name)} am ${when} fällt aus.${droppedDe(dropped)}`, moved && next ? (moved === 1 ? r`Ein offener Tagesordnungspunkt geht auf die Sitzung am ${next} über.` : r`${moved} offene Tagesordnungspunkte gehen auf die Sitzung am ${next} über.`) : null),
  toInPast: (when: string) => r`Der neue Termin (${when}) liegt in der Vergangenheit. Bitte einen künftigen Zeitpunkt angeben.`,
  sameTime: () => r`Der neue Termin ist derselbe wie der bisherige; es wurde nichts geändert.`,
  movedReply: (name: string, from: string, to: string, hasReminders: boolean) =>
    r`Die Sitzung des Gremiums ${b(name)} am ${from} ist verlegt auf ${b(to)}. ${hasReminders ? "Tagesordnung und Erinnerungen folgen" : "Die Tagesordnung folgt"} dem neuen Termin.`,
  movedHoliday: (date: string, name: string) => r`⚠ Der neue Termin am ${date} fällt auf einen Feiertag (${name}).`,
  icsCaption: (name: string) => r`Kalenderdatei der Sitzungen von ${name}. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.`,
  icsName: (slug: string) => `sitzungen-${slug}.ics`,
  // automatic posts
  agendaPost: (name: string, when: string, place: string | null) => b(`Tagesordnung ${name} – Sitzung ${when}${place ? `, ${place}` : ""}`),
  agendaNone: (slug: string) => r`Noch keine Tagesordnungspunkte. Anmelden: ${code(`!top neu ${slug} <Thema>`)}`,
  reminder: (name: string, inText: string, when: string, place: string | null, n: number, minutes: number) =>
    r`Erinnerung: Die Sitzung des Gremiums ${b(name)} beginnt in ${inText} (${when}${place ? `, ${place}` : ""}). Tagesordnung: ${n === 0 ? "noch keine Punkte" : `${n} ${n === 1 ? "Punkt" : "Punkte"}`}${minutes ? ` (${minutes} Min.)` : ""}.`,
  speakers: (people: Rich) => concat("Mit Beiträgen: ", people),
  holidayWarning: (name: string, when: string, holiday: string) =>
    r`⚠ Die Sitzung des Gremiums ${b(name)} am ${when} fällt auf einen Feiertag (${holiday}). Bitte verlegen oder ausfallen lassen:`,
  carried: (name: string, when: string, next: string, items: Rich) =>
    lines(r`Die Sitzung des Gremiums ${b(name)} vom ${when} ist beendet.`, section(r`Nicht erledigt, übertragen auf die Sitzung am ${next}:`, items)),
  carriedNoNext: (name: string, when: string, items: Rich) =>
    lines(r`Die Sitzung des Gremiums ${b(name)} vom ${when} ist beendet.`, section("Nicht erledigt (keine weitere Sitzung geplant):", items)),
};

const en: typeof de = {
  created: (name, slug, rhythm, minutes, place) => r`Committee ${b(name)} (${slug}) created: ${rhythm}, ${minutes} min${place ? `, ${place}` : ""}.`,
  leads: (agenda, reminders) => (reminders ? r`Agenda ${agenda} ahead, reminders ${reminders} ahead.` : r`Agenda ${agenda} ahead, no reminders.`),
  nextMeetings: "Next meetings:",
  noMeetings: () => r`No upcoming meetings.`,
  duplicate: (slug) => r`A committee with the short name ${slug} already exists. Please choose another one, or see ${code(`!committee show ${slug}`)}.`,
  missingRhythm: () => r`The meeting rhythm is missing: ${code('every="tuesday 10:00"')} or ${code('cron="0 10 * * 2"')}.`,
  bothRhythms: () => r`Please give only one of every= and cron=.`,
  missingName: () => r`The committee's name is missing: ${code('name="City centre partnership"')}.`,
  badAgenda: (s) => `agenda= must be a number of days (1 to 30) or a duration such as 36h, not "${s}".`,
  badRemind: (s) => `remind= must be a list of durations, e.g. 1d,1h (or "none"), not "${s}".`,
  badDuration: (s) => `duration= must be the meeting's length in minutes (1 to 1440), not "${s}".`,
  listTitle: (n) => b(`Committees: ${n}`),
  listEmpty: () => r`No committees yet. Create one: ${code('!committee create <slug> name="…" every="tuesday 10:00"')}`,
  listItem: (slug, name, rhythm, next) => lines(concat(b(slug), " · ", name), concat("   ", rhythm, next ? ` · next meeting ${next}` : " · no upcoming meeting")),
  showHead: (name, slug) => b(`${name} (${slug})`),
  showRhythm: (rhythm, minutes, place) => r`Rhythm: ${rhythm} · ${minutes} min${place ? ` · Place: ${place}` : ""}`,
  moved: (from) => i(` (moved, originally ${from})`),
  holidayFlag: (name) => r` ⚠ public holiday: ${name}`,
  holidayHint: (slug, date, suggestion) => r`Move: ${code(`!committee move ${slug} ${date} to="${suggestion}"`)} · Skip: ${code(`!committee skip ${slug} ${date}`)}`,
  holidaySkipHint: (slug, date) => r`Skip: ${code(`!committee skip ${slug} ${date}`)}`,
  skippedLine: (dates) => r`Skipped: ${andList(dates, "en")}`,
  agendaHead: (when, n, minutes) => b(`Agenda for ${when} (${n} ${n === 1 ? "item" : "items"}${minutes ? `, ${minutes} min` : ""}):`),
  actionsHead: "Open action items:",
  noActions: "No open action items.",
  notFoundOn: (name, date, next) => r`The committee ${name} does not meet on ${date}.${next ? ` Next meeting: ${next}.` : ""}`,
  alreadySkipped: (slug, date) => r`The meeting of ${slug} on ${date} is already skipped.`,
  several: (times, commands) => concat(r`There are several meetings that day (${times}). Please add the time: `, join(commands.map((c) => code(c)), " or "), "."),
  occupied: (name, when) => r`${b(name)} already meets at that time: ${when}. Two meetings at the same time are not possible; please choose another time.`,
  begun: (when) => r`The meeting ${when} has already begun or is over.`,
  skipped: (name, when, next, moved, dropped) =>
    lines(r`The meeting of ${b(name)} on ${when} is skipped.${droppedEn(dropped)}`, moved && next ? r`${moved} open agenda ${moved === 1 ? "item moves" : "items move"} to the meeting on ${next}.` : null),
  toInPast: (when) => r`The new time (${when}) is in the past. Please give a future time.`,
  sameTime: () => r`The new time is the same as before; nothing was changed.`,
  movedReply: (name, from, to, hasReminders) =>
    r`The meeting of ${b(name)} on ${from} is moved to ${b(to)}. ${hasReminders ? "Agenda post and reminders follow" : "The agenda post follows"} the new time.`,
  movedHoliday: (date, name) => r`⚠ The new date, ${date}, is a public holiday (${name}).`,
  icsCaption: (name) => r`Calendar file of the meetings of ${name}. Importing it again updates the entries instead of duplicating them.`,
  icsName: (slug) => `meetings-${slug}.ics`,
  agendaPost: (name, when, place) => b(`Agenda ${name} – meeting ${when}${place ? `, ${place}` : ""}`),
  agendaNone: (slug) => r`No agenda items so far. Add one: ${code(`!agenda add ${slug} <topic>`)}`,
  reminder: (name, inText, when, place, n, minutes) =>
    r`Reminder: the meeting of ${b(name)} starts in ${inText} (${when}${place ? `, ${place}` : ""}). Agenda: ${n === 0 ? "no items yet" : `${n} ${n === 1 ? "item" : "items"}`}${minutes ? ` (${minutes} min)` : ""}.`,
  speakers: (people) => concat("Presenting: ", people),
  holidayWarning: (name, when, holiday) => r`⚠ The meeting of ${b(name)} on ${when} falls on a public holiday (${holiday}). Please move or skip it:`,
  carried: (name, when, next, items) => lines(r`The meeting of ${b(name)} on ${when} is over.`, section(r`Not done, carried over to the meeting on ${next}:`, items)),
  carriedNoNext: (name, when, items) => lines(r`The meeting of ${b(name)} on ${when} is over.`, section("Not done (no further meeting planned):", items)),
};

export const cmMessages: Catalog<typeof de> = { de, en };
