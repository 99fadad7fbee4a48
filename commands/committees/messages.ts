// Texts of the committee family, German and English from the same builders. An agenda item's line
// and the agenda's size are src/render/agenda.ts (the agenda family shows them too).
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, concat, i, lines, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

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
  badAgenda: (s: string) => `agenda=/tagesordnung= muss eine Zahl von Tagen (1 bis 30) oder eine Dauer wie 36h sein, nicht „${s}“.`,
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
  skippedLine: (dates: string) => r`Ausfallend: ${dates}`,
  agendaHead: (when: string, n: number, minutes: number) => b(`Tagesordnung für ${when} (${n} ${n === 1 ? "Punkt" : "Punkte"}${minutes ? `, ${minutes} Min.` : ""}):`),
  actionsHead: "Offene Aufgaben:",
  noActions: "Keine offenen Aufgaben.",
  notFoundOn: (slug: string, date: string, next: string | null) => r`Am ${date} tagt ${slug} nicht.${next ? ` Nächste Sitzung: ${next}.` : ""}`,
  alreadySkipped: (slug: string, date: string) => r`Die Sitzung von ${slug} am ${date} fällt bereits aus.`,
  several: (times: string) => r`An diesem Tag gibt es mehrere Sitzungen (${times}). Bitte mit Uhrzeit angeben, z. B. „08.12.2026 10:00“.`,
  begun: (when: string) => r`Die Sitzung ${when} hat bereits begonnen oder ist vorbei.`,
  skipped: (name: string, when: string, next: string | null, moved: number) =>
    lines(r`Die Sitzung ${b(name)} am ${when} fällt aus. Tagesordnung und Erinnerungen entfallen.`, moved && next ? (moved === 1 ? r`Ein offener Tagesordnungspunkt geht auf die Sitzung am ${next} über.` : r`${moved} offene Tagesordnungspunkte gehen auf die Sitzung am ${next} über.`) : null),
  toInPast: (when: string) => r`Der neue Termin (${when}) liegt in der Vergangenheit. Bitte einen künftigen Zeitpunkt angeben.`,
  sameTime: () => r`Der neue Termin ist derselbe wie der bisherige.`,
  movedReply: (name: string, from: string, to: string) => r`Die Sitzung ${b(name)} am ${from} ist verlegt auf ${b(to)}. Tagesordnung und Erinnerungen folgen dem neuen Termin.`,
  movedHoliday: (name: string) => r`⚠ Auch der neue Termin fällt auf einen Feiertag (${name}).`,
  icsCaption: (name: string) => r`Kalenderdatei der Sitzungen von ${name}. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.`,
  icsName: (slug: string) => `sitzungen-${slug}.ics`,
  // automatic posts
  agendaPost: (name: string, when: string, place: string | null) => b(`Tagesordnung ${name} – Sitzung ${when}${place ? `, ${place}` : ""}`),
  agendaNone: (slug: string) => r`Bisher liegen keine Tagesordnungspunkte vor. Anmelden: ${code(`!top neu ${slug} <Thema>`)}`,
  reminder: (name: string, inText: string, when: string, place: string | null, n: number, minutes: number) =>
    r`Erinnerung: Die Sitzung ${b(name)} beginnt in ${inText} – ${when}${place ? `, ${place}` : ""}. Tagesordnung: ${n === 0 ? "noch keine Punkte" : `${n} ${n === 1 ? "Punkt" : "Punkte"}`}${minutes ? ` (${minutes} Min.)` : ""}.`,
  speakers: (people: Rich) => concat("Mit Beiträgen: ", people),
  holidayWarning: (name: string, when: string, holiday: string) =>
    r`⚠ Die Sitzung ${b(name)} am ${when} fällt auf einen Feiertag (${holiday}). Bitte verlegen oder ausfallen lassen:`,
  carried: (name: string, when: string, next: string, items: Rich) => section(r`Sitzung ${name} vom ${when} beendet. Nicht erledigt und übertragen auf die Sitzung am ${next}:`, items),
  carriedNoNext: (name: string, when: string, items: Rich) => section(r`Sitzung ${name} vom ${when} beendet. Nicht erledigt (keine weitere Sitzung geplant):`, items),
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
  skippedLine: (dates) => r`Skipped: ${dates}`,
  agendaHead: (when, n, minutes) => b(`Agenda for ${when} (${n} ${n === 1 ? "item" : "items"}${minutes ? `, ${minutes} min` : ""}):`),
  actionsHead: "Open action items:",
  noActions: "No open action items.",
  notFoundOn: (slug, date, next) => r`${slug} does not meet on ${date}.${next ? ` Next meeting: ${next}.` : ""}`,
  alreadySkipped: (slug, date) => r`The meeting of ${slug} on ${date} is already skipped.`,
  several: (times) => r`There are several meetings that day (${times}). Please add the time, e.g. "2026-12-08 10:00".`,
  begun: (when) => r`The meeting ${when} has already begun or is over.`,
  skipped: (name, when, next, moved) =>
    lines(r`The meeting of ${b(name)} on ${when} is skipped. Its agenda post and reminders are dropped.`, moved && next ? r`${moved} open agenda ${moved === 1 ? "item moves" : "items move"} to the meeting on ${next}.` : null),
  toInPast: (when) => r`The new time (${when}) is in the past. Please give a future time.`,
  sameTime: () => r`The new time is the same as before.`,
  movedReply: (name, from, to) => r`The meeting of ${b(name)} on ${from} is moved to ${b(to)}. Agenda post and reminders follow the new time.`,
  movedHoliday: (name) => r`⚠ The new date is a public holiday too (${name}).`,
  icsCaption: (name) => r`Calendar file of the meetings of ${name}. Importing it again updates the entries instead of duplicating them.`,
  icsName: (slug) => `meetings-${slug}.ics`,
  agendaPost: (name, when, place) => b(`Agenda ${name} – meeting ${when}${place ? `, ${place}` : ""}`),
  agendaNone: (slug) => r`No agenda items so far. Add one: ${code(`!agenda add ${slug} <topic>`)}`,
  reminder: (name, inText, when, place, n, minutes) =>
    r`Reminder: the meeting of ${b(name)} starts in ${inText} – ${when}${place ? `, ${place}` : ""}. Agenda: ${n === 0 ? "no items yet" : `${n} ${n === 1 ? "item" : "items"}`}${minutes ? ` (${minutes} min)` : ""}.`,
  speakers: (people) => concat("Presenting: ", people),
  holidayWarning: (name, when, holiday) => r`⚠ The meeting of ${b(name)} on ${when} falls on a public holiday (${holiday}). Please move or skip it:`,
  carried: (name, when, next, items) => section(r`Meeting of ${name} on ${when} is over. Not done and carried over to the meeting on ${next}:`, items),
  carriedNoNext: (name, when, items) => section(r`Meeting of ${name} on ${when} is over. Not done (no further meeting planned):`, items),
};

export const cmMessages: Catalog<typeof de> = { de, en };
