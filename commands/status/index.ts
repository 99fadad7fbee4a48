// !status: version, uptime, encryption and why, rooms served, next scheduled posts, delivery state.
import { z } from "zod";
import { openRoles } from "../../src/pipeline/authorize.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { FamilySpec } from "../../src/pipeline/family.ts";
import { lines, list, r, section } from "../../src/render/rich.ts";
import { coreMessages } from "../../src/i18n/core.ts";
import { formatDateTime, formatDuration } from "../../src/time/format.ts";
import { statusMessages } from "./messages.ts";

function uptime(ms: number, lang: "de" | "en"): string {
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  // The units of formatDuration ("2 Tage 3 Std."); "Laufzeit: …" is a nominative, hence "Tage".
  if (lang === "de") return d > 0 ? `${d} ${d === 1 ? "Tag" : "Tage"} ${h} Std.` : h > 0 ? `${h} Std. ${min} Min.` : `${min} Min.`;
  return d > 0 ? `${d} ${d === 1 ? "day" : "days"} ${h} h` : h > 0 ? `${h} h ${min} min` : `${min} min`;
}

const show = defineVerb({
  name: "",
  mutates: false,
  // German help names the German family word ("!hilfe zustand" answered with "!status" read as a mismatch);
  // the English form follows as "englisch: !status".
  usage: { de: "!zustand", en: "!status" },
  help: {
    de: "Version, Laufzeit, Verschlüsselung, Räume, welche Rollen je Behörde allen Mitgliedern offenstehen, und nächste geplante Beiträge",
    en: "version, uptime, encryption, rooms, which roles are open to every member per agency, and next scheduled posts",
  },
  args: () => z.object({}),
  handle(ctx) {
    const m = ctx.t(statusMessages);
    const info = ctx.runtime();
    const at = (d: Date) => formatDateTime(d, ctx.zone, ctx.lang);
    const line = info.homeserver;
    const outage = line?.lastOutage;
    const alarm = ctx.store.alarm.state();
    const next = ctx.store.schedule.upcoming(5).map((s) =>
      r`${formatDateTime(new Date(s.dueAt), ctx.zone, ctx.lang)} – ${typeof s.payload["label"] === "string" ? s.payload["label"] : s.job}`,
    );
    const roleNames = ctx.t(coreMessages).roleNames;
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
        alarm === null ? null : alarm.on ? m.alarmOn(formatDuration(alarm.afterMs, ctx.lang), alarm.encryptedSkipped) : m.alarmOff(alarm.why, "maxMs" in alarm ? formatDuration(alarm.maxMs, ctx.lang) : ""),
        outage ? m.lastOutage(at(outage.from), at(outage.to), formatDuration(outage.to.getTime() - outage.from.getTime(), ctx.lang)) : null,
        ...(info.unreachableServers ?? []).map((u) => m.remoteUnreachable(u.server, at(u.since), at(u.last))),
        m.outbox(info.outbox.pending, info.outbox.retrying, info.outbox.failed),
        info.decryptionFailures > 0 ? m.decrypt(info.decryptionFailures) : null,
        info.waitingForKeys ? m.waitingForKeys(info.waitingForKeys) : null,
        info.encryption.enabled && info.device?.id ? m.device(info.device.id, info.device.changedFrom) : null,
        info.encryption.enabled && info.device ? m.crossSigning(info.device.crossSigning.state) : null,
        section(m.openRoles(), list(open)),
        ctx.config.agencies.some((a) => openRoles(ctx.config, a.id).some((o) => o.because === "unset")) ? m.unsetRoles() : null,
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
