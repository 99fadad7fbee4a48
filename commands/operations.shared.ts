// Helpers shared by the verbs of the operations family.
import { DateTime } from "luxon";
import { z } from "zod";
import { durationMs } from "../src/config.ts";
import { formatRecordId, parseRecordId } from "../src/ids.ts";
import type { UserId } from "../src/ids.ts";
import { count } from "../src/pipeline/args.ts";
import type { ArgEnv, BaseContext, CommandContext, Outcome } from "../src/pipeline/family.ts";
import { join, mention } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { OperationsStore } from "../src/store/operations.ts";
import type { Operation, OperationFields, OperationType } from "../src/store/operations.ts";
import { formatDateTime, formatRange } from "../src/time/format.ts";
import { opMessages } from "./operations.messages.ts";
import type { StaffLine } from "./operations.messages.ts";

export const MAX_STAFF = 500;
export const TYPES: Record<OperationType, readonly string[]> = { patrol: ["streife"], control: ["kontrolle"], event: ["veranstaltung"] };
export const FIELD_KEYS = {
  at: ["wann", "beginn"],
  until: ["bis", "ende"],
  place: ["ort"],
  type: ["art", "typ"],
  field: ["feld", "handlungsfeld"],
  spot: ["brennpunkt", "hotspot"],
} as const;

export const opId = (n: number) => formatRecordId("OP", n);
export const opStore = (ctx: BaseContext) => new OperationsStore(ctx.db);

export function staffLines(ctx: BaseContext, op: Operation): StaffLine[] {
  return ctx.config.agencies
    .map((a) => ({ agency: a.name, committed: op.roster.get(a.id)?.length ?? 0, needed: op.needed.get(a.id) ?? null }))
    .filter((s) => s.needed !== null || s.committed > 0);
}

export function staffGaps(ctx: BaseContext, op: Operation): StaffLine[] {
  return staffLines(ctx, op).filter((s) => s.needed !== null && s.committed < s.needed);
}

export function when(ctx: BaseContext, op: { startsAt: Date; endsAt: Date | null }): string {
  return formatRange(op.startsAt, op.endsAt, ctx.zone, ctx.lang);
}

export function people(users: readonly UserId[], notify: boolean): Rich {
  return join(users.map((u) => (notify ? mention(u) : u)), ", ");
}

export function spotArg(env: ArgEnv) {
  return z.string().transform((s, c) => {
    const n = parseRecordId("HS", s);
    if (n !== null) return n;
    c.addIssue({ code: "custom", message: env.lang === "de" ? `„${s}“ ist kein Brennpunkt; erwartet wird z. B. HS-2.` : `"${s}" is not a hotspot; expected e.g. HS-2.` });
    return z.NEVER;
  });
}

export function staffingArg(env: ArgEnv) {
  return z.record(z.string(), count(env, env.lang === "de" ? "Personal" : "staff", MAX_STAFF));
}

/** Reminders for an operation: one per configured offset still in the future. Returns their times. */
export function scheduleReminders(ctx: BaseContext, op: Operation): string[] {
  const m = opMessages[ctx.lang];
  const set: string[] = [];
  for (const offset of ctx.config.reminders.operations) {
    const ms = durationMs(offset);
    if (ms === null) continue;
    const due = new Date(op.startsAt.getTime() - ms);
    if (due <= ctx.now()) continue;
    ctx.schedule("op.reminder", due, { roomId: op.roomId, ref: `op:${op.id}:${offset}`, payload: { id: op.id, offset, label: m.label(opId(op.id), offset) } });
    set.push(formatDateTime(due, ctx.zone, ctx.lang));
  }
  return set;
}

/** The operation if it exists and can still be changed, else the failure to return. */
export function loadPlanned(ctx: CommandContext, id: number): { op: Operation } | { fail: Outcome } {
  const m = opMessages[ctx.lang];
  const op = opStore(ctx).get(id);
  if (!op) return { fail: ctx.fail(m.notFound(opId(id))) };
  if (op.state !== "planned") return { fail: ctx.fail(m.notEditable(opId(id), m.stateNames[op.state] ?? op.state)) };
  return { op };
}

export function checkTimes(ctx: CommandContext, start: Date, end: Date | null, startChanged = true): Outcome | null {
  const m = opMessages[ctx.lang];
  if (startChanged && start <= ctx.now()) return ctx.fail(m.inPast(formatDateTime(start, ctx.zone, ctx.lang)));
  if (end && end <= start) return ctx.fail(m.endBeforeStart(formatDateTime(start, ctx.zone, ctx.lang), formatDateTime(end, ctx.zone, ctx.lang)));
  return null;
}

export function overlapWarning(ctx: CommandContext, f: OperationFields, exceptId: number | null): Rich | null {
  if (!f.place) return null;
  const others = opStore(ctx).overlapping(f.place, f.startsAt, f.endsAt, exceptId);
  return others.length > 0 ? opMessages[ctx.lang].overlap(others.map((o) => opId(o.id))) : null;
}

export type ListFilter = "upcoming" | "week" | "month" | "past" | "all";
export const LIST_FILTERS: Record<ListFilter, readonly string[]> = {
  upcoming: ["anstehend", "kommend", "next"],
  week: ["woche"],
  month: ["monat"],
  past: ["vergangen", "alt"],
  all: ["alle"],
};

/** Operations for a list filter; week and month are the current calendar week/month in the zone. */
export function operationsFor(ctx: BaseContext, filter: ListFilter, limit: number): Operation[] {
  const s = opStore(ctx);
  const now = ctx.now();
  const local = DateTime.fromJSDate(now, { zone: ctx.zone });
  switch (filter) {
    case "upcoming":
      return s.upcoming(now, limit);
    case "past":
      return s.past(now, limit);
    case "all":
      return s.between(null, null, null, limit);
    case "week":
      return s.between(local.startOf("week").toJSDate(), local.endOf("week").toJSDate(), ["planned", "done"], limit);
    case "month":
      return s.between(local.startOf("month").toJSDate(), local.endOf("month").toJSDate(), ["planned", "done"], limit);
    default: {
      const never: never = filter;
      return never;
    }
  }
}
