// The pinned live situation card: `!lage anheften` posts the picture and has it pinned (the pinner in
// src/matrix/pinner.ts writes m.room.pinned_events once the card is sent); a job every
// `situation.pinRefresh` renders it again and edits it only when the text differs from the last one
// posted (so at most one edit per interval, none while nothing changes, and one after midnight,
// when the headline's day changes). `!lage lösen` takes it out of the pinned list and stops the edits.
import { z } from "zod";
import { durationMs } from "../../src/config.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { BaseContext, JobContext } from "../../src/pipeline/family.ts";
import type { RoomId } from "../../src/ids.ts";
import type { Rich } from "../../src/render/rich.ts";
import { PIN_JOB, pinRef } from "../../src/store/pinned-picture.ts";
import { formatDate } from "../../src/time/format.ts";
import { renderPicture } from "./render.ts";
import { pinMessages } from "./pin-messages.ts";
import { noWords } from "./no-words.ts";

/** The card as pinned: the picture with the day (not the minute) in its headline. */
export function pinnedCard(ctx: BaseContext): Rich {
  return renderPicture(ctx, ctx.t(pinMessages).at(formatDate(ctx.now(), ctx.zone, ctx.lang)));
}

const refreshMs = (ctx: BaseContext): number => durationMs(ctx.config.situation.pinRefresh) ?? 60_000;

function scheduleRefresh(ctx: BaseContext, roomId: RoomId): void {
  ctx.cancelScheduled(pinRef(roomId));
  ctx.schedule(PIN_JOB, new Date(ctx.now().getTime() + refreshMs(ctx)), { roomId, ref: pinRef(roomId) });
}

export const pin = defineVerb({
  name: "pin",
  aliases: ["anheften"],
  role: "chair",
  mutates: true,
  usage: { de: "!lage anheften", en: "!picture pin" },
  help: {
    de: "heftet das Lagebild im Raum an und hält es aktuell (ersetzt ein früher angeheftetes)",
    en: "pins the situation picture in the room and keeps it up to date (replaces one pinned before)",
  },
  args: (env) => z.object({ words: noWords(env) }),
  handle(ctx) {
    const m = ctx.t(pinMessages);
    // Known from the room's power levels: refused before anything is posted. Unknown: the homeserver decides (403).
    const levels = ctx.store.pinnedPicture.levels(ctx.roomId);
    if (levels && levels.bot < levels.needed) return ctx.fail(m.refused(levels.needed));
    const before = ctx.store.pinnedPicture.get(ctx.roomId);
    const card = pinnedCard(ctx);
    // A reply like every answer, so the one who asked sees it is theirs; the pinned list shows its body.
    const id = ctx.reply(card, { ref: pinRef(ctx.roomId) });
    const at = ctx.now().getTime();
    ctx.store.pinnedPicture.start(ctx.roomId, id, card.html, before?.cardEvent ?? null, at);
    scheduleRefresh(ctx, ctx.roomId);
    ctx.audit("picture.pin", ctx.roomId, before ? { replaces: before.cardEvent } : {});
    return ctx.ok();
  },
});

export const unpin = defineVerb({
  name: "unpin",
  aliases: ["lösen", "loesen"],
  role: "chair",
  mutates: true,
  usage: { de: "!lage lösen", en: "!picture unpin" },
  help: {
    de: "löst das angeheftete Lagebild; es wird nicht mehr aktualisiert",
    en: "unpins the pinned situation picture; it is no longer kept up to date",
  },
  args: (env) => z.object({ words: noWords(env) }),
  handle(ctx) {
    const m = ctx.t(pinMessages);
    const pinned = ctx.store.pinnedPicture.get(ctx.roomId);
    if (!pinned || pinned.state === "unpinning") return ctx.fail(m.nonePinned);
    ctx.store.pinnedPicture.setState(ctx.roomId, "unpinning", ctx.now().getTime());
    ctx.cancelScheduled(pinRef(ctx.roomId));
    ctx.audit("picture.unpin", ctx.roomId);
    ctx.reply(m.unpinned);
    return ctx.ok();
  },
});

/** Every `situation.pinRefresh` per room with a pinned card: edits it when its text changed; says so when pinning was refused. */
export function pinRefresh(ctx: JobContext): void {
  const pinned = ctx.store.pinnedPicture.get(ctx.roomId);
  if (!pinned || pinned.state === "unpinning") return;
  const at = ctx.now().getTime();
  if (pinned.cardFailed) {
    ctx.store.pinnedPicture.drop(ctx.roomId);
    return;
  }
  if (pinned.state === "refused") {
    ctx.post(ctx.roomId, ctx.t(pinMessages).refused(pinned.neededLevel ?? 50));
    // The card stays live: someone with the level may pin it by hand; `!lage lösen` ends it.
    ctx.store.pinnedPicture.setState(ctx.roomId, "pinned", at);
  }
  scheduleRefresh(ctx, ctx.roomId);
  const card = pinnedCard(ctx);
  if (card.html === pinned.lastText) return;
  ctx.edit(pinned.cardOutboxId, card);
  ctx.store.pinnedPicture.recordText(ctx.roomId, card.html, at);
}
