// Texts of the situation picture, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, r } from "../../src/render/rich.ts";

const de = {
  title: (at: string) => b(`Lagebild vom ${at}`),
  // Each noun with its own adjective: "keine offenen … Sitzungen" would be wrong.
  calm: (at: string) =>
    r`Lagebild vom ${at}: Es liegt nichts vor – keine Einsätze in den nächsten sieben Tagen, keine offenen Pressemitteilungen, keine anstehenden Sitzungen, keine überfälligen Aufgaben und keine offenen Brennpunkte.`,
};
const en: typeof de = {
  title: (at) => b(`Situation picture of ${at}`),
  calm: (at) => r`Situation picture of ${at}: all calm – no operations in the next seven days, no open press statements, no upcoming meetings, no overdue action items and no open hotspots.`,
};

export const pictureMessages: Catalog<typeof de> = { de, en };
