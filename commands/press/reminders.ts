// Nudges: reminders to the approvers of the agencies still missing, at the configured offsets after a
// version was posted, then daily for a week.
import { z } from "zod";
import { durationMs } from "../../src/config.ts";
import type { BaseContext, JobContext } from "../../src/pipeline/family.ts";
import { join, lines, mention } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import type { PressDraft } from "../../src/store/press.ts";
import { formatDuration } from "../../src/time/format.ts";
import { nudgeRef, prId, pressStore } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { agencyNames, askFor, verdictOf } from "./verdict.ts";

/** After the last configured offset, open drafts are nudged daily, for at most this many days. */
const DAILY_NUDGES = 7;

export function scheduleNudges(ctx: BaseContext, draft: PressDraft, from: Date): void {
  const offsets = ctx.config.reminders.pressPending;
  offsets.forEach((offset, i) => {
    const ms = durationMs(offset);
    if (ms === null) return;
    ctx.schedule("press.nudge", new Date(from.getTime() + ms), {
      roomId: draft.roomId,
      ref: `${nudgeRef(draft.id)}:${draft.currentVersion}:${offset}`,
      payload: { id: draft.id, version: draft.currentVersion, offset, repeat: i === offsets.length - 1 ? DAILY_NUDGES : 0, label: ctx.t(pressMessages).label(prId(draft.id)) },
    });
  });
}

export const cancelNudges = (ctx: BaseContext, id: number): number => ctx.cancelScheduled(nudgeRef(id));

/** "4 Std.", "2 Tagen": whole hours up to two days, whole days beyond. */
function since(ctx: BaseContext, from: Date): string {
  const hours = Math.max(1, Math.round((ctx.now().getTime() - from.getTime()) / 3_600_000));
  return formatDuration(hours < 48 ? hours * 3_600_000 : Math.round(hours / 24) * 86_400_000, ctx.lang);
}

/** Reminds the press approvers of the agencies still missing, while nothing else blocks the draft. */
/** What a nudge row stores; loose, because the daily repeat is scheduled with the same payload. */
export const nudgePayload = z.looseObject({ id: z.number().int(), version: z.number().int(), repeat: z.number().int().nonnegative().default(0) });

export function nudgeJob(ctx: JobContext, payload: z.infer<typeof nudgePayload>): void {
  const { id, version, repeat } = payload;
  const s = pressStore(ctx);
  const draft = s.get(id);
  if (!draft || draft.state !== "open" || draft.currentVersion !== version) return;
  const verdict = verdictOf(ctx, draft);
  // A standing rejection waits for the author's revision, not for more approvals.
  if (verdict.approved || verdict.rejections.length > 0) return;
  const m = ctx.t(pressMessages);
  const people = askFor(ctx, draft, verdict.missing);
  const created = s.version(draft.id, draft.currentVersion)?.createdAt ?? draft.createdAt;
  ctx.post(
    draft.roomId,
    lines(
      m.nudge(prId(draft.id), draft.currentVersion, draft.title, since(ctx, created), agencyNames(ctx, verdict.missing), people.length ? join(people.map((u) => mention(u)), ", ") : null),
      ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null,
    ),
    { notify: true, bundle: true },
  );
  // After the last configured offset the reminder repeats daily, a limited number of times.
  if (repeat > 0) {
    ctx.schedule("press.nudge", new Date(ctx.now().getTime() + 86_400_000), {
      roomId: draft.roomId,
      ref: `${nudgeRef(draft.id)}:${draft.currentVersion}:daily`,
      payload: { ...payload, repeat: repeat - 1 },
    });
  }
}
