// !status: version, uptime, encryption and why, rooms served, next scheduled posts, delivery state.
import { z } from "zod";
import { openRoles } from "../src/pipeline/authorize.ts";
import type { OpenBecause } from "../src/pipeline/authorize.ts";
import { defineVerb } from "../src/pipeline/family.ts";
import type { FamilySpec } from "../src/pipeline/family.ts";
import { b, lines, list, r, section, text } from "../src/render/rich.ts";
import { coreMessages } from "../src/i18n/core.ts";
import type { Catalog } from "../src/i18n/lang.ts";
import type { CrossSigningState } from "../src/matrix/cross-signing.ts";
import { upcoming } from "../src/store/schedule.ts";
import { formatDateTime, formatDuration } from "../src/time/format.ts";

function uptime(ms: number, lang: "de" | "en"): string {
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (lang === "de") return d > 0 ? `${d} Tg. ${h} Std.` : h > 0 ? `${h} Std. ${min} Min.` : `${min} Min.`;
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${min} min` : `${min} min`;
}

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
const messages: Catalog<typeof de> = { de, en };

const show = defineVerb({
  name: "",
  mutates: false,
  usage: { de: "!status", en: "!status" },
  help: {
    de: "Version, Laufzeit, Verschlüsselung, Räume, welche Rollen je Behörde allen Mitgliedern offenstehen, und nächste geplante Beiträge",
    en: "version, uptime, encryption, rooms, which roles are open to every member per agency, and next scheduled posts",
  },
  args: () => z.object({}),
  handle(ctx) {
    const m = messages[ctx.lang];
    const info = ctx.runtime();
    const at = (d: Date) => formatDateTime(d, ctx.zone, ctx.lang);
    const line = info.homeserver;
    const outage = line?.lastOutage;
    const next = upcoming(ctx.db, 5).map((s) =>
      r`${formatDateTime(new Date(s.dueAt), ctx.zone, ctx.lang)} – ${typeof s.payload["label"] === "string" ? s.payload["label"] : s.job}`,
    );
    const roleNames = coreMessages[ctx.lang].roleNames;
    // An absent role is open to all (press and auditor excepted): a config that forgets `chair` makes everyone chair.
    const open = ctx.config.agencies.map((a) => {
      const roles = openRoles(ctx.config, a.id).map((o) => m.openRole(roleNames[o.role] ?? o.role, o.because));
      return m.agencyRoles(a.name, roles.length > 0 ? roles.join(", ") : m.noOpenRoles);
    });
    ctx.reply(
      lines(
        m.title(info.version),
        m.uptime(uptime(ctx.now().getTime() - info.startedAt.getTime(), ctx.lang)),
        m.encryption(info.encryption.enabled, info.encryption.why),
        m.rooms(info.rooms.length),
        m.sync(info.syncAgeMs === null ? null : Math.round(info.syncAgeMs / 1000)),
        line?.unreachableSince ? m.unreachable(at(line.unreachableSince)) : null,
        outage ? m.lastOutage(at(outage.from), at(outage.to), formatDuration(outage.to.getTime() - outage.from.getTime(), ctx.lang)) : null,
        ...(info.unreachableServers ?? []).map((u) => m.remoteUnreachable(u.server, at(u.since), at(u.last))),
        m.outbox(info.outbox.pending, info.outbox.retrying, info.outbox.failed),
        info.decryptionFailures > 0 ? m.decrypt(info.decryptionFailures) : null,
        info.waitingForKeys ? m.waitingForKeys(info.waitingForKeys) : null,
        info.encryption.enabled && info.device?.id ? m.device(info.device.id, info.device.changedFrom) : null,
        info.encryption.enabled && info.device ? m.crossSigning(info.device.crossSigning.state, info.device.crossSigning.state === "failed" ? info.device.crossSigning.reason : "") : null,
        section(m.openRoles(), list(open)),
        section(m.next(), next.length > 0 ? list(next) : m.none()),
      ),
    );
    return ctx.ok();
  },
});

const status: FamilySpec = {
  name: "status",
  aliases: ["zustand"],
  title: { de: "Zustand des Bots", en: "state of the bot" },
  verbs: [show],
};
export default status;
