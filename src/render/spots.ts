// The answer to a hotspot ID that does not exist, from the hotspot family and from `spot=HS-n` on an
// operation.
import type { Catalog, Lang } from "../i18n/lang.ts";
import { code, r } from "./rich.ts";
import type { Rich } from "./rich.ts";

const messages: Catalog<(id: string) => Rich> = {
  de: (id) => r`Einen Brennpunkt ${id} gibt es nicht. Übersicht: ${code("!ort liste")}`,
  en: (id) => r`There is no hotspot ${id}. Overview: ${code("!spot list")}`,
};

export function unknownSpot(lang: Lang, id: string): Rich {
  return messages[lang](id);
}
