// An operation's state as the operations family shows it and the hotspot family lists the operations
// held at a place.
import type { Catalog, Lang } from "../i18n/lang.ts";
import type { OperationState } from "../store/operations.ts";

const names: Catalog<Record<OperationState, string>> = {
  de: { planned: "geplant", cancelled: "abgesagt", done: "erledigt" },
  en: { planned: "planned", cancelled: "cancelled", done: "done" },
};

export function operationState(lang: Lang, state: OperationState): string {
  return names[lang][state];
}
