// `!lage woche` (`!picture week`): the coming seven days as a PNG, days across, operations and
// meetings as blocks, staffing gaps in red, holidays marked; its text (one line per day) goes in the
// message body for screen readers. Uploaded through ctx.upload, so encrypted rooms get it encrypted.
import { DateTime } from "luxon";
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { meetings } from "../../src/records/meetings.ts";
import { svgToPng } from "../../src/render/week-png.ts";
import { FONT, weekSvg } from "../../src/render/week-svg.ts";
import type { WeekDay, WeekGap, WeekItem, WeekPicture } from "../../src/render/week-svg.ts";
import { join, lines } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { formatDate, formatDateTime, formatTime } from "../../src/time/format.ts";
import { holidayOn } from "../../src/time/holidays.ts";
import { noWords } from "./no-words.ts";
import { weekMessages } from "./week-messages.ts";

const DAYS = 7;
/** More than fit in a week of columns; the picture shows six a day and counts the rest. */
const LIMIT = 200;

interface Dated {
  at: Date;
  item: WeekItem;
  line: Rich;
}

const span = (ctx: BaseContext, start: Date, end: Date | null): string =>
  end ? `${formatTime(start, ctx.zone)}–${formatTime(end, ctx.zone)}` : formatTime(start, ctx.zone);

function operations(ctx: BaseContext, from: Date, to: Date): Dated[] {
  const m = ctx.t(weekMessages);
  // Already running (begun before now, not over) counts too, on today's row, as `!lage` shows it "(läuft)".
  const running = ctx.store.operations.upcoming(from, LIMIT).filter((op) => op.startsAt < from);
  return [...running, ...ctx.store.operations.between(from, to, ["planned"], LIMIT)].map((op) => {
    const gaps: WeekGap[] = ctx.config.agencies.flatMap((a) => {
      const needed = op.needed.get(a.id) ?? 0;
      const missing = needed - (op.roster.get(a.id)?.length ?? 0);
      return missing > 0 ? [{ agency: a.name, missing }] : [];
    });
    const id = formatRecordId("OP", op.id);
    const time = op.startsAt < from ? m.running(span(ctx, op.startsAt, op.endsAt)) : span(ctx, op.startsAt, op.endsAt);
    const gapText = gaps.length ? gaps.map((g) => `${g.agency} ${g.missing}`).join(", ") : null;
    return { at: op.startsAt < from ? from : op.startsAt, item: { kind: "operation", id, title: op.title, time, gaps }, line: m.opItem(id, op.title, time, gapText) };
  });
}

function committeeMeetings(ctx: BaseContext, from: Date, to: Date): Dated[] {
  const m = ctx.t(weekMessages);
  return ctx.store.committees.all().flatMap((c) =>
    meetings(ctx, c, from, 20, to).map((mt) => {
      const time = span(ctx, mt.start, mt.end);
      return { at: mt.start, item: { kind: "meeting" as const, id: c.slug, title: c.name, time, gaps: [] }, line: m.meetingItem(c.name, c.slug, time) };
    }),
  );
}

/** The picture's model and its text, from now to the end of the seventh day. */
export function weekOf(ctx: BaseContext): { picture: WeekPicture; caption: Rich; day: string } {
  const m = ctx.t(weekMessages);
  const now = ctx.now();
  const today = DateTime.fromJSDate(now, { zone: ctx.zone }).startOf("day");
  const to = today.plus({ days: DAYS }).toJSDate();
  const all = [...operations(ctx, now, to), ...committeeMeetings(ctx, now, to)].sort((a, b) => a.at.getTime() - b.at.getTime());
  const days: WeekDay[] = [];
  const dayLines: Rich[] = [];
  for (let i = 0; i < DAYS; i++) {
    const d = today.plus({ days: i });
    const next = d.plus({ days: 1 }).toMillis();
    const items = all.filter((x) => x.at.getTime() >= d.toMillis() && x.at.getTime() < next);
    const holiday = holidayOn(d.toFormat("yyyy-MM-dd"), ctx.config.holidays, ctx.lang);
    const weekday = formatDate(d.toJSDate(), ctx.zone, ctx.lang).split(" ")[0] ?? "";
    const date = ctx.lang === "de" ? d.toFormat("dd.MM.") : d.setLocale("en").toFormat("d LLL");
    days.push({ weekday, date, holiday, weekend: d.weekday >= 6, items: items.map((x) => x.item) });
    dayLines.push(m.day(`${weekday} ${date}`, holiday, items.length ? join(items.map((x) => x.line), "; ") : null));
  }
  const totals = ctx.config.agencies.flatMap((a) => {
    const missing = all.reduce((n, x) => n + (x.item.gaps.find((g) => g.agency === a.name)?.missing ?? 0), 0);
    return missing > 0 ? [{ agency: a.name, missing }] : [];
  });
  const last = today.plus({ days: DAYS - 1 });
  const title = m.title(ctx.lang === "de" ? today.toFormat("dd.MM.") : today.setLocale("en").toFormat("d LLL"), formatDate(last.toJSDate(), ctx.zone, ctx.lang).replace(/^\S+ /, ""));
  const picture: WeekPicture = {
    title,
    subtitle: m.asOf(formatDateTime(now, ctx.zone, ctx.lang)),
    days,
    totals,
    words: { empty: m.empty, more: m.more, holiday: m.holiday, operation: m.operation, meeting: m.meeting, gap: m.gap, totals: m.totals },
  };
  const caption = lines(m.heading(title), ...dayLines, totals.length ? m.totalsLine(totals.map((g) => `${g.agency} ${g.missing}`).join(", ")) : null);
  return { picture, caption, day: today.toFormat("yyyy-MM-dd") };
}

export const week = defineVerb({
  name: "week",
  aliases: ["woche"],
  mutates: false,
  usage: { de: "!lage woche", en: "!picture week" },
  help: {
    de: "die nächsten sieben Tage als Bild: Einsätze und Sitzungen je Tag, Personallücken je Behörde, Feiertage",
    en: "the next seven days as a picture: operations and meetings per day, staffing gaps per agency, public holidays",
  },
  args: (env) =>
    z.object({
      words: noWords(env, {
        de: "!lage woche zeigt immer die nächsten sieben Tage ab heute.",
        en: "!picture week always shows the next seven days from today.",
      }),
    }),
  handle(ctx) {
    const { picture, caption, day } = weekOf(ctx);
    const { svg } = weekSvg(picture);
    const png = svgToPng(svg, FONT);
    ctx.upload(ctx.roomId, { name: `lage-woche-${day}.png`, mime: "image/png", data: png.data, image: { w: png.width, h: png.height } }, caption);
    return ctx.ok();
  },
});
