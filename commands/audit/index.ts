// The audit log for the records office (!audit export): CSV and JSON of a date range, with the state
// of the hash chain, sent by direct message to the one who asked (the whole log is not for every
// member of the room, least of all for those the role check just refused). Only for the auditor role
// and a chair listed by name (not one open to all because `chair` is unset). The family also owns the daily retention
// run (src/records/retention.ts), whose every deletion ends up in this log.
import { DateTime } from "luxon";
import { z } from "zod";
import { calendarDate } from "../../src/pipeline/args.ts";
import { listedFor } from "../../src/pipeline/authorize.ts";
import { sendDirect } from "../../src/pipeline/direct.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import { auditCsv, auditJson } from "../../src/records/export.ts";
import { retentionJob } from "../../src/records/retention.ts";
import type { FamilySpec } from "../../src/pipeline/family.ts";
import { formatDate } from "../../src/time/format.ts";
import { auditMessages } from "./messages.ts";

// More rows than this (the messages say 20.000) make files of more than ~10 MB and block the bot for
// about a second while they are built; narrow the range instead.
const MAX_ROWS = 20_000;

const exportVerb = defineVerb({
  name: "export",
  aliases: ["exportieren", "ausgabe"],
  mutates: false,
  // The whole audit log: withheld where someone of no agency reads along (the family's retention run is not).
  sensitive: true,
  keys: { from: ["von", "ab"], to: ["bis"] },
  usage: { de: "!protokoll exportieren [von=<Datum>] [bis=<Datum>]", en: "!audit export [from=<date>] [to=<date>]" },
  help: {
    de: "sendet das Prüfprotokoll als CSV- und JSON-Datei per Direktnachricht, mit Prüfung der Hash-Kette (Rolle Revision oder namentlich eingetragener Vorsitz)",
    en: "sends the audit log as CSV and JSON files by direct message, with a check of the hash chain (role auditor, or chair listed by name)",
  },
  // A record period lies behind us: "von=1.12." and "von=Montag" lean to the past.
  args: (env) => z.object({ from: calendarDate(env, { prefer: "past" }).optional(), to: calendarDate(env, { prefer: "past" }).optional() }),
  handle(ctx, a) {
    const m = ctx.t(auditMessages);
    // A chair counts only when listed by name: an unset chair is open to every member (spec/config.md).
    const chair = listedFor(ctx.config, ctx.sender.userId, ctx.sender.agency.id, "chair");
    if (!chair && !ctx.sender.roles.has("auditor")) return ctx.fail(m.needsRole());
    const show = (d: string | undefined) => (d ? formatDate(d, ctx.zone, ctx.lang) : null);
    if (a.from && a.to && a.from > a.to) return ctx.fail(m.fromAfterTo(show(a.from) ?? a.from, show(a.to) ?? a.to));
    const startOf = (d: string) => DateTime.fromISO(d, { zone: ctx.zone }).startOf("day");
    const from = a.from ? startOf(a.from).toMillis() : null;
    const to = a.to ? startOf(a.to).plus({ days: 1 }).toMillis() : null;
    const rows = ctx.store.auditLog.between(from, to, MAX_ROWS + 1);
    if (rows.length > MAX_ROWS) return ctx.fail(m.tooMany());
    // The exported rows and their link to the row before: the whole chain is `npm run audit:verify`.
    const first = rows[0];
    const last = rows.at(-1);
    const check = first && last ? ctx.store.auditLog.verify({ fromId: first.id, toId: last.id }) : { rows: 0, firstBad: null };
    const range = m.range(show(a.from), show(a.to));
    const meta = { exportedAt: ctx.now(), from: a.from ?? null, to: a.to ?? null, zone: ctx.zone, chain: { intact: check.firstBad === null, ...check } };
    const name = `${m.fileBase}_${a.from ?? m.open}_${a.to ?? DateTime.fromJSDate(ctx.now(), { zone: ctx.zone }).toISODate()}`;
    sendDirect(ctx, ctx.sender.userId, m.done(range, rows.length, check.firstBad ? m.chainBroken(check.firstBad.id, check.firstBad.problem) : m.chainOk(check.rows)), [
      { file: { name: `${name}.csv`, mime: "text/csv", data: Buffer.from(auditCsv(rows), "utf8") }, caption: m.caption("CSV", range, rows.length) },
      { file: { name: `${name}.json`, mime: "application/json", data: Buffer.from(auditJson(rows, meta), "utf8") }, caption: m.caption("JSON", range, rows.length) },
    ]);
    ctx.reply(m.sentDirect(range));
    // After the export, so the file does not contain its own request.
    ctx.audit("audit.export", null, { from: a.from ?? null, to: a.to ?? null, rows: rows.length, chainIntact: check.firstBad === null, sentTo: "direct" });
    return ctx.ok();
  },
});

const audit: FamilySpec = {
  name: "audit",
  aliases: ["protokoll", "prüfprotokoll", "pruefprotokoll"],
  title: { de: "Prüfprotokoll für die Registratur exportieren", en: "export the audit log for the records office" },
  verbs: [exportVerb],
  jobs: { retention: retentionJob },
};
export default audit;
