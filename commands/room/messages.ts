// Texts of the room safety family (!raum), German and English from the same builders: each finding
// in plain words with how to fix it (Element's menus named as they read in that language).
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, concat, join, r, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { people } from "../../src/rooms/messages.ts";
import type { Member } from "../../src/rooms/safety.ts";

const servers = (list: readonly string[]): Rich => join(list.map((s) => code(s)), ", ");

const SETTINGS_DE = "Element: Raumeinstellungen → Sicherheit & Datenschutz";
const ACL_DE = "Element hat dafür kein Menü: mit /devtools → „Raumstatus erkunden“ → m.room.server_acl";
const SETTINGS_EN = "Element: Room settings → Security & Privacy";
const ACL_EN = "Element has no menu for it: use /devtools → “Explore room state” → m.room.server_acl";

const de = {
  clean: () => b("Raum geprüft: keine Beanstandungen."),
  cleanAgain: (resumes: boolean) =>
    concat(b("Raum geprüft: keine Beanstandungen mehr."), resumes ? " Vertrauliche Inhalte sendet der Bot in diesen Raum wieder." : null),
  faults: (n: number) => b(n === 1 ? "Raum geprüft: 1 Beanstandung" : `Raum geprüft: ${n} Beanstandungen`),
  incomplete: () => text("Der Raumzustand wird gerade noch vollständig gelesen; bitte in einigen Sekunden erneut fragen."),
  knock: () => text("Hinweis: Der Raum erlaubt Anklopfen. Wer anklopft, kommt erst herein, wenn ein Mitglied ihn einlädt – das ist in Ordnung."),
  strangers: (members: readonly Member[], withhold: boolean) =>
    r`${people(members, "de", "eingeladen")} ${members.length === 1 ? "gehört" : "gehören"} zu keiner der beteiligten Behörden. ${
      withhold
        ? "Solange das so ist, hält der Bot hier vertrauliche Inhalte zurück (Pressetexte und -karten, Einsätze, Brennpunkte, Protokoll-Exporte, Lagebild)."
        : "Der Bot sendet trotzdem alle Inhalte, weil die Einstellung roomSafety auf „warn“ steht."
    } Abhilfe: aus dem Raum entfernen (Element: Mitgliederliste → Person → „Entfernen“) oder, wenn die Person dazugehört, in der Bot-Konfiguration bei ihrer Behörde eintragen (agencies[].users).`,
  unencrypted: () =>
    r`Der Raum ist nicht verschlüsselt, obwohl der Bot mit Verschlüsselung arbeitet: Die Nachrichten liegen lesbar auf den Servern. Abhilfe: ${SETTINGS_DE} → „Verschlüsselt“ einschalten (lässt sich nicht mehr ausschalten).`,
  joinRule: (rule: string) =>
    rule === "public"
      ? r`Jede Person kann dem Raum ohne Einladung beitreten (öffentlicher Raum). Abhilfe: ${SETTINGS_DE} → Zugang → „Privat (nur mit Einladung)“.`
      : rule === "restricted" || rule === "knock_restricted"
        ? r`Mitglieder anderer Räume oder Spaces können ohne Einladung beitreten (Beitrittsregel „${rule}“). Abhilfe: ${SETTINGS_DE} → Zugang → „Privat (nur mit Einladung)“.`
        : r`Die Beitrittsregel „${rule}“ lässt Beitritte ohne Einladung zu. Abhilfe: ${SETTINGS_DE} → Zugang → „Privat (nur mit Einladung)“.`,
  guestAccess: () => r`Gastkonten dürfen ohne Einladung beitreten (Gastzugang). Abhilfe: ${SETTINGS_DE} → „Gastzugang“ ausschalten – oder den Raum auf „Privat (nur mit Einladung)“ stellen.`,
  worldReadable: () =>
    r`Der Verlauf ist für alle lesbar, auch ohne Beitritt. Abhilfe: ${SETTINGS_DE} → „Wer kann den Verlauf lesen?“ → „Nur Mitglieder (ab ihrer Einladung)“.`,
  aclWildcard: (entries: readonly string[], ours: readonly string[]) =>
    r`Die Server-ACL lässt mit ${servers(entries)} beliebige weitere Server zu. Abhilfe: unter „allow“ nur die Server der Behörden eintragen (${servers(ours)}); ${ACL_DE}.`,
  aclExtraServers: (list: readonly string[]) => r`Die Server-ACL lässt Server zu, die zu keiner Behörde gehören: ${servers(list)}. Abhilfe: sie aus „allow“ streichen; ${ACL_DE}.`,
  aclIpLiterals: () => r`Die Server-ACL lässt Server zu, die nur mit einer IP-Adresse benannt sind. Abhilfe: „allow_ip_literals“ auf false setzen; ${ACL_DE}.`,
  aclShutsOut: (list: ReadonlyArray<{ server: string; agency: string }>) =>
    r`Die Server-ACL sperrt Server der Behörden aus: ${join(list.map((s) => concat(code(s.server), ` (${s.agency})`)), ", ")}; deren Mitglieder können dem Raum nicht folgen. Abhilfe: diese Server unter „allow“ eintragen und aus „deny“ streichen; ${ACL_DE}.`,
};

const en: typeof de = {
  clean: () => b("Room checked: no problems found."),
  cleanAgain: (resumes) => concat(b("Room checked: no problems any more."), resumes ? " The bot sends confidential content into this room again." : null),
  faults: (n) => b(n === 1 ? "Room checked: 1 problem" : `Room checked: ${n} problems`),
  incomplete: () => text("The room's state is still being read in full; please ask again in a few seconds."),
  knock: () => text("Note: the room allows knocking. Whoever knocks comes in only once a member invites them – that is fine."),
  strangers: (members, withhold) =>
    r`${people(members, "en", "invited")} ${members.length === 1 ? "belongs" : "belong"} to none of the participating agencies. ${
      withhold
        ? "While this lasts, the bot withholds confidential content here (press texts and cards, operations, hotspots, audit exports, the situation picture)."
        : "The bot still sends everything, because roomSafety is set to “warn”."
    } Fix: remove them from the room (Element: member list → person → “Remove”) or, if they belong, add them to their agency in the bot's config (agencies[].users).`,
  unencrypted: () =>
    r`The room is not encrypted although the bot runs with encryption: messages are readable on the servers. Fix: ${SETTINGS_EN} → turn on “Encrypted” (cannot be turned off again).`,
  joinRule: (rule) =>
    rule === "public"
      ? r`Anyone can join the room without an invite (public room). Fix: ${SETTINGS_EN} → Access → “Private (invite only)”.`
      : rule === "restricted" || rule === "knock_restricted"
        ? r`Members of other rooms or spaces can join without an invite (join rule “${rule}”). Fix: ${SETTINGS_EN} → Access → “Private (invite only)”.`
        : r`The join rule “${rule}” lets people join without an invite. Fix: ${SETTINGS_EN} → Access → “Private (invite only)”.`,
  guestAccess: () => r`Guest accounts may join without an invite (guest access). Fix: ${SETTINGS_EN} → turn off “Guest access” – or make the room “Private (invite only)”.`,
  worldReadable: () => r`Anyone can read the history, even without joining. Fix: ${SETTINGS_EN} → “Who can read history?” → “Members only (since they were invited)”.`,
  aclWildcard: (entries, ours) => r`The server ACL admits any further server with ${servers(entries)}. Fix: list only the agencies' servers under “allow” (${servers(ours)}); ${ACL_EN}.`,
  aclExtraServers: (list) => r`The server ACL admits servers of no agency: ${servers(list)}. Fix: remove them from “allow”; ${ACL_EN}.`,
  aclIpLiterals: () => r`The server ACL admits servers named by a bare IP address. Fix: set “allow_ip_literals” to false; ${ACL_EN}.`,
  aclShutsOut: (list) =>
    r`The server ACL shuts out servers of the agencies: ${join(list.map((s) => concat(code(s.server), ` (${s.agency})`)), ", ")}; their members cannot follow the room. Fix: add these servers to “allow” and remove them from “deny”; ${ACL_EN}.`,
};

export const roomMessages: Catalog<typeof de> = { de, en };
