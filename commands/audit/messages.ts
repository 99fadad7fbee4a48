// Texts of the audit family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, lines, r } from "../../src/render/rich.ts";

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

export const auditMessages: Catalog<typeof de> = { de, en };
