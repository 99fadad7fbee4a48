// The automatic posts of a committee (agenda, reminders, holiday warning) and the close of a meeting
// (carry-over, then planning the next posts), all planned ahead by src/records/meetings.ts.
import type { UserId } from "../../src/ids.ts";
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

function load(ctx: JobContext, payload: Record<string, unknown>): { c: Committee; m: Meeting | null } | null {
  const id = typeof payload["id"] === "number" ? payload["id"] : null;
  const key = typeof payload["key"] === "string" ? payload["key"] : null;
  const c = id === null ? null : store(ctx).get(id);
  if (!c || key === null) return null;
  const m = meetingByKey(ctx, c, key);
  // Skipped or moved since this row was planned (its row should have been cancelled; be safe).
  return { c, m: m && m.start.getTime() === payload["start"] ? m : null };
}

const late = (ctx: JobContext): Rich | null => (ctx.lateSince ? ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone) : null);

function agendaJob(ctx: JobContext, payload: Record<string, unknown>): void {
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

function remindJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const msg = ctx.t(cmMessages);
  const open = store(ctx).itemsOf(c.id, m.key).filter((i) => i.state === "open");
  const owners = [...new Set(open.map((i) => i.owner).filter((o): o is UserId => o !== null))];
  const offset = typeof payload["offset"] === "string" ? payload["offset"] : "";
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

function holidayJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const holiday = holidayOf(ctx, c, m.start);
  if (!holiday) return;
  ctx.post(c.roomId, lines(ctx.t(cmMessages).holidayWarning(c.name, meetingTime(ctx, c, m), holiday), holidayHint(ctx, c, m), late(ctx)));
}

/** After a meeting: open items go to the next meeting, marked as carried over; then the next posts are planned. */
function closeJob(ctx: JobContext, payload: Record<string, unknown>): void {
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

export const committeeJobs = { agenda: agendaJob, remind: remindJob, holiday: holidayJob, close: closeJob };
