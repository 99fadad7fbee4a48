// Texts of the situation picture, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, r } from "../../src/render/rich.ts";

const de = {
  title: (at: string) => b(`Lagebild vom ${at}`),
  // Each noun with its own adjective: "keine offenen … Sitzungen" would be wrong. `until` is the last day of
  // the range, as in the sections' titles ("Einsätze bis …"): "in the next seven days" would claim more.
  calm: (at: string, until: string) =>
    r`Lagebild vom ${at}: Es liegt nichts vor – keine Einsätze und keine Sitzungen bis ${until}, keine offenen Pressemitteilungen, keine überfälligen Aufgaben und keine offenen Brennpunkte.`,
};
const en: typeof de = {
  title: (at) => b(`Situation picture of ${at}`),
  calm: (at, until) =>
    r`Situation picture of ${at}: all calm – no operations and no meetings until ${until}, no open press statements, no overdue action items and no open hotspots.`,
};

export const pictureMessages: Catalog<typeof de> = { de, en };
