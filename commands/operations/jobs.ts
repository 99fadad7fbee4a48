// Reminders of an operation: one per configured offset before its start, naming the roster and any
// staffing gaps.
import { z } from "zod";
import { durationMs } from "../../src/config.ts";
import type { BaseContext, JobContext } from "../../src/pipeline/family.ts";
import { lines } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatDateTime, formatDuration } from "../../src/time/format.ts";
import { opMessages } from "./messages.ts";
import { opId, opStore, when } from "./operation.ts";
import { people, staffGaps } from "./staffing.ts";

/** Schedules one reminder per configured offset still in the future; returns their times. */
export function scheduleReminders(ctx: BaseContext, op: Operation): string[] {
  const m = ctx.t(opMessages);
  const set: string[] = [];
  for (const offset of ctx.config.reminders.operations) {
    const ms = durationMs(offset);
    if (ms === null) continue;
    const due = new Date(op.startsAt.getTime() - ms);
    if (due <= ctx.now()) continue;
    ctx.schedule("op.reminder", due, { roomId: op.roomId, ref: `op:${op.id}:${offset}`, payload: { id: op.id, offset, label: m.label(opId(op.id), formatDuration(offset, ctx.lang)) } });
    set.push(formatDateTime(due, ctx.zone, ctx.lang));
  }
  return set;
}

/** What a reminder row stores: the operation and which configured offset it is. */
export const reminderPayload = z.object({ id: z.number().int(), offset: z.string() });

export function reminderJob(ctx: JobContext, payload: z.infer<typeof reminderPayload>): void {
  const { id, offset } = payload;
  const op = opStore(ctx).get(id);
  if (!op || op.state !== "planned") return;
  const m = ctx.t(opMessages);
  const roster = [...op.roster.values()].flat();
  const gaps = staffGaps(ctx, op);
  ctx.post(
    op.roomId,
    lines(
      m.reminder(opId(op.id), op.title, formatDuration(offset, ctx.lang), when(ctx, op), op.place),
      roster.length ? m.rosterLine(people(roster, true)) : null,
      gaps.length ? m.gaps(m.staffing(gaps)) : null,
      ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null,
    ),
    { notify: true, bundle: true },
  );
}
