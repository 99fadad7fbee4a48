// The shared situation picture (!lage / !picture): one message, short enough for a phone, made of
// every family's `situation` section for the next seven days. Sections with nothing are left out.
// Optionally posted weekly into every served room (config situation.weekly).
import { z } from "zod";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { FamilySpec, JobContext } from "../../src/pipeline/family.ts";
import { WEEKLY_PICTURE, weeklyRow } from "../../src/records/recurring.ts";
import { lines } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import { noWords } from "./no-words.ts";
import { pin, pinRefresh, unpin } from "./pin.ts";
import { renderPicture } from "./render.ts";
import { week } from "./week.ts";

const show = defineVerb({
  name: "",
  mutates: false,
  usage: { de: "!lage", en: "!picture" },
  help: {
    de: "Lagebild: Einsätze der nächsten sieben Tage mit Personallücken, offene Pressemitteilungen, Sitzungen, überfällige Aufgaben, offene Brennpunkte",
    en: "situation picture: operations in the next seven days with staffing gaps, open press statements, meetings, overdue action items, open hotspots",
  },
  args: (env) => z.object({ words: noWords(env) }),
  handle(ctx) {
    ctx.reply(renderPicture(ctx));
    return ctx.ok();
  },
});

/** The weekly post: schedules next week's first, then posts into every served room. */
function weekly(ctx: JobContext): void {
  const next = weeklyRow(ctx.config, ctx.now(), [ctx.roomId]);
  ctx.cancelScheduled(WEEKLY_PICTURE.ref);
  if (next) ctx.schedule(next.job, new Date(next.dueAt), { roomId: next.roomId, ref: next.ref, payload: next.payload });
  const picture = renderPicture(ctx);
  const late = ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null;
  for (const room of ctx.runtime().rooms) ctx.post(room, lines(picture, late));
}

const picture: FamilySpec = {
  name: "picture",
  aliases: ["lage", "lagebild"],
  title: { de: "das gemeinsame Lagebild in einer Nachricht", en: "the shared situation picture in one message" },
  // It sums up every sensitive family: withheld where someone of no agency reads along.
  sensitive: true,
  verbs: [show, pin, unpin, week],
  jobs: { weekly, pinRefresh },
};
export default picture;
