// Texts of the status family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { CrossSigningState } from "../../src/matrix/cross-signing.ts";
import type { OpenBecause } from "../../src/pipeline/authorize.ts";
import { b, r, text } from "../../src/render/rich.ts";

const de = {
  title: (version: string) => b(`Lagebot ${version}`),
  uptime: (s: string) => r`Läuft seit: ${s}`,
  encryption: (on: boolean, why: string) => (on ? text("Verschlüsselung: an") : r`Verschlüsselung: aus (${why})`),
  rooms: (n: number) => r`Betreute Räume: ${n}`,
  sync: (sec: number | null) => (sec === null ? text("Verbindung: noch keine Synchronisation") : r`Letzte Synchronisation: vor ${sec} s`),
  outbox: (pending: number, retrying: number, failed: number) => r`Ausgang: ${pending} wartend, ${retrying} in Wiederholung, ${failed} fehlgeschlagen`,
  decrypt: (n: number) => r`Nicht entschlüsselbare Nachrichten: ${n}`,
  waitingForKeys: (n: number) => r`Verschlüsselte Nachrichten, deren Schlüssel noch fehlt: ${n}`,
  device: (id: string, changedFrom: string | null) => (changedFrom ? r`Gerät des Bots: ${id} (neu seit dem letzten Start, vorher ${changedFrom}; ältere verschlüsselte Nachrichten kann der Bot nicht mehr lesen)` : r`Gerät des Bots: ${id}`),
  crossSigning: (state: CrossSigningState["state"], reason: string) =>
    state === "on" ? text("Quersignierung: eingerichtet, Gerät signiert")
    : state === "foreign" ? text("Quersignierung: vom Konto schon anders eingerichtet; das Gerät des Bots ist nicht damit signiert")
    : state === "pending" ? text("Quersignierung: wird eingerichtet")
    : r`Quersignierung: nicht eingerichtet (${reason})`,
  unreachable: (since: string) => r`Verbindung zum Homeserver: gestört seit ${since}`,
  lastOutage: (from: string, to: string, length: string) => r`Letzte Unterbrechung der Verbindung: ${from} bis ${to} (${length})`,
  remoteUnreachable: (server: string, since: string, last: string) => r`Server ${server}: für unseren Homeserver nicht erreichbar seit ${since} (zuletzt ${last}); Nachrichten erreichen die Mitglieder dort erst später`,
  next: () => b("Nächste geplante Beiträge"),
  none: () => text("keine"),
  openRoles: () => b("Rollen, die allen Mitgliedern offenstehen"),
  openRole: (role: string, because: OpenBecause) => (because === "unset" ? `${role} (nicht festgelegt)` : `${role} („*“)`),
  agencyRoles: (agency: string, roles: string) => r`${agency}: ${roles}`,
  noOpenRoles: "keine",
};
const en: typeof de = {
  title: (version) => b(`Lagebot ${version}`),
  uptime: (s) => r`Up for: ${s}`,
  encryption: (on, why) => (on ? text("Encryption: on") : r`Encryption: off (${why})`),
  rooms: (n) => r`Rooms served: ${n}`,
  sync: (sec) => (sec === null ? text("Connection: not synced yet") : r`Last sync: ${sec} s ago`),
  outbox: (pending, retrying, failed) => r`Outbox: ${pending} waiting, ${retrying} retrying, ${failed} failed`,
  decrypt: (n) => r`Messages that could not be decrypted: ${n}`,
  waitingForKeys: (n) => r`Encrypted messages still waiting for their key: ${n}`,
  device: (id, changedFrom) => (changedFrom ? r`Bot device: ${id} (new since the last start, before ${changedFrom}; older encrypted messages are unreadable for the bot)` : r`Bot device: ${id}`),
  crossSigning: (state, reason) =>
    state === "on" ? text("Cross-signing: set up, device signed")
    : state === "foreign" ? text("Cross-signing: the account has other cross-signing keys; the bot's device is not signed by them")
    : state === "pending" ? text("Cross-signing: being set up")
    : r`Cross-signing: not set up (${reason})`,
  unreachable: (since) => r`Connection to the homeserver: broken since ${since}`,
  lastOutage: (from, to, length) => r`Last connection outage: ${from} to ${to} (${length})`,
  remoteUnreachable: (server, since, last) => r`Server ${server}: unreachable for our homeserver since ${since} (last ${last}); messages reach its members only later`,
  next: () => b("Next scheduled posts"),
  none: () => text("none"),
  openRoles: () => b("Roles open to every member"),
  openRole: (role, because) => (because === "unset" ? `${role} (not set)` : `${role} ("*")`),
  agencyRoles: (agency, roles) => r`${agency}: ${roles}`,
  noOpenRoles: "none",
};

export const statusMessages: Catalog<typeof de> = { de, en };
