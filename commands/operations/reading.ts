// Reading operations: the list by date (`!op list week`), one operation in full, and the calendar file.
import type { ICalCalendar } from "ical-generator";
import { DateTime } from "luxon";
import { z } from "zod";
import { asUserId, formatRecordId } from "../../src/ids.ts";
import { choice, oneWord } from "../../src/pipeline/args.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { capped } from "../../src/render/capped.ts";
import { addEntries, buildCalendar } from "../../src/render/ics.ts";
import type { CalendarEntry } from "../../src/render/ics.ts";
import { operationState } from "../../src/render/operations.ts";
import { concat, join, lines, list, person, r, section, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatDateTime } from "../../src/time/format.ts";
import { opMessages } from "./messages.ts";
import type { OpListFilter } from "./messages.ts";
import { idArgs, idUsage, opId, opStore, when } from "./operation.ts";
import { people, staffLines } from "./staffing.ts";

type ListFilter = OpListFilter;
// Two-word filters ("nächste woche") are read from all the words after the verb, joined by one space.
const LIST_FILTERS: Record<ListFilter, readonly string[]> = {
  upcoming: ["anstehend", "kommend", "next"],
  week: ["woche", "diese woche", "this week"],
  "next week": ["nächste woche", "naechste woche", "kommende woche", "nextweek"],
  month: ["monat", "dieser monat", "diesen monat", "this month"],
  "next month": ["nächster monat", "naechster monat", "nächsten monat", "naechsten monat", "kommender monat"],
  past: ["vergangen", "alt"],
  all: ["alle"],
};

/** Operations for a list filter; week and month are calendar weeks/months in the zone (this one or the next). */
function operationsFor(ctx: BaseContext, filter: ListFilter, limit: number): Operation[] {
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
    case "next week": {
      const next = local.plus({ weeks: 1 });
      return s.between(next.startOf("week").toJSDate(), next.endOf("week").toJSDate(), ["planned", "done"], limit);
    }
    case "month":
      return s.between(local.startOf("month").toJSDate(), local.endOf("month").toJSDate(), ["planned", "done"], limit);
    case "next month": {
      const next = local.startOf("month").plus({ months: 1 });
      return s.between(next.toJSDate(), next.endOf("month").toJSDate(), ["planned", "done"], limit);
    }
    default: {
      const never: never = filter;
      return never;
    }
  }
}

function renderItem(ctx: BaseContext, op: Operation): Rich {
  const m = ctx.t(opMessages);
  const staff = staffLines(ctx, op);
  const parts = [op.place, op.state !== "planned" ? operationState(ctx.lang, op.state) : null, staff.length ? m.staffing(staff) : null].filter((x) => x !== null);
  return m.listItem(when(ctx, op), opId(op.id), op.title, parts.length ? join(parts, " · ") : null);
}

const LIST_LIMIT = 25;
export const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: {
    de: "!einsatz liste [anstehend|woche|nächste woche|monat|nächster monat|vergangen|alle]",
    en: "!op list [upcoming|week|next week|month|next month|past|all]",
  },
  help: { de: "Einsätze nach Datum, Standard: anstehend", en: "operations by date, default upcoming" },
  args: (env) => z.object({ words: z.array(z.string()).transform((w) => w.join(" ") || "upcoming").pipe(choice(env, null, LIST_FILTERS)) }),
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const filter: ListFilter = a.words;
    const ops = operationsFor(ctx, filter, LIST_LIMIT + 1);
    if (ops.length === 0) {
      ctx.reply(m.listEmpty(m.listNone[filter], filter));
      return ctx.ok();
    }
    const c = capped(ops, LIST_LIMIT, m.more);
    ctx.reply(lines(m.listTitle(m.listHeads[filter], c.shown.length), ...c.shown.map((op) => renderItem(ctx, op)), c.more));
    return ctx.ok();
  },
});

export const show = defineVerb({
  name: "show",
  aliases: ["zeigen", "details"],
  mutates: false,
  usage: idUsage("zeigen", "show"),
  help: { de: "Einzelheiten, Personal je Behörde, Dienstplan und Verlauf", en: "details, staffing per agency, roster and history" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const op = opStore(ctx).get(a.words.id);
    if (!op) return ctx.fail(m.notFound(opId(a.words.id)));
    const s = m.show;
    const staff = staffLines(ctx, op);
    const roster = ctx.config.agencies.map((ag) => {
      const members = op.roster.get(ag.id) ?? [];
      return concat(ag.name, ": ", members.length ? people(members, false) : m.rosterEmpty);
    });
    const history = ctx.store.auditLog.historyOf(opId(op.id), 10)
      .reverse()
      .map((h) => {
        const actor = asUserId(h.actor);
        return m.historyLine(formatDateTime(new Date(h.at), ctx.zone, ctx.lang), m.history[h.action] ?? h.action, actor ? person(actor) : h.actor);
      });
    ctx.reply(
      lines(
        concat(r`${opId(op.id)} · `, op.title),
        r`${s.time}: ${when(ctx, op)}`,
        op.place ? r`${s.place}: ${op.place}` : null,
        op.type ? r`${s.type}: ${m.typeNames[op.type]}` : null,
        op.field ? r`${s.field}: ${op.field}` : null,
        op.spotId ? r`${s.spot}: ${formatRecordId("HS", op.spotId)}` : null,
        r`${s.state}: ${operationState(ctx.lang, op.state)}`,
        op.cancelReason ? r`${s.reason}: ${op.cancelReason}` : null,
        staff.length ? concat(`${s.staffing}: `, m.staffing(staff)) : null,
        section(s.roster, list(roster)),
        op.report ? section(s.report, text(op.report)) : null,
        history.length ? section(s.history, list(history)) : null,
      ),
    );
    return ctx.ok();
  },
});

/** Operations as calendar events: UID, SEQUENCE and a cancellation as the file and the feed both show them. */
function calendarEntries(ctx: BaseContext, ops: readonly Operation[]): CalendarEntry[] {
  const m = ctx.t(opMessages);
  const server = ctx.config.homeserverUrl.replace(/^https?:\/\//, "").replace(/[:/].*$/, "");
  return ops.map((op) => ({
    uid: `op-${op.id}@lagebot.${server}`, sequence: op.sequence, start: op.startsAt, end: op.endsAt,
    summary: `${opId(op.id)} ${op.title}`, location: op.place, description: m.staffing(staffLines(ctx, op)).plain || null,
    cancelled: op.state === "cancelled", stamp: op.updatedAt,
  }));
}

/** The personal calendar feed shows what `!einsatz kalender alle` exports. */
export function addOperations(ctx: BaseContext, cal: ICalCalendar): void {
  addEntries(cal, ctx.zone, calendarEntries(ctx, opStore(ctx).all(5000)));
}

export const ics = defineVerb({
  name: "ics",
  aliases: ["kalender"],
  mutates: false,
  usage: { de: "!einsatz kalender [anstehend|alle]", en: "!op ics [upcoming|all]" },
  help: { de: "lädt eine Kalenderdatei (.ics) der Einsätze hoch", en: "uploads an .ics calendar file of the operations" },
  args: (env) => z.object({ words: oneWord(env, "upcoming").pipe(choice(env, null, { upcoming: ["anstehend"], all: ["alle"] })) }),
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const ops = a.words === "all" ? opStore(ctx).all(5000) : opStore(ctx).upcoming(ctx.now(), 5000);
    const data = buildCalendar(m.icsTitle, ctx.zone, calendarEntries(ctx, ops));
    ctx.upload(ctx.roomId, { name: m.icsName, mime: "text/calendar", data: Buffer.from(data, "utf8") }, m.icsCaption(ops.length));
    return ctx.ok();
  },
});
