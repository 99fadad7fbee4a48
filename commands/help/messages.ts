// Texts of the help family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { code, r } from "../../src/render/rich.ts";

const de = {
  // Plain: section() sets the heading in bold.
  title: () => "Lagebot – Befehle",
  footer: () => r`Details zu einem Bereich: ${code("!hilfe <Bereich>")}, z. B. ${code("!hilfe einsatz")}. Befehle beginnen mit ! (oder /, oder „Lagebot:“).`,
  unknown: (word: string) => r`Einen Bereich „${word}“ gibt es nicht.`,
  // Both go into one parenthesis after the description: "(nur mit Rolle Vorsitz; englisch: !committee create)".
  needsRole: (role: string) => r`nur mit Rolle ${role}`,
  also: (en: string) => r`englisch: ${code(en)}`,
};
const en: typeof de = {
  title: () => "Lagebot – commands",
  footer: () => r`Details for one area: ${code("!help <area>")}, e.g. ${code("!help op")}. Commands start with ! (or /, or "Lagebot:").`,
  unknown: (word) => r`No area "${word}" found.`,
  needsRole: (role) => r`only with the role ${role}`,
  also: () => r``,
};

export const helpMessages: Catalog<typeof de> = { de, en };
