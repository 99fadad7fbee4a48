// The automatic posts of a committee (agenda, reminders, holiday warning) and the close of a meeting
// (carry-over, then planning the next posts), all planned ahead by src/records/meetings.ts.
import type { UserId } from "../../src/ids.ts";
import { z } from "zod";
import { defineJob } from "../../src/pipeline/family.ts";
import type { JobContext } from "../../src/pipeline/family.ts";
import { holidayOf, meetingByKey, nextMeeting, planAhead } from "../../src/records/meetings.ts";
import type { Meeting } from "../../src/records/meetings.ts";
import { agendaTotal, itemLine, minutesOf, topId } from "../../src/render/agenda.ts";
import { meetingTime } from "../../src/render/committees.ts";
import { join, lines, list, mention } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import type { Committee } from "../../src/store/committees.ts";
import { formatDuration } from "../../src/time/format.ts";
import { holidayHint } from "./calendar.ts";
import { store } from "./committee.ts";
import { cmMessages } from "./messages.ts";

/** What every committee row stores (planAhead in src/records/meetings.ts): the committee and which meeting. */
const meetingPayload = z.looseObject({ id: z.number().int(), key: z.string(), start: z.number().optional() });
type MeetingPayload = z.infer<typeof meetingPayload>;
/** A reminder also says which configured offset it is. */
const remindPayload = meetingPayload.extend({ offset: z.string().default("") });

function load(ctx: JobContext, payload: MeetingPayload): { c: Committee; m: Meeting | null } | null {
  const c = store(ctx).get(payload.id);
  if (!c) return null;
  const m = meetingByKey(ctx, c, payload.key);
  // Skipped or moved since this row was planned (its row should have been cancelled; be safe).
  return { c, m: m && m.start.getTime() === payload.start ? m : null };
}

const late = (ctx: JobContext): Rich | null => (ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null);

function agendaJob(ctx: JobContext, payload: MeetingPayload): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const msg = ctx.t(cmMessages);
  const items = store(ctx).itemsOf(c.id, m.key);
  const open = items.filter((i) => i.state === "open");
  ctx.post(
    c.roomId,
    lines(msg.agendaPost(c.name, meetingTime(ctx, c, m), c.place), items.length ? list(items.map((i) => itemLine(ctx.lang, i))) : msg.agendaNone(c.slug), items.length ? agendaTotal(ctx.lang, open) : null, late(ctx)),
  );
}

function remindJob(ctx: JobContext, payload: z.infer<typeof remindPayload>): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const msg = ctx.t(cmMessages);
  const open = store(ctx).itemsOf(c.id, m.key).filter((i) => i.state === "open");
  const owners = [...new Set(open.map((i) => i.owner).filter((o): o is UserId => o !== null))];
  const { offset } = payload;
  ctx.post(
    c.roomId,
    lines(
      msg.reminder(c.name, formatDuration(offset, ctx.lang), meetingTime(ctx, c, m), c.place, open.length, minutesOf(open)),
      owners.length ? msg.speakers(join(owners.map((o) => mention(o)), ", ")) : null,
      late(ctx),
    ),
    { notify: true, bundle: true },
  );
}

function holidayJob(ctx: JobContext, payload: MeetingPayload): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const holiday = holidayOf(ctx, c, m.start);
  if (!holiday) return;
  ctx.post(c.roomId, lines(ctx.t(cmMessages).holidayWarning(c.name, meetingTime(ctx, c, m), holiday), holidayHint(ctx, c, m), late(ctx)));
}

/** After a meeting: open items go to the next meeting, marked as carried over; then the next posts are planned. */
function closeJob(ctx: JobContext, payload: MeetingPayload): void {
  const x = load(ctx, payload);
  if (!x) return;
  const { c, m } = x;
  if (m) {
    const s = store(ctx);
    const next = nextMeeting(ctx, c);
    const msg = ctx.t(cmMessages);
    const open = s.itemsOf(c.id, m.key).filter((i) => i.state === "open");
    if (open.length && next) {
      s.moveOpenItems(c.id, m.key, next.key, true);
      const moved = open.map((i) => ({ ...i, carried: i.carried + 1 }));
      ctx.post(c.roomId, msg.carried(c.name, meetingTime(ctx, c, m), meetingTime(ctx, c, next), list(moved.map((i) => itemLine(ctx.lang, i)))));
      ctx.audit("agenda.carry", c.slug, { from: m.key, to: next.key, items: open.map((i) => topId(i.id)) });
    } else if (open.length) {
      ctx.post(c.roomId, msg.carriedNoNext(c.name, meetingTime(ctx, c, m), list(open.map((i) => itemLine(ctx.lang, i)))));
    }
  }
  planAhead(ctx, c);
}

export const committeeJobs = {
  agenda: defineJob({ payload: meetingPayload, run: agendaJob }),
  remind: defineJob({ payload: remindPayload, run: remindJob }),
  holiday: defineJob({ payload: meetingPayload, run: holidayJob }),
  close: defineJob({ payload: meetingPayload, run: closeJob }),
};
