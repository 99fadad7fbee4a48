// Texts of the status family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { CrossSigningState } from "../../src/matrix/cross-signing.ts";
import type { OpenBecause } from "../../src/pipeline/authorize.ts";
import { b, r, text } from "../../src/render/rich.ts";

// EncryptionWhy in src/matrix/client.ts (commands/ may not import from src/matrix).
const NO_LIBRARY = "configAndNoLibrary";

const de = {
  title: (version: string) => b(`Lagebot ${version}`),
  uptime: (s: string) => r`Laufzeit: ${s}`,
  // `why` is a code from src/matrix/client.ts; the library's own error text goes to the log only.
  encryption: (on: boolean, why: string) =>
    on ? text("Verschlüsselung: an")
    : why === NO_LIBRARY ? text("Verschlüsselung: aus (in der Konfiguration ausgeschaltet; die Krypto-Bibliothek des Bots ist außerdem nicht installiert – Näheres im Protokoll des Bots)")
    : text("Verschlüsselung: aus (in der Konfiguration ausgeschaltet)"),
  rooms: (n: number) => r`Betreute Räume: ${n}`,
  sync: (sec: number | null) => (sec === null ? text("Verbindung: noch keine Synchronisation") : r`Letzte Synchronisation: vor ${sec} Sek.`),
  outbox: (pending: number, retrying: number, failed: number) => r`Ausgang: ${pending} wartend, ${retrying} in Wiederholung, ${failed} fehlgeschlagen`,
  decrypt: (n: number) => r`Nicht entschlüsselbare Nachrichten: ${n}`,
  waitingForKeys: (n: number) => r`Verschlüsselte Nachrichten, deren Schlüssel noch fehlt: ${n}`,
  device: (id: string, changedFrom: string | null) => (changedFrom ? r`Gerät des Bots: ${id} (neu seit dem letzten Start, vorher ${changedFrom}; ältere verschlüsselte Nachrichten kann der Bot nicht mehr lesen)` : r`Gerät des Bots: ${id}`),
  crossSigning: (state: CrossSigningState["state"]) =>
    state === "on" ? text("Quersignierung: eingerichtet, Gerät signiert")
    : state === "foreign" ? text("Quersignierung: vom Konto schon anders eingerichtet; das Gerät des Bots ist nicht damit signiert")
    : state === "pending" ? text("Quersignierung: wird eingerichtet")
    : text("Quersignierung: nicht eingerichtet (Fehler beim Einrichten; Näheres im Protokoll des Bots)"),
  unreachable: (since: string) => r`Verbindung zum Homeserver: gestört seit ${since}`,
  alarmOn: (lead: string, encryptedSkipped: number) =>
    encryptedSkipped > 0 ? r`Ausfall-Alarm: an, ${lead} Vorlauf; nicht in ${encryptedSkipped} verschlüsselten ${encryptedSkipped === 1 ? "Raum" : "Räumen"} (Verschlüsselung ist aus)` : r`Ausfall-Alarm: an, ${lead} Vorlauf`,
  alarmOff: (why: "server" | "config" | "limit", maxLead: string) =>
    why === "server" ? text("Ausfall-Alarm: aus (der Homeserver unterstützt keine verzögerten Nachrichten)")
    : why === "config" ? text("Ausfall-Alarm: aus (in der Konfiguration ausgeschaltet)")
    : r`Ausfall-Alarm: aus (der Homeserver erlaubt höchstens ${maxLead} Vorlauf)`,
  lastOutage: (from: string, to: string, length: string) => r`Letzte Unterbrechung der Verbindung: ${from} bis ${to} (${length})`,
  remoteUnreachable: (server: string, since: string, last: string) => r`Server ${server}: für unseren Homeserver nicht erreichbar seit ${since} (zuletzt ${last}); Nachrichten erreichen die Mitglieder dort erst später`,
  // Plain: section() sets its heading in bold.
  next: () => "Nächste geplante Beiträge",
  none: () => text("keine"),
  openRoles: () => "Rollen, die allen Mitgliedern offenstehen",
  openRole: (role: string, because: OpenBecause) => (because === "unset" ? `${role} (nicht festgelegt)` : `${role} („*“)`),
  agencyRoles: (agency: string, roles: string) => r`${agency}: ${roles}`,
  noOpenRoles: "keine",
  unsetRoles: () => text("Achtung: Eine Rolle, die in der Konfiguration fehlt, hat jedes Mitglied der Behörde; fehlt der Vorsitz, darf jedes Mitglied auch fremde Einträge ändern. Soll niemand die Rolle haben, eine leere Liste eintragen, z. B. \"chair\": []."),
};
const en: typeof de = {
  title: (version) => b(`Lagebot ${version}`),
  uptime: (s) => r`Up for: ${s}`,
  encryption: (on, why) =>
    on ? text("Encryption: on")
    : why === NO_LIBRARY ? text("Encryption: off (switched off in the config; the bot's crypto library is not installed either – see the bot's log)")
    : text("Encryption: off (switched off in the config)"),
  rooms: (n) => r`Rooms served: ${n}`,
  sync: (sec) => (sec === null ? text("Connection: not synced yet") : r`Last sync: ${sec} s ago`),
  outbox: (pending, retrying, failed) => r`Outbox: ${pending} waiting, ${retrying} retrying, ${failed} failed`,
  decrypt: (n) => r`Messages that could not be decrypted: ${n}`,
  waitingForKeys: (n) => r`Encrypted messages still waiting for their key: ${n}`,
  device: (id, changedFrom) => (changedFrom ? r`Bot device: ${id} (new since the last start, before ${changedFrom}; older encrypted messages are unreadable for the bot)` : r`Bot device: ${id}`),
  crossSigning: (state) =>
    state === "on" ? text("Cross-signing: set up, device signed")
    : state === "foreign" ? text("Cross-signing: the account has other cross-signing keys; the bot's device is not signed by them")
    : state === "pending" ? text("Cross-signing: being set up")
    : text("Cross-signing: not set up (setting it up failed; see the bot's log)"),
  unreachable: (since) => r`Connection to the homeserver: broken since ${since}`,
  alarmOn: (lead, encryptedSkipped) =>
    encryptedSkipped > 0 ? r`Bot-down alarm: on, ${lead} ahead; not in ${encryptedSkipped} encrypted ${encryptedSkipped === 1 ? "room" : "rooms"} (encryption is off)` : r`Bot-down alarm: on, ${lead} ahead`,
  alarmOff: (why, maxLead) =>
    why === "server" ? text("Bot-down alarm: off (the homeserver does not support delayed messages)")
    : why === "config" ? text("Bot-down alarm: off (switched off in the config)")
    : r`Bot-down alarm: off (the homeserver allows at most ${maxLead} ahead)`,
  lastOutage: (from, to, length) => r`Last connection outage: ${from} to ${to} (${length})`,
  remoteUnreachable: (server, since, last) => r`Server ${server}: unreachable for our homeserver since ${since} (last ${last}); messages reach its members only later`,
  next: () => "Next scheduled posts",
  none: () => text("none"),
  openRoles: () => "Roles open to every member",
  openRole: (role, because) => (because === "unset" ? `${role} (not set)` : `${role} ("*")`),
  agencyRoles: (agency, roles) => r`${agency}: ${roles}`,
  noOpenRoles: "none",
  unsetRoles: () => text("Note: a role missing from the config is held by every member of the agency; without a chair, every member may also change other people's entries. For nobody, list it empty, e.g. \"chair\": []."),
};

export const statusMessages: Catalog<typeof de> = { de, en };
