// Helpers of the action-item family that the committee family uses too (`!committee show`).
import { DateTime } from "luxon";
import { formatRecordId } from "../src/ids.ts";
import type { BaseContext } from "../src/pipeline/family.ts";
import type { Rich } from "../src/render/rich.ts";
import { ActionsStore } from "../src/store/actions.ts";
import type { ActionItem } from "../src/store/actions.ts";
import { formatDate, formatDateTime } from "../src/time/format.ts";
import { parseDuration } from "../src/time/duration.ts";
import { localToInstant, wallTime } from "../src/time/zone.ts";
import { aiMessages } from "./actions.messages.ts";

export const aiId = (n: number): string => formatRecordId("AI", n);
export const aiStore = (ctx: BaseContext) => new ActionsStore(ctx.db);

/** Items due on a date (no time given) are brought up at this local time. */
export const NUDGE_TIME = "09:00";
const DAY_MS = 86_400_000;

export function isOverdue(a: ActionItem, now: Date): boolean {
  if (a.dueAt) return now > a.dueAt;
  return wallTime(now, a.zone).toFormat("yyyy-MM-dd") > a.dueDate;
}

export function dueText(ctx: BaseContext, a: ActionItem): string {
  return a.dueAt ? formatDateTime(a.dueAt, a.zone, ctx.lang) : formatDate(a.dueDate, a.zone, ctx.lang);
}

export function actionLine(ctx: BaseContext, a: ActionItem, committee: string | null = null): Rich {
  return aiMessages[ctx.lang].line(aiId(a.id), a.text, a.owner, dueText(ctx, a), isOverdue(a, ctx.now()), committee);
}

/**
 * When the owner is brought up for the k-th time: k = 0 when the item falls due, then once per
 * `nudge` interval. Whole days are counted on the calendar, so 09:00 stays 09:00 across DST.
 */
export function nudgeAt(a: ActionItem, k: number): Date {
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
  ctx.schedule("action.nudge", nudgeAt(a, n), { roomId: a.roomId, ref: `ai:${a.id}:${n}`, payload: { id: a.id, k: n, label: aiMessages[ctx.lang].label(aiId(a.id)) } });
}
