// Texts of the audit family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, lines, r } from "../../src/render/rich.ts";

// verifyAudit (src/store/audit.ts) names the problem in English, for the audit:verify command line.
const PROBLEM_DE: Record<string, string> = {
  "link to previous row broken": "Verknüpfung zum vorigen Eintrag gebrochen",
  "details are not JSON": "Angaben sind kein gültiges JSON",
  "content does not match its hash": "Inhalt passt nicht zu seiner Prüfsumme",
};

const de = {
  needsRole: () => r`Das Prüfprotokoll exportieren dürfen nur Mitglieder mit der Rolle ${b("Revision")} und namentlich eingetragene Mitglieder mit der Rolle ${b("Vorsitz")}.`,
  fromAfterTo: (from: string, to: string) => r`Der Beginn (${from}) liegt nach dem Ende (${to}). Bitte den Zeitraum richtig herum angeben, z. B. ${code("!protokoll exportieren von=01.01.2026 bis=30.06.2026")}.`,
  tooMany: () => r`Der Zeitraum enthält mehr als 20.000 Einträge. Bitte mit ${code("von=")} und ${code("bis=")} eingrenzen.`,
  range: (from: string | null, to: string | null) => (from && to ? `${from} bis ${to}` : from ? `ab ${from}` : to ? `bis ${to}` : "gesamter Zeitraum"),
  chainOk: (n: number) => `Prüfkette der exportierten Einträge ist intakt (${n === 1 ? "1 Eintrag" : `${n} Einträge`} geprüft)`,
  // The reader is a chair or an auditor: the check itself is the bot administrators' job.
  chainBroken: (id: number, problem: string) =>
    `⚠ Prüfkette UNTERBROCHEN ab Eintrag ${id} (${PROBLEM_DE[problem] ?? "Eintrag fehlerhaft"}). Bitte umgehend die Bot-Verwaltung informieren (Prüfung dort mit npm run audit:verify).`,
  done: (range: string, n: number, chain: string) => lines(b(`Prüfprotokoll, ${range}: ${n === 1 ? "1 Eintrag" : `${n} Einträge`}`), chain, "Die Dateien folgen als CSV und JSON."),
  sentDirect: (range: string) => r`Export per Direktnachricht gesendet: Das Prüfprotokoll (${range}) erhalten nur Sie, als CSV- und JSON-Datei im Direktchat mit dem Bot.`,
  caption: (kind: string, range: string, n: number) => r`Prüfprotokoll (${kind}), ${range}: ${n === 1 ? "1 Eintrag" : `${n} Einträge`}`,
  fileBase: "pruefprotokoll",
  open: "anfang",
};
const en: typeof de = {
  needsRole: () => r`Only members with the role ${b("auditor")} and members listed by name with the role ${b("chair")} may export the audit log.`,
  fromAfterTo: (from, to) => r`The start (${from}) is after the end (${to}). Please swap them, e.g. ${code("!audit export from=2026-01-01 to=2026-06-30")}.`,
  tooMany: () => r`The range holds more than 20,000 entries. Please narrow it with ${code("from=")} and ${code("to=")}.`,
  range: (from, to) => (from && to ? `${from} to ${to}` : from ? `from ${from}` : to ? `until ${to}` : "all time"),
  chainOk: (n) => `hash chain of the exported entries is intact (${n === 1 ? "1 entry" : `${n} entries`} checked)`,
  chainBroken: (id, problem) => `⚠ hash chain BROKEN from entry ${id} (${problem}). Please tell the bot administrators at once (they check it with npm run audit:verify).`,
  done: (range, n, chain) => lines(b(`Audit log, ${range}: ${n === 1 ? "1 entry" : `${n} entries`}`), chain, "The files follow as CSV and JSON."),
  sentDirect: (range) => r`Export sent by direct message: only you receive the audit log (${range}), as CSV and JSON files in your direct chat with the bot.`,
  caption: (kind, range, n) => r`Audit log (${kind}), ${range}: ${n === 1 ? "1 entry" : `${n} entries`}`,
  fileBase: "audit-log",
  open: "start",
};

export const auditMessages: Catalog<typeof de> = { de, en };
