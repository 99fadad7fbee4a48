// The machinery's words for room safety, German and English from the same builders: how a person
// is named, what a withheld message was, and the notice sent in its place.
import type { Catalog, Lang } from "../i18n/lang.ts";
import { code, concat, join, r } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import type { Member } from "../store/room-safety.ts";

/** A member by display name and Matrix ID (names can be copied, the ID cannot), or by ID alone; `note` goes in the brackets. */
export function memberName(m: Member, note: string | null = null): string {
  const name = m.displayName?.trim();
  const id = note ? `${m.userId}, ${note}` : m.userId;
  return name && name !== m.userId ? `${name} (${id})` : note ? `${m.userId} (${note})` : m.userId;
}

/** "A", "A und B", "A, B und C" (English: "A and B", "A, B and C"); `invited` marks invitees, e.g. "eingeladen". */
export function people(members: readonly Member[], lang: Lang, invited: string | null = null): Rich {
  const names = members.map((m) => memberName(m, invited && m.membership === "invite" ? invited : null));
  const and = lang === "de" ? " und " : " and ";
  if (names.length <= 1) return r`${names[0] ?? ""}`;
  return concat(join(names.slice(0, -1), ", "), and, names.at(-1));
}

const SENSITIVE_DE = "Pressetexte und -karten, Einsätze mit Orten und Dienstplänen, Brennpunkte, Protokoll-Exporte und das Lagebild";
const SENSITIVE_EN = "press texts and cards, operations with places and rosters, hotspots, audit exports and the situation picture";

const de = {
  /** The report job as !status lists it. */
  reportLabel: "Bericht zur Sicherheit des Raums",
  /** What a sensitive outgoing message is, safe to show when it is withheld. */
  replyTo: (command: string) => `Antwort auf ${command}`,
  postOf: (family: string) => `Nachricht zu ${family}`,
  withheld: (what: string, strangers: readonly Member[]) =>
    r`${what} zurückgehalten, weil ${people(strangers, "de")} nicht zu einer der beteiligten Behörden ${strangers.length === 1 ? "gehört" : "gehören"}. Vertrauliche Inhalte (${SENSITIVE_DE}) sendet der Bot in diesen Raum erst wieder, wenn nur noch Mitglieder der Behörden darin sind. Einzelheiten und Abhilfe: ${code("!raum")}`,
  withheldEdit: (what: string, strangers: readonly Member[]) =>
    r`Aktualisierung (${what}) zurückgehalten, weil ${people(strangers, "de")} nicht zu einer der beteiligten Behörden ${strangers.length === 1 ? "gehört" : "gehören"}. Einzelheiten und Abhilfe: ${code("!raum")}`,
  withheldFile: (what: string, strangers: readonly Member[]) =>
    r`Datei (${what}) zurückgehalten, weil ${people(strangers, "de")} nicht zu einer der beteiligten Behörden ${strangers.length === 1 ? "gehört" : "gehören"}. Einzelheiten und Abhilfe: ${code("!raum")}`,
};

const en: typeof de = {
  reportLabel: "room safety report",
  replyTo: (command) => `Reply to ${command}`,
  postOf: (family) => `Message about ${family}`,
  withheld: (what, strangers) =>
    r`${what} withheld because ${people(strangers, "en")} ${strangers.length === 1 ? "belongs" : "belong"} to none of the participating agencies. The bot sends confidential content (${SENSITIVE_EN}) into this room again once only agency members are in it. Details and how to fix it: ${code("!room")}`,
  withheldEdit: (what, strangers) =>
    r`Update (${what}) withheld because ${people(strangers, "en")} ${strangers.length === 1 ? "belongs" : "belong"} to none of the participating agencies. Details and how to fix it: ${code("!room")}`,
  withheldFile: (what, strangers) =>
    r`File (${what}) withheld because ${people(strangers, "en")} ${strangers.length === 1 ? "belongs" : "belong"} to none of the participating agencies. Details and how to fix it: ${code("!room")}`,
};

export const roomSafetyMessages: Catalog<typeof de> = { de, en };
