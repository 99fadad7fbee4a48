// Texts of the help family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, r } from "../../src/render/rich.ts";

const de = {
  title: () => b("Lagebot – Befehle"),
  footer: () => r`Details zu einem Bereich: ${code("!hilfe <Bereich>")}, z. B. ${code("!hilfe einsatz")}. Befehle beginnen mit ! (oder /, oder „Lagebot:“).`,
  unknown: (word: string) => r`Keinen Bereich „${word}“ gefunden.`,
  needsRole: (role: string) => r` (Rolle ${role})`,
  also: (en: string) => r` – englisch ${code(en)}`,
};
const en: typeof de = {
  title: () => b("Lagebot – commands"),
  footer: () => r`Details for one area: ${code("!help <area>")}, e.g. ${code("!help op")}. Commands start with ! (or /, or "Lagebot:").`,
  unknown: (word) => r`No area "${word}" found.`,
  needsRole: (role) => r` (role ${role})`,
  also: () => r``,
};

export const helpMessages: Catalog<typeof de> = { de, en };
