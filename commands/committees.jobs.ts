// The automatic posts of a committee (agenda, reminders, holiday warning), the close of a meeting
// (carry-over, then planning the next posts), and the committee section of the situation picture.
import { formatRecordId } from "../src/ids.ts";
import type { UserId } from "../src/ids.ts";
import type { BaseContext, JobContext } from "../src/pipeline/family.ts";
import { join, lines, list, mention, section } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { schedulerMessages } from "../src/schedule/messages.ts";
import type { AgendaItem, Committee } from "../src/store/committees.ts";
import { formatDuration } from "../src/time/format.ts";
import { wallTime } from "../src/time/zone.ts";
import { cmMessages } from "./committees.messages.ts";
import { cmStore, holidayOf, meetingByKey, meetings, nextMeeting, nextWorkingDay, planAhead, when } from "./committees.shared.ts";
import type { Meeting } from "./committees.shared.ts";

export const topId = (n: number): string => formatRecordId("TOP", n);

export function itemLine(ctx: BaseContext, x: AgendaItem): Rich {
  return cmMessages[ctx.lang].item({ id: topId(x.id), text: x.text, owner: x.owner, minutes: x.minutes, carried: x.carried > 0, done: x.state === "done" });
}

export const minutesOf = (items: readonly AgendaItem[]): number => items.reduce((sum, x) => sum + (x.minutes ?? 0), 0);

/** Dates as they are typed in a command: "04.06.2026" / "2026-06-04". */
export function commandDate(ctx: BaseContext, c: Committee, d: Date): string {
  return wallTime(d, c.zone).toFormat(ctx.lang === "de" ? "dd.MM.yyyy" : "yyyy-MM-dd");
}

/** "Verlegen: … · Ausfallen lassen: …" for a meeting on a holiday, with the next working day as suggestion. */
export function holidayHint(ctx: BaseContext, c: Committee, m: Meeting): Rich {
  const to = nextWorkingDay(ctx, c, m.start);
  const time = wallTime(to, c.zone).toFormat("HH:mm");
  return cmMessages[ctx.lang].holidayHint(c.slug, commandDate(ctx, c, m.start), `${commandDate(ctx, c, to)} ${time}`);
}

function load(ctx: JobContext, payload: Record<string, unknown>): { c: Committee; m: Meeting | null } | null {
  const id = typeof payload["id"] === "number" ? payload["id"] : null;
  const key = typeof payload["key"] === "string" ? payload["key"] : null;
  const c = id === null ? null : cmStore(ctx).get(id);
  if (!c || key === null) return null;
  const m = meetingByKey(ctx, c, key);
  // Skipped or moved since this row was planned (its row should have been cancelled; be safe).
  return { c, m: m && m.start.getTime() === payload["start"] ? m : null };
}

const late = (ctx: JobContext): Rich | null => (ctx.lateSince ? schedulerMessages[ctx.lang].late(ctx.lateSince, ctx.zone) : null);

function agendaJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const msg = cmMessages[ctx.lang];
  const items = cmStore(ctx).itemsOf(c.id, m.key);
  const open = items.filter((i) => i.state === "open");
  ctx.post(
    c.roomId,
    lines(msg.agendaPost(c.name, when(ctx, c, m), c.place), items.length ? list(items.map((i) => itemLine(ctx, i))) : msg.agendaNone(c.slug), items.length ? msg.agendaTotal(open.length, minutesOf(open)) : null, late(ctx)),
  );
}

function remindJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const x = load(ctx, payload);
  if (!x?.m) return;
  const { c, m } = x;
  const msg = cmMessages[ctx.lang];
  const open = cmStore(ctx).itemsOf(c.id, m.key).filter((i) => i.state === "open");
  const owners = [...new Set(open.map((i) => i.owner).filter((o): o is UserId => o !== null))];
  const offset = typeof payload["offset"] === "string" ? payload["offset"] : "";
  ctx.post(
    c.roomId,
    lines(
      msg.reminder(c.name, formatDuration(offset, ctx.lang), when(ctx, c, m), c.place, open.length, minutesOf(open)),
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
  ctx.post(c.roomId, lines(cmMessages[ctx.lang].holidayWarning(c.name, when(ctx, c, m), holiday), holidayHint(ctx, c, m), late(ctx)));
}

/** After a meeting: open items go to the next meeting, marked as carried over; then the next posts are planned. */
function closeJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const x = load(ctx, payload);
  if (!x) return;
  const { c, m } = x;
  if (m) {
    const s = cmStore(ctx);
    const next = nextMeeting(ctx, c);
    const msg = cmMessages[ctx.lang];
    const open = s.itemsOf(c.id, m.key).filter((i) => i.state === "open");
    if (open.length && next) {
      s.moveOpenItems(c.id, m.key, next.key, true);
      const moved = open.map((i) => ({ ...i, carried: i.carried + 1 }));
      ctx.post(c.roomId, msg.carried(c.name, when(ctx, c, m), when(ctx, c, next), list(moved.map((i) => itemLine(ctx, i)))));
      ctx.audit("agenda.carry", c.slug, { from: m.key, to: next.key, items: open.map((i) => topId(i.id)) });
    } else if (open.length) {
      ctx.post(c.roomId, msg.carriedNoNext(c.name, when(ctx, c, m), list(open.map((i) => itemLine(ctx, i)))));
    }
  }
  planAhead(ctx, c);
}

export const committeeJobs = { agenda: agendaJob, remind: remindJob, holiday: holidayJob, close: closeJob };

/** `!lage`: the meetings in the range with their agenda size. */
export function committeeSituation(ctx: BaseContext, range: { from: Date; to: Date }): Rich | null {
  const rows: Array<{ at: Date; line: Rich }> = [];
  const s = cmStore(ctx);
  const de = ctx.lang === "de";
  for (const c of s.all()) {
    for (const m of meetings(ctx, c, range.from, 20, range.to)) {
      const n = s.itemsOf(c.id, m.key).filter((i) => i.state === "open").length;
      const holiday = holidayOf(ctx, c, m.start);
      const size = de ? `${n} ${n === 1 ? "Tagesordnungspunkt" : "Tagesordnungspunkte"}` : `${n} agenda ${n === 1 ? "item" : "items"}`;
      rows.push({ at: m.start, line: lines(`${when(ctx, c, m)} · ${c.name} (${c.slug})${c.place ? `, ${c.place}` : ""}: ${size}${holiday ? (de ? ` ⚠ Feiertag: ${holiday}` : ` ⚠ public holiday: ${holiday}`) : ""}`) });
    }
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  return section(de ? "Nächste Gremiensitzungen" : "Next committee meetings", list(rows.map((r) => r.line)));
}
