// The audit log for the records office (!audit export): CSV and JSON of a date range, with the state
// of the hash chain, sent by direct message to the one who asked (the whole log is not for every
// member of the room, least of all for those the role check just refused). Only for the chair and
// auditor roles. The family also owns the daily retention
// run (src/records/retention.ts), whose every deletion ends up in this log.
import { DateTime } from "luxon";
import { z } from "zod";
import type { Catalog } from "../src/i18n/lang.ts";
import { calendarDate } from "../src/pipeline/args.ts";
import { sendDirect } from "../src/pipeline/direct.ts";
import { defineVerb } from "../src/pipeline/family.ts";
import { auditCsv, auditJson } from "../src/records/export.ts";
import { retentionJob } from "../src/records/retention.ts";
import type { FamilySpec } from "../src/pipeline/family.ts";
import { b, code, lines, r } from "../src/render/rich.ts";
import { auditBetween, verifyAudit } from "../src/store/audit.ts";
import { formatDate } from "../src/time/format.ts";

// More rows than this (the messages say 20.000) make files of more than ~10 MB and block the bot for
// about a second while they are built; narrow the range instead.
const MAX_ROWS = 20_000;

const de = {
  needsRole: () => r`Den Export des Prüfprotokolls dürfen nur Mitglieder mit der Rolle ${b("Vorsitz")} oder ${b("Revision")} anfordern.`,
  fromAfterTo: (from: string, to: string) => r`Der Beginn (${from}) liegt nach dem Ende (${to}). Bitte den Zeitraum richtig herum angeben, z. B. ${code("!protokoll exportieren von=2026-01-01 bis=2026-06-30")}.`,
  tooMany: () => r`Der Zeitraum enthält mehr als 20.000 Einträge. Bitte mit ${code("von=")} und ${code("bis=")} eingrenzen.`,
  range: (from: string | null, to: string | null) => (from && to ? `${from} bis ${to}` : from ? `ab ${from}` : to ? `bis ${to}` : "gesamter Zeitraum"),
  chainOk: (n: number) => `Prüfkette der exportierten Einträge intakt (${n} geprüft)`,
  chainBroken: (id: number, problem: string) => `⚠ Prüfkette UNTERBROCHEN ab Eintrag ${id} (${problem}) – bitte npm run audit:verify ausführen und die Bot-Verwaltung informieren`,
  done: (range: string, n: number, chain: string) => lines(b(`Prüfprotokoll, ${range}: ${n === 1 ? "1 Eintrag" : `${n} Einträge`}`), chain, "Die Dateien folgen als CSV und JSON."),
  sentDirect: (range: string) => r`Export per Direktnachricht gesendet: Das Prüfprotokoll (${range}) erhalten nur Sie, als CSV- und JSON-Datei im Direktchat mit dem Bot.`,
  caption: (kind: string, range: string, n: number) => r`Prüfprotokoll (${kind}), ${range}: ${n === 1 ? "1 Eintrag" : `${n} Einträge`}`,
  fileBase: "pruefprotokoll",
  open: "anfang",
};
const en: typeof de = {
  needsRole: () => r`Only members with the role ${b("chair")} or ${b("auditor")} may export the audit log.`,
  fromAfterTo: (from, to) => r`The start (${from}) is after the end (${to}). Please swap them, e.g. ${code("!audit export from=2026-01-01 to=2026-06-30")}.`,
  tooMany: () => r`The range holds more than 20,000 entries. Please narrow it with ${code("from=")} and ${code("to=")}.`,
  range: (from, to) => (from && to ? `${from} to ${to}` : from ? `from ${from}` : to ? `until ${to}` : "all time"),
  chainOk: (n) => `hash chain of the exported entries intact (${n} checked)`,
  chainBroken: (id, problem) => `⚠ hash chain BROKEN from entry ${id} (${problem}) – please run npm run audit:verify and tell the bot administrators`,
  done: (range, n, chain) => lines(b(`Audit log, ${range}: ${n === 1 ? "1 entry" : `${n} entries`}`), chain, "The files follow as CSV and JSON."),
  sentDirect: (range) => r`Export sent by direct message: only you receive the audit log (${range}), as CSV and JSON files in your direct chat with the bot.`,
  caption: (kind, range, n) => r`Audit log (${kind}), ${range}: ${n === 1 ? "1 entry" : `${n} entries`}`,
  fileBase: "audit-log",
  open: "start",
};
const messages: Catalog<typeof de> = { de, en };

const exportVerb = defineVerb({
  name: "export",
  aliases: ["exportieren", "ausgabe"],
  mutates: false,
  // The whole audit log: withheld where someone of no agency reads along (the family's retention run is not).
  sensitive: true,
  keys: { from: ["von", "ab"], to: ["bis"] },
  usage: { de: "!protokoll exportieren [von=<Datum>] [bis=<Datum>]", en: "!audit export [from=<date>] [to=<date>]" },
  help: {
    de: "sendet das Prüfprotokoll als CSV- und JSON-Datei per Direktnachricht, mit Prüfung der Hash-Kette (Rolle Vorsitz oder Revision)",
    en: "sends the audit log as CSV and JSON files by direct message, with a check of the hash chain (role chair or auditor)",
  },
  args: (env) => z.object({ from: calendarDate(env).optional(), to: calendarDate(env).optional() }),
  handle(ctx, a) {
    const m = messages[ctx.lang];
    if (!ctx.sender.roles.has("chair") && !ctx.sender.roles.has("auditor")) return ctx.fail(m.needsRole());
    const show = (d: string | undefined) => (d ? formatDate(d, ctx.zone, ctx.lang) : null);
    if (a.from && a.to && a.from > a.to) return ctx.fail(m.fromAfterTo(show(a.from) ?? a.from, show(a.to) ?? a.to));
    const startOf = (d: string) => DateTime.fromISO(d, { zone: ctx.zone }).startOf("day");
    const from = a.from ? startOf(a.from).toMillis() : null;
    const to = a.to ? startOf(a.to).plus({ days: 1 }).toMillis() : null;
    const rows = auditBetween(ctx.db, from, to, MAX_ROWS + 1);
    if (rows.length > MAX_ROWS) return ctx.fail(m.tooMany());
    // The exported rows and their link to the row before: the whole chain is `npm run audit:verify`.
    const first = rows[0];
    const last = rows.at(-1);
    const check = first && last ? verifyAudit(ctx.db, { fromId: first.id, toId: last.id }) : { rows: 0, firstBad: null };
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
