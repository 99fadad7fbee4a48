// The committees' section of the situation picture (`!lage`): the meetings in the range with their
// agenda size and any public holiday they fall on.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { durationOf, holidayOf, meetings } from "../../src/records/meetings.ts";
import { meetingTime } from "../../src/render/committees.ts";
import { list, section, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { formatDate } from "../../src/time/format.ts";
import { store } from "./committee.ts";

const de = {
  // The range's last day, as "Einsätze bis …": "next" would claim none comes soon after it.
  title: (until: string) => `Gremiensitzungen bis ${until}`,
  running: (when: string) => `${when} (läuft)`,
  meeting: (when: string, name: string, slug: string, place: string | null, open: number, holiday: string | null) =>
    `${when} · ${name} (${slug})${place ? `, ${place}` : ""}: ${open === 0 ? "noch keine Tagesordnungspunkte" : `${open} ${open === 1 ? "Tagesordnungspunkt" : "Tagesordnungspunkte"}`}${holiday ? ` ⚠ Feiertag: ${holiday}` : ""}`,
};
const en: typeof de = {
  title: (until) => `Committee meetings until ${until}`,
  running: (when) => `${when} (running)`,
  meeting: (when, name, slug, place, open, holiday) =>
    `${when} · ${name} (${slug})${place ? `, ${place}` : ""}: ${open === 0 ? "no agenda items yet" : `${open} agenda ${open === 1 ? "item" : "items"}`}${holiday ? ` ⚠ public holiday: ${holiday}` : ""}`,
};
const messages: Catalog<typeof de> = { de, en };

/** `!lage`: the meetings in the range (the range starts now) with their agenda size; one under way is marked as running. */
export function committeeSituation(ctx: BaseContext, range: { from: Date; to: Date }): Rich | null {
  const rows: Array<{ at: Date; line: Rich }> = [];
  const s = store(ctx);
  const m = ctx.t(messages);
  for (const c of s.all()) {
    // Begun up to one meeting length before the range: still running unless it has ended.
    const begun = new Date(range.from.getTime() - durationOf(c));
    for (const mt of meetings(ctx, c, begun, 20, range.to).filter((x) => x.end > range.from)) {
      const open = s.itemsOf(c.id, mt.key).filter((i) => i.state === "open").length;
      const when = mt.start < range.from ? m.running(meetingTime(ctx, c, mt)) : meetingTime(ctx, c, mt);
      rows.push({ at: mt.start, line: text(m.meeting(when, c.name, c.slug, c.place, open, holidayOf(ctx, c, mt.start))) });
    }
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  return section(m.title(formatDate(new Date(range.to.getTime() - 1), ctx.zone, ctx.lang)), list(rows.map((r) => r.line)));
}
