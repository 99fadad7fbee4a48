// The committees' section of the situation picture (`!lage`): the meetings in the range with their
// agenda size and any public holiday they fall on.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { holidayOf, meetings } from "../../src/records/meetings.ts";
import { meetingTime } from "../../src/render/committees.ts";
import { list, section, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { store } from "./committee.ts";

const de = {
  title: "Nächste Gremiensitzungen",
  meeting: (when: string, name: string, slug: string, place: string | null, open: number, holiday: string | null) =>
    `${when} · ${name} (${slug})${place ? `, ${place}` : ""}: ${open} ${open === 1 ? "Tagesordnungspunkt" : "Tagesordnungspunkte"}${holiday ? ` ⚠ Feiertag: ${holiday}` : ""}`,
};
const en: typeof de = {
  title: "Next committee meetings",
  meeting: (when, name, slug, place, open, holiday) =>
    `${when} · ${name} (${slug})${place ? `, ${place}` : ""}: ${open} agenda ${open === 1 ? "item" : "items"}${holiday ? ` ⚠ public holiday: ${holiday}` : ""}`,
};
const messages: Catalog<typeof de> = { de, en };

/** `!lage`: the meetings in the range with their agenda size. */
export function committeeSituation(ctx: BaseContext, range: { from: Date; to: Date }): Rich | null {
  const rows: Array<{ at: Date; line: Rich }> = [];
  const s = store(ctx);
  const m = ctx.t(messages);
  for (const c of s.all()) {
    for (const mt of meetings(ctx, c, range.from, 20, range.to)) {
      const open = s.itemsOf(c.id, mt.key).filter((i) => i.state === "open").length;
      rows.push({ at: mt.start, line: text(m.meeting(meetingTime(ctx, c, mt), c.name, c.slug, c.place, open, holidayOf(ctx, c, mt.start))) });
    }
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  return section(m.title, list(rows.map((r) => r.line)));
}
