// Texts of the hotspot family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, concat, i, lines, r } from "../../src/render/rich.ts";
import type { Part } from "../../src/render/rich.ts";
import type { SpotState } from "../../src/store/spots.ts";
import { andList } from "../../src/i18n/phrases.ts";

export type SpotFilter = "open" | "closed" | "all";

const thousands = (n: number, sep: string): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

// A config period ("1y", "6w") as it reads before "nach dem Schließen" (accusative): "1 Jahr", "2 Jahre", "6 Wochen".
const PERIOD_DE: Record<string, [string, string]> = { s: ["Sekunde", "Sekunden"], m: ["Minute", "Minuten"], h: ["Stunde", "Stunden"], d: ["Tag", "Tage"], w: ["Woche", "Wochen"], y: ["Jahr", "Jahre"] };
const PERIOD_EN: Record<string, [string, string]> = { s: ["second", "seconds"], m: ["minute", "minutes"], h: ["hour", "hours"], d: ["day", "days"], w: ["week", "weeks"], y: ["year", "years"] };
function period(p: string, names: Record<string, [string, string]>): string {
  const m = /^(\d+)([smhdwy])$/.exec(p.trim());
  const unit = m?.[2] ? names[m[2]] : undefined;
  if (!m || !unit) return p;
  return `${m[1]} ${m[1] === "1" ? unit[0] : unit[1]}`;
}

const de = {
  stateNames: { open: "offen", closed: "geschlossen" } satisfies Record<SpotState, string>,
  // With the article: "Es fehlt der Name des Brennpunkts.", "Der Ort ist zu lang …" (src/pipeline/args.ts).
  args: { name: "der Name des Brennpunkts", place: "der Ort", field: "das Handlungsfeld" },
  created: (id: string, name: string, details: Part, noted: boolean) =>
    lines(concat(r`Brennpunkt ${b(id)} angelegt: ${name}`, details ? concat(" (", details, ")") : null), noted ? "Die Notiz ist gespeichert." : null),
  noteMissing: (id: string) => r`Es fehlt der Text der Notiz: ${code(`!ort notiz ${id} <Text>`)} – längere Notizen in die Zeilen unter dem Befehl.`,
  noteTooLong: (max: number, n: number) => r`Die Notiz ist zu lang: ${thousands(n, ".")} Zeichen, zulässig sind höchstens ${thousands(max, ".")}. Es wurde nichts gespeichert.`,
  noted: (id: string, n: number) => r`Notiz zu ${b(id)} gespeichert (Notiz ${n}).`,
  noteOnClosed: (id: string) => r`Brennpunkt ${id} ist geschlossen; Notizen können nicht mehr ergänzt werden.`,
  alreadyClosed: (id: string, when: string) => r`Brennpunkt ${id} ist bereits seit ${when} geschlossen.`,
  closeAction: (id: string) => `Brennpunkt ${id} schließen`,
  // The retention sentence only when there are notes to delete.
  closed: (id: string, name: string, keep: string, noted: boolean, hasNotes: boolean) =>
    lines(
      r`Brennpunkt ${b(id)} „${name}“ ist geschlossen.`,
      noted ? "Ihr Hinweis ist als letzte Notiz gespeichert." : null,
      hasNotes ? r`Die Notizen werden ${period(keep, PERIOD_DE)} nach dem Schließen gelöscht (Aufbewahrungsfrist).` : null,
    ),
  stillPlanned: (ids: readonly string[]) =>
    ids.length === 1 ? r`⚠ Hinweis: An diesem Brennpunkt ist noch ein Einsatz geplant: ${ids[0]}.` : r`⚠ Hinweis: An diesem Brennpunkt sind noch Einsätze geplant: ${andList(ids, "de")}.`,
  listHeads: { open: "Offene Brennpunkte", closed: "Geschlossene Brennpunkte", all: "Alle Brennpunkte" } satisfies Record<SpotFilter, string>,
  listTitle: (head: string, n: number) => b(`${head}: ${n}`),
  // "Neu anlegen" is no answer to an empty list of closed hotspots.
  listEmpty: (filter: SpotFilter) =>
    filter === "open" ? r`Keine offenen Brennpunkte. Neu anlegen: ${code("!ort anlegen <Name> ort=… feld=…")}`
    : filter === "closed" ? r`Keine geschlossenen Brennpunkte.`
    : r`Es sind noch keine Brennpunkte erfasst. Neu anlegen: ${code("!ort anlegen <Name> ort=… feld=…")}`,
  listItem: (id: string, name: string, details: Part) => lines(concat(b(id), " ", name), details ? concat("   ", details) : null),
  notes: (n: number) => (n === 1 ? "1 Notiz" : `${n} Notizen`),
  nextOp: (id: string, when: string) => r`nächster Einsatz: ${id} am ${when}`,
  more: (n: number) => i(`… und ${n} weitere`),
  show: {
    head: (id: string, name: string) => b(`${id} · ${name}`),
    place: "Ort", field: "Handlungsfeld", state: "Status",
    opened: (who: Part, agency: string, when: string) => r`angelegt von ${who} (${agency}) am ${when}`,
    closedBy: (who: Part, when: string) => r`geschlossen von ${who} am ${when}`,
    upcoming: "Anstehende Einsätze", past: "Bisherige Einsätze", noOps: "Noch keine Einsätze an diesem Brennpunkt.",
    notes: (n: number) => `Notizen (${n})`, noNotes: "Noch keine Notizen.",
    olderNotes: (n: number) => i(n === 1 ? "… 1 ältere Notiz nicht angezeigt" : `… ${n} ältere Notizen nicht angezeigt`),
    purged: (keep: string) => i(`Die Notizen wurden ${period(keep, PERIOD_DE)} nach dem Schließen gelöscht (Aufbewahrungsfrist).`),
    note: (when: string, who: Part, agency: string, textOf: string) => r`${when} – ${who} (${agency}): ${textOf}`,
    op: (when: string, id: string, title: string, state: string | null) => r`${when} · ${id} ${title}${state ? ` (${state})` : ""}`,
  },
  situation: {
    title: (n: number) => `Offene Brennpunkte (${n})`,
  },
};

const en: typeof de = {
  stateNames: { open: "open", closed: "closed" },
  args: { name: "name of the hotspot", place: "place", field: "field" },
  created: (id, name, details, noted) => lines(concat(r`Hotspot ${b(id)} registered: ${name}`, details ? concat(" (", details, ")") : null), noted ? "The note is saved." : null),
  noteMissing: (id) => r`The note's text is missing: ${code(`!spot note ${id} <text>`)} – longer notes on the lines below the command.`,
  noteTooLong: (max, n) => r`The note is too long: ${thousands(n, ",")} characters, at most ${thousands(max, ",")} are allowed. Nothing was saved.`,
  noted: (id, n) => r`Note on ${b(id)} saved (note ${n}).`,
  noteOnClosed: (id) => r`Hotspot ${id} is closed; no more notes can be added.`,
  alreadyClosed: (id, when) => r`Hotspot ${id} has been closed since ${when}.`,
  closeAction: (id) => `close hotspot ${id}`,
  closed: (id, name, keep, noted, hasNotes) =>
    lines(
      r`Hotspot ${b(id)} "${name}" is closed.`,
      noted ? "Your remark is saved as the last note." : null,
      hasNotes ? r`The notes will be deleted ${period(keep, PERIOD_EN)} after closing (retention period).` : null,
    ),
  stillPlanned: (ids) =>
    ids.length === 1 ? r`⚠ Note: an operation is still planned at this hotspot: ${ids[0]}.` : r`⚠ Note: operations are still planned at this hotspot: ${andList(ids, "en")}.`,
  listHeads: { open: "Open hotspots", closed: "Closed hotspots", all: "All hotspots" },
  listTitle: (head, n) => b(`${head}: ${n}`),
  listEmpty: (filter) =>
    filter === "open" ? r`No open hotspots. Register one: ${code("!spot add <name> place=… field=…")}`
    : filter === "closed" ? r`No closed hotspots.`
    : r`No hotspots are registered yet. Register one: ${code("!spot add <name> place=… field=…")}`,
  listItem: (id, name, details) => lines(concat(b(id), " ", name), details ? concat("   ", details) : null),
  notes: (n) => (n === 1 ? "1 note" : `${n} notes`),
  nextOp: (id, when) => r`next operation: ${id} on ${when}`,
  more: (n) => i(`… and ${n} more`),
  show: {
    head: (id, name) => b(`${id} · ${name}`),
    place: "Place", field: "Field", state: "State",
    opened: (who, agency, when) => r`registered by ${who} (${agency}) on ${when}`,
    closedBy: (who, when) => r`closed by ${who} on ${when}`,
    upcoming: "Upcoming operations", past: "Past operations", noOps: "No operations at this hotspot yet.",
    notes: (n) => `Notes (${n})`, noNotes: "No notes yet.",
    olderNotes: (n) => i(n === 1 ? "… 1 older note not shown" : `… ${n} older notes not shown`),
    purged: (keep) => i(`The notes were deleted ${period(keep, PERIOD_EN)} after closing (retention period).`),
    note: (when, who, agency, textOf) => r`${when} – ${who} (${agency}): ${textOf}`,
    op: (when, id, title, state) => r`${when} · ${id} ${title}${state ? ` (${state})` : ""}`,
  },
  situation: {
    title: (n) => `Open hotspots (${n})`,
  },
};

export const spotMessages: Catalog<typeof de> = { de, en };
