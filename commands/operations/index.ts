// Joint operations (!op / !einsatz): plan, list, show, edit, cancel, join, leave, report, ics. Planning,
// changing and cancelling are here; reading is reading.ts, the roster and the report roster.ts.
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { endTime, freeText, recordIdWord } from "../../src/pipeline/args.ts";
import { defineJob, defineVerb } from "../../src/pipeline/family.ts";
import type { CommandContext, FamilySpec } from "../../src/pipeline/family.ts";
import { lines, list, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation, OperationFields } from "../../src/store/operations.ts";
import { formatDateError, formatDateTime, formatShortDateTime } from "../../src/time/format.ts";
import { readEndTime } from "../../src/time/parse.ts";
import type { EndTime } from "../../src/time/parse.ts";
import { FIELD_KEYS, checkSpot, checkTimes, endRefused, fieldArgs, overlapWarning, startArg } from "./fields.ts";
import { reminderJob, reminderPayload, scheduleReminders } from "./jobs.ts";
import { opMessages } from "./messages.ts";
import { idArgs, loadPlanned, opId, opStore, when } from "./operation.ts";
import { addOperations, ics, listVerb, show } from "./reading.ts";
import { operationsRetention } from "./retention.ts";
import { joinVerb, leave, report } from "./roster.ts";
import { operationsSituation } from "./situation.ts";
import { operationsNewcomer } from "./newcomer.ts";
import { people, staffLines, toNotify } from "./staffing.ts";

const PLAN_USAGE = {
  de: "!einsatz planen <Titel> wann=<Datum Zeit> [bis=<Zeit>] [ort=…] [art=streife|kontrolle|veranstaltung] [feld=…] [stadt=<n>] [polizei=<n>] [brennpunkt=HS-n]",
  en: "!op plan <title> at=<datetime> [until=<time>] [place=…] [type=patrol|control|event] [field=…] [city=<n>] [police=<n>] [spot=HS-n]",
};
const EDIT_USAGE = { de: "!einsatz ändern OP-n <Angabe>=<Wert> …", en: "!op edit OP-n key=value …" };

/** The note under a reply on how the end was read: on the next day, or counted from the start's day. */
function endNote(ctx: CommandContext, end: EndTime | null | undefined): Rich | null {
  const m = ctx.t(opMessages);
  if (!end) return null;
  const at = formatShortDateTime(end.at, ctx.zone, ctx.lang);
  return end.nextDay ? m.endNextDay(at) : end.fromStart ? m.endFromStart(at) : null;
}

/** Nothing differs: with nothing given, what to write; else that the given values are the current ones. */
function unchanged(ctx: CommandContext, op: Operation, given: { at: boolean; until: boolean; others: boolean }): Rich {
  const m = ctx.t(opMessages);
  const id = opId(op.id);
  if (!given.at && !given.until && !given.others) return m.nothingToChange();
  if (given.until && !given.at && !given.others && op.endsAt) return m.unchangedEnd(id, formatDateTime(op.endsAt, ctx.zone, ctx.lang));
  if (given.at && !given.until && !given.others) return m.unchangedStart(id, formatDateTime(op.startsAt, ctx.zone, ctx.lang));
  return m.unchanged(id);
}

const plan = defineVerb({
  name: "plan",
  aliases: ["planen", "neu"],
  role: "planner",
  mutates: true,
  agencyKeys: true,
  keys: FIELD_KEYS,
  usage: PLAN_USAGE,
  help: {
    de: "plant einen gemeinsamen Einsatz (OP-n); eine Endzeit vor der Beginnzeit gilt für den Folgetag (z. B. wann=„Sa 22:00“ bis=02:00); Beginn und Ende auch in einem: wann=„Fr 20-23 Uhr“; bis=Mitternacht oder bis=„24 Uhr“ endet mit dem Tag; wann= auch „morgen früh“ (08:00), „Heiligabend 18 Uhr“, „nächsten Freitag 20 Uhr“ (Freitag der nächsten Woche)",
    en: "plans a joint operation (OP-n); an end time earlier than the start time is on the next day (until=02:00 after 22:00); start and end in one: at=\"fri 20:00-23:00\"; until=midnight ends the day; at= also \"tomorrow morning\" (08:00), \"christmas eve 6pm\", \"next friday 8pm\" (Friday of next week)",
  },
  args: (env) => {
    let start: Date | null = null;
    return z.object({
      text: freeText(env, { de: "der Titel", en: "title" }, 200),
      at: startArg(env).transform((s) => ((start = s.at), s)),
      until: endTime(env, () => start).optional(),
      ...fieldArgs(env),
    });
  },
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    if (a.at.end && a.until) return endRefused(ctx, m.endTwice(), PLAN_USAGE);
    const until = a.until ?? a.at.end;
    const f: OperationFields = { title: a.text, startsAt: a.at.at, endsAt: until?.at ?? null, place: a.place || null, type: a.type ?? null, field: a.field || null, spotId: a.spot ?? null };
    const bad = checkTimes(ctx, f.startsAt, f.endsAt, PLAN_USAGE) ?? checkSpot(ctx, f.spotId);
    if (bad) return bad;
    const warning = overlapWarning(ctx, f, null);
    const op = opStore(ctx).create(f, { roomId: ctx.roomId, createdBy: ctx.sender.userId, zone: ctx.zone, now: ctx.now() }, new Map(Object.entries(a.staffing)));
    const reminders = scheduleReminders(ctx, op);
    ctx.audit("op.plan", opId(op.id), { startsAt: op.startsAt.toISOString() });
    const staff = staffLines(ctx, op);
    const nextDay = endNote(ctx, until);
    const spot = op.spotId === null ? null : ctx.store.spots.get(op.spotId);
    const at = spot ? { id: formatRecordId("HS", spot.id), name: spot.name } : null;
    ctx.reply(lines(m.planned(opId(op.id), op.title, when(ctx, op), op.place, at), nextDay, staff.length ? m.staffing(staff) : null, reminders.length ? m.remindersAt(reminders) : null, warning));
    return ctx.ok();
  },
});

const edit = defineVerb({
  name: "edit",
  aliases: ["ändern", "aendern", "bearbeiten"],
  role: "planner",
  mutates: true,
  agencyKeys: true,
  keys: { ...FIELD_KEYS, title: ["titel"] },
  usage: EDIT_USAGE,
  help: {
    de: "ändert Angaben; Erinnerungen folgen der neuen Zeit; eine neue Zeit oder ein neuer Ort benachrichtigt den Dienstplan; bis= wie beim Planen",
    en: "changes fields; reminders follow the new time; a new time or place notifies the roster; until= as when planning",
  },
  args: (env) =>
    z.object({
      words: recordIdWord(env, "OP"),
      title: freeText(env, { de: "der Titel", en: "title" }, 200).optional(),
      at: startArg(env).optional(),
      // A time alone is read against the start (its day, or the next one when earlier), so in the handler, which knows the start.
      until: z.string().optional(),
      ...fieldArgs(env),
    }),
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const op = loaded.op;
    if (a.at?.end && a.until !== undefined) return endRefused(ctx, m.endTwice(), EDIT_USAGE);
    const start = a.at?.at ?? op.startsAt;
    const read = a.until === undefined ? null : readEndTime(a.until, start, { lang: ctx.lang, zone: ctx.zone, now: ctx.now() });
    if (read && !read.ok) return endRefused(ctx, text(formatDateError(read.error, ctx.zone, ctx.lang)), EDIT_USAGE);
    const until = read?.value ?? a.at?.end ?? null;
    // A new start without a new end keeps the duration.
    const end = until?.at ?? (a.at && op.endsAt ? new Date(op.endsAt.getTime() + (start.getTime() - op.startsAt.getTime())) : op.endsAt);
    const f: OperationFields = {
      title: a.title ?? op.title, startsAt: start, endsAt: end,
      place: a.place !== undefined ? a.place || null : op.place, type: a.type ?? op.type,
      field: a.field !== undefined ? a.field || null : op.field, spotId: a.spot ?? op.spotId,
    };
    const names = m.fieldNames;
    const changes: Rich[] = [];
    const none = m.none;
    if (f.title !== op.title) changes.push(m.change(names.title, op.title, f.title));
    const timeChanged = f.startsAt.getTime() !== op.startsAt.getTime() || (f.endsAt?.getTime() ?? null) !== (op.endsAt?.getTime() ?? null);
    if (timeChanged) changes.push(m.change(names.time, when(ctx, op), when(ctx, f)));
    if (f.place !== op.place) changes.push(m.change(names.place, op.place ?? none, f.place ?? none));
    if (f.type !== op.type) changes.push(m.change(names.type, op.type ? m.typeNames[op.type] : none, f.type ? m.typeNames[f.type] : none));
    if (f.field !== op.field) changes.push(m.change(names.field, op.field ?? none, f.field ?? none));
    if (f.spotId !== op.spotId) changes.push(m.change(names.spot, op.spotId ? formatRecordId("HS", op.spotId) : none, f.spotId ? formatRecordId("HS", f.spotId) : none));
    for (const [agency, n] of Object.entries(a.staffing)) {
      const before = op.needed.get(agency) ?? null;
      if (before !== n) changes.push(m.change(`${names.staffing} ${ctx.agencyName(agency)}`, before === null ? none : String(before), String(n)));
    }
    if (changes.length === 0) {
      const others = [a.title, a.place, a.type, a.field, a.spot].some((v) => v !== undefined) || Object.keys(a.staffing).length > 0;
      return ctx.fail(unchanged(ctx, op, { at: a.at !== undefined && !a.at.end, until: a.until !== undefined || Boolean(a.at?.end), others }));
    }
    const bad = checkTimes(ctx, f.startsAt, f.endsAt, EDIT_USAGE, f.startsAt.getTime() !== op.startsAt.getTime()) ?? checkSpot(ctx, a.spot);
    if (bad) return bad;
    const warning = f.place !== op.place || timeChanged ? overlapWarning(ctx, f, op.id) : null;
    const s = opStore(ctx);
    s.update(op.id, f, ctx.now());
    s.setNeeded(op.id, new Map(Object.entries(a.staffing)));
    let reminders: string[] = [];
    if (timeChanged) {
      ctx.cancelScheduled(`op:${op.id}`);
      reminders = scheduleReminders(ctx, { ...op, startsAt: f.startsAt });
    }
    ctx.audit("op.edit", opId(op.id), { changed: changes.length });
    const notified = toNotify([...op.roster.values()].flat(), ctx.sender.userId, timeChanged || f.place !== op.place);
    const nextDay = endNote(ctx, until);
    ctx.reply(lines(m.edited(opId(op.id), list(changes)), nextDay, reminders.length ? m.remindersAt(reminders) : null, warning, notified.length ? people(notified, true) : null), { notify: notified.length > 0 });
    return ctx.ok();
  },
});

const cancel = defineVerb({
  name: "cancel",
  aliases: ["absagen", "abbrechen", "streichen"],
  role: "planner",
  mutates: true,
  usage: { de: "!einsatz absagen OP-n [Grund]", en: "!op cancel OP-n [reason]" },
  help: { de: "sagt einen Einsatz ab; noch ausstehende Erinnerungen entfallen", en: "cancels; pending reminders are dropped" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const op = loaded.op;
    const reason = a.words.rest.join(" ").trim().slice(0, 500) || null;
    opStore(ctx).setState(op.id, "cancelled", ctx.now(), { cancelReason: reason });
    // A reminder already posted (or past) is not pending, so only the count of cancelled rows says whether any are dropped.
    const dropped = ctx.cancelScheduled(`op:${op.id}`);
    ctx.audit("op.cancel", opId(op.id), { reason: reason !== null });
    const notified = toNotify([...op.roster.values()].flat(), ctx.sender.userId, true);
    ctx.reply(lines(m.cancelled(opId(op.id), op.title, reason, dropped > 0), notified.length ? people(notified, true) : null), { notify: notified.length > 0 });
    return ctx.ok();
  },
});

const operations: FamilySpec = {
  name: "op",
  aliases: ["einsatz", "einsätze", "operation"],
  title: { de: "gemeinsame Einsätze planen und besetzen", en: "plan and staff joint operations" },
  // Places, times and rosters of operations: withheld where someone of no agency reads along.
  sensitive: true,
  verbs: [plan, listVerb, show, edit, cancel, joinVerb, leave, report, ics],
  jobs: { reminder: defineJob({ payload: reminderPayload, run: reminderJob }) },
  situation: { order: 10, render: operationsSituation },
  newcomer: operationsNewcomer,
  retention: operationsRetention,
  calendar: addOperations,
};
export default operations;
