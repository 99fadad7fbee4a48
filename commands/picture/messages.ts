// Texts of the situation picture, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, r } from "../../src/render/rich.ts";

const de = {
  title: (at: string) => b(`Lagebild ${at}`),
  calm: (at: string) =>
    r`Lagebild ${at}: Es liegt nichts vor – keine Einsätze in den nächsten sieben Tagen, keine offenen Pressemitteilungen, Sitzungen, überfälligen Aufgaben oder offenen Brennpunkte.`,
};
const en: typeof de = {
  title: (at) => b(`Situation picture ${at}`),
  calm: (at) => r`Situation picture ${at}: all calm – no operations in the next seven days, no open press statements, meetings, overdue action items or open hotspots.`,
};

export const pictureMessages: Catalog<typeof de> = { de, en };
