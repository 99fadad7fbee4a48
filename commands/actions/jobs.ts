// The reminders of an action item: when the owner is brought up (on the due date, then every `nudge`
// interval while it stays open), scheduling the next one, and the job that posts it.
import { z } from "zod";
import { DateTime } from "luxon";
import type { BaseContext, JobContext } from "../../src/pipeline/family.ts";
import { aiId, dueText } from "../../src/render/actions.ts";
import { lines, mention } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import type { ActionItem } from "../../src/store/actions.ts";
import { parseDuration } from "../../src/time/duration.ts";
import { localToInstant } from "../../src/time/zone.ts";
import { aiStore, committeeSlug } from "./item.ts";
import { aiMessages } from "./messages.ts";

/** Items due on a date (no time given) are brought up at this local time. */
const NUDGE_TIME = "09:00";
const DAY_MS = 86_400_000;

/**
 * When the owner is brought up for the k-th time: k = 0 when the item falls due, then once per
 * `nudge` interval. Whole days are counted on the calendar, so 09:00 stays 09:00 across DST.
 */
function nudgeAt(a: ActionItem, k: number): Date {
  const interval = parseDuration(a.nudge) ?? DAY_MS;
  const base = a.dueAt ?? instantOf(a.dueDate, NUDGE_TIME, a.zone);
  if (k === 0) return base;
  if (interval % DAY_MS === 0) return DateTime.fromJSDate(base, { zone: a.zone }).plus({ days: (k * interval) / DAY_MS }).toJSDate();
  return new Date(base.getTime() + k * interval);
}

function instantOf(date: string, time: string, zone: string): Date {
  const r = localToInstant(date, time, zone);
  if (r.ok) return r.value;
  return r.error.kind === "nonexistent" || r.error.kind === "ambiguous" ? r.error.readings[0] : new Date(Date.parse(`${date}T${time}:00Z`));
}

/** Schedules the k-th reminder of an item, or the first one still ahead when k is not given. */
export function scheduleNudge(ctx: BaseContext, a: ActionItem, k?: number): void {
  let n = k ?? 0;
  while (nudgeAt(a, n) <= ctx.now()) n++;
  ctx.schedule("action.nudge", nudgeAt(a, n), { roomId: a.roomId, ref: `ai:${a.id}:${n}`, payload: { id: a.id, k: n, label: ctx.t(aiMessages).label(aiId(a.id)) } });
}

/** k = 0 when the item falls due, then every nudge interval while open; each run plans the next. */
/** What a nudge row stores: the action item and how many nudges came before. */
export const nudgePayload = z.object({ id: z.number().int(), k: z.number().int().nonnegative() });

export function nudgeJob(ctx: JobContext, payload: z.infer<typeof nudgePayload>): void {
  const { id: n, k } = payload;
  const item = aiStore(ctx).get(n);
  if (!item || item.state !== "open") return;
  const m = ctx.t(aiMessages);
  const id = aiId(item.id);
  const slug = committeeSlug(ctx, item);
  const owner = mention(item.owner);
  const text: Rich = k === 0 ? (item.dueAt ? m.dueNow : m.dueToday)(id, item.text, slug, owner) : m.overdue(id, item.text, slug, owner, dueText(ctx.lang, item));
  ctx.post(item.roomId, lines(text, ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null), { notify: true, bundle: true });
  scheduleNudge(ctx, item, k + 1);
}
