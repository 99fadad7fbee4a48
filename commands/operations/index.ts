// Joint operations (!op / !einsatz): plan, list, show, edit, cancel, join, leave, report, ics. Planning,
// changing and cancelling are here; reading is reading.ts, the roster and the report roster.ts.
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { dateTime, endTime, freeText, recordIdWord } from "../../src/pipeline/args.ts";
import { defineJob, defineVerb } from "../../src/pipeline/family.ts";
import type { FamilySpec } from "../../src/pipeline/family.ts";
import { lines, list, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { OperationFields } from "../../src/store/operations.ts";
import { formatDateError, formatShortDateTime } from "../../src/time/format.ts";
import { readEndTime } from "../../src/time/parse.ts";
import { FIELD_KEYS, checkSpot, checkTimes, fieldArgs, overlapWarning } from "./fields.ts";
import { reminderJob, reminderPayload, scheduleReminders } from "./jobs.ts";
import { opMessages } from "./messages.ts";
import { idArgs, loadPlanned, opId, opStore, when } from "./operation.ts";
import { ics, listVerb, show } from "./reading.ts";
import { operationsRetention } from "./retention.ts";
import { joinVerb, leave, report } from "./roster.ts";
import { operationsSituation } from "./situation.ts";
import { people, staffLines } from "./staffing.ts";

const plan = defineVerb({
  name: "plan",
  aliases: ["planen", "neu"],
  role: "planner",
  mutates: true,
  agencyKeys: true,
  keys: FIELD_KEYS,
  usage: {
    de: "!einsatz planen <Titel> wann=<Datum Zeit> [bis=<Zeit>] [ort=…] [art=streife|kontrolle|veranstaltung] [feld=…] [stadt=<n>] [polizei=<n>] [brennpunkt=HS-n]",
    en: "!op plan <title> at=<datetime> [until=<time>] [place=…] [type=patrol|control|event] [field=…] [city=<n>] [police=<n>] [spot=HS-n]",
  },
  help: {
    de: 'plant einen gemeinsamen Einsatz (OP-n); eine Endzeit vor der Beginnzeit gilt für den Folgetag (bis=02:00 nach 22 Uhr), bis="24 Uhr" oder bis=Mitternacht endet mit dem Tag',
    en: "plans a joint operation (OP-n); an end time earlier than the start time is on the next day (until=02:00 after 22:00), until=midnight ends the day",
  },
  args: (env) => {
    let start: Date | null = null;
    return z.object({
      text: freeText(env, { de: "Titel", en: "title" }, 200),
      at: dateTime(env).transform((d) => (start = d)),
      until: endTime(env, () => start).optional(),
      ...fieldArgs(env),
    });
  },
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const f: OperationFields = { title: a.text, startsAt: a.at, endsAt: a.until?.at ?? null, place: a.place || null, type: a.type ?? null, field: a.field || null, spotId: a.spot ?? null };
    const bad = checkTimes(ctx, f.startsAt, f.endsAt) ?? checkSpot(ctx, f.spotId);
    if (bad) return bad;
    const warning = overlapWarning(ctx, f, null);
    const op = opStore(ctx).create(f, { roomId: ctx.roomId, createdBy: ctx.sender.userId, zone: ctx.zone, now: ctx.now() }, new Map(Object.entries(a.staffing)));
    const reminders = scheduleReminders(ctx, op);
    ctx.audit("op.plan", opId(op.id), { startsAt: op.startsAt.toISOString() });
    const staff = staffLines(ctx, op);
    const nextDay = a.until?.nextDay && op.endsAt ? m.endNextDay(formatShortDateTime(op.endsAt, ctx.zone, ctx.lang)) : null;
    ctx.reply(lines(m.planned(opId(op.id), when(ctx, op), op.place), nextDay, staff.length ? m.staffing(staff) : null, reminders.length ? m.remindersAt(reminders.join(", ")) : null, warning));
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
  usage: { de: "!einsatz ändern OP-n schlüssel=wert …", en: "!op edit OP-n key=value …" },
  help: { de: "ändert Angaben; Erinnerungen folgen der neuen Zeit; bis= wie beim Planen", en: "changes fields; reminders follow the new time; until= as when planning" },
  args: (env) =>
    z.object({
      words: recordIdWord(env, "OP"),
      title: freeText(env, { de: "Titel", en: "title" }, 200).optional(),
      at: dateTime(env).optional(),
      // A time alone is read against the start (its day, or the next one when earlier), so in the handler, which knows the start.
      until: z.string().optional(),
      ...fieldArgs(env),
    }),
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const op = loaded.op;
    const start = a.at ?? op.startsAt;
    const until = a.until === undefined ? null : readEndTime(a.until, start, { lang: ctx.lang, zone: ctx.zone, now: ctx.now() });
    if (until && !until.ok) return ctx.fail(text(formatDateError(until.error, ctx.zone, ctx.lang)));
    // A new start without a new end keeps the duration.
    const end = until?.value.at ?? (a.at && op.endsAt ? new Date(op.endsAt.getTime() + (a.at.getTime() - op.startsAt.getTime())) : op.endsAt);
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
    if (changes.length === 0) return ctx.fail(m.nothingToChange());
    const bad = checkTimes(ctx, f.startsAt, f.endsAt, f.startsAt.getTime() !== op.startsAt.getTime()) ?? checkSpot(ctx, a.spot);
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
    const roster = [...op.roster.values()].flat();
    const nextDay = until?.value.nextDay ? m.endNextDay(formatShortDateTime(until.value.at, ctx.zone, ctx.lang)) : null;
    ctx.reply(lines(m.edited(opId(op.id), list(changes)), nextDay, reminders.length ? m.remindersAt(reminders.join(", ")) : null, warning, roster.length ? people(roster, true) : null), { notify: roster.length > 0 });
    return ctx.ok();
  },
});

const cancel = defineVerb({
  name: "cancel",
  aliases: ["absagen", "abbrechen", "streichen"],
  role: "planner",
  mutates: true,
  usage: { de: "!einsatz absagen OP-n [Grund]", en: "!op cancel OP-n [reason]" },
  help: { de: "sagt einen Einsatz ab; Erinnerungen entfallen", en: "cancels; pending reminders are dropped" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const op = loaded.op;
    const reason = a.words.rest.join(" ").trim().slice(0, 500) || null;
    opStore(ctx).setState(op.id, "cancelled", ctx.now(), { cancelReason: reason });
    ctx.cancelScheduled(`op:${op.id}`);
    ctx.audit("op.cancel", opId(op.id), { reason: reason !== null });
    const roster = [...op.roster.values()].flat();
    ctx.reply(lines(m.cancelled(opId(op.id), op.title, reason), roster.length ? people(roster, true) : null), { notify: roster.length > 0 });
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
  retention: operationsRetention,
};
export default operations;
