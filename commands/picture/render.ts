// The situation picture's content, shared by !lage, its weekly post and the pinned card (pin.ts).
import { DateTime } from "luxon";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { lines } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { formatDate, formatDateTime } from "../../src/time/format.ts";
import { pictureMessages } from "./messages.ts";

const DAYS = 7;

/**
 * From now to the end of the seventh day (today counted), in the configured zone. It starts now, not
 * at the start of today: what ended this morning is not "next"; sections show what is still running.
 */
function pictureRange(ctx: BaseContext): { from: Date; to: Date } {
  const now = ctx.now();
  const today = DateTime.fromJSDate(now, { zone: ctx.zone }).startOf("day");
  return { from: now, to: today.plus({ days: DAYS }).toJSDate() };
}

/** `at`: the headline's moment; the pinned card (pin.ts) shows only the day, so it changes at midnight, not every minute. */
export function renderPicture(ctx: BaseContext, at = formatDateTime(ctx.now(), ctx.zone, ctx.lang)): Rich {
  const m = ctx.t(pictureMessages);
  const range = pictureRange(ctx);
  const sections = ctx
    .familyHooks()
    .flatMap((f) => (f.situation ? [f.situation] : []))
    .sort((a, b_) => a.order - b_.order)
    .map((s) => s.render(ctx, range))
    .filter((s) => s !== null);
  return sections.length ? lines(m.title(at), ...sections) : m.calm(at, formatDate(new Date(range.to.getTime() - 1), ctx.zone, ctx.lang));
}
