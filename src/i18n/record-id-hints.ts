// What an ID of the wrong kind is, in words: "PR-3 ist die Nummer einer Pressemitteilung." Said after
// "„PR-3“ ist keine gültige Nummer; erwartet wird z. B. OP-7.", so the mix-up is plain.
import { formatRecordId, otherRecordPrefix } from "../ids.ts";
import type { RecordPrefix } from "../ids.ts";
import type { Lang } from "../time/types.ts";

const KIND: Readonly<Record<RecordPrefix, { de: string; en: string }>> = {
  OP: { de: "eines Einsatzes", en: "an operation" },
  PR: { de: "einer Pressemitteilung", en: "a press statement" },
  TOP: { de: "eines Tagesordnungspunkts", en: "an agenda item" },
  AI: { de: "einer Aufgabe", en: "an action item" },
  HS: { de: "eines Brennpunkts", en: "a hotspot" },
};

/** A sentence naming the kind of the ID given instead of a `prefix` ID, or null when it is no ID of ours. */
export function recordIdHint(prefix: RecordPrefix, input: string, lang: Lang): string | null {
  const other = otherRecordPrefix(prefix, input);
  if (other === null) return null;
  const n = /(\d{1,9})/.exec(input)?.[1] ?? "";
  const id = formatRecordId(other, Number(n));
  return lang === "de" ? `${id} ist die Nummer ${KIND[other].de}.` : `${id} is the ID of ${KIND[other].en}.`;
}
