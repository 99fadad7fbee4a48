// What the committee, agenda and action families say alike about a committee: the answer to an
// unknown short name, and the time of one of its meetings.
import type { Catalog, Lang } from "../i18n/lang.ts";
import type { Committee, CommitteesStore } from "../store/committees.ts";
import { formatRange } from "../time/format.ts";
import { code, r } from "./rich.ts";
import type { Rich } from "./rich.ts";

const de = {
  notFound: (slug: string, known: readonly string[]) =>
    known.length
      ? r`Ein Gremium „${slug}“ gibt es nicht. Vorhanden: ${known.join(", ")}. Übersicht: ${code("!gremium liste")}`
      : r`Ein Gremium „${slug}“ gibt es nicht; es ist noch keines angelegt: ${code('!gremium anlegen <kürzel> name="…" turnus="dienstag 10:00"')}`,
};
const en: typeof de = {
  notFound: (slug, known) =>
    known.length
      ? r`There is no committee "${slug}". Known: ${known.join(", ")}. Overview: ${code("!committee list")}`
      : r`There is no committee "${slug}"; none has been created yet: ${code('!committee create <slug> name="…" every="tuesday 10:00"')}`,
};
const messages: Catalog<typeof de> = { de, en };

/** How many known short names the answer to an unknown one lists. */
const KNOWN_SLUGS = 20;

/** The committee with this short name, or the answer to an unknown one: the known ones, so a typo is easy to see. */
export function findCommittee(store: Pick<CommitteesStore, "bySlug" | "slugs">, lang: Lang, slug: string): { committee: Committee } | { unknown: Rich } {
  const committee = store.bySlug(slug);
  return committee ? { committee } : { unknown: messages[lang].notFound(slug, store.slugs(KNOWN_SLUGS)) };
}

/** "Di 01.12.2026, 10:00–11:00" in the committee's zone. */
export function meetingTime(at: { readonly lang: Lang }, c: { zone: string }, m: { start: Date; end: Date }): string {
  return formatRange(m.start, m.end, c.zone, at.lang);
}
