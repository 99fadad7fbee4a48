// Joint operations (!op / !einsatz): plan, list, show, edit, cancel, join, leave, report, ics.
import { z } from "zod";
import { durationMs } from "../src/config.ts";
import { formatRecordId } from "../src/ids.ts";
import { choice, dateTime, endTime, freeText, oneWord, optionalText, recordIdWord } from "../src/pipeline/args.ts";
import { defineVerb } from "../src/pipeline/family.ts";
import { mayChange, notAllowed, ownershipOf } from "../src/pipeline/ownership.ts";
import type { BaseContext, FamilySpec, JobContext } from "../src/pipeline/family.ts";
import { buildCalendar } from "../src/render/ics.ts";
import { concat, join, lines, list, r, section, text } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import type { Operation, OperationFields } from "../src/store/operations.ts";
import { schedulerMessages } from "../src/schedule/messages.ts";
import { formatDateError, formatDateTime, formatDuration, formatShortDateTime } from "../src/time/format.ts";
import { readEndTime } from "../src/time/parse.ts";
import { opMessages } from "./operations.messages.ts";
import { operationsRetention } from "./operations.retention.ts";
import { operationsSituation } from "./operations.situation.ts";
import { checkSpot } from "./spots.shared.ts";
import {
  FIELD_KEYS, LIST_FILTERS, TYPES, checkTimes, loadPlanned, opId, opStore, operationsFor, overlapWarning, people,
  scheduleReminders, spotArg, staffGaps, staffLines, staffingArg, when,
} from "./operations.shared.ts";
import type { ListFilter } from "./operations.shared.ts";

const idOnly = { usage: (de: string, en: string) => ({ de: `!einsatz ${de} OP-n`, en: `!op ${en} OP-n` }) };

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
      place: optionalText(env, { de: "Ort", en: "place" }, 200),
      type: choice(env, "art/type", TYPES).optional(),
      field: optionalText(env, { de: "Handlungsfeld", en: "field" }, 100),
      spot: spotArg(env).optional(),
      staffing: staffingArg(env),
    });
  },
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
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

function renderItem(ctx: BaseContext, op: Operation): Rich {
  const m = opMessages[ctx.lang];
  const staff = staffLines(ctx, op);
  const parts = [op.place, op.state !== "planned" ? (m.stateNames[op.state] ?? op.state) : null, staff.length ? m.staffing(staff) : null].filter((x) => x !== null);
  return m.listItem(when(ctx, op), opId(op.id), op.title, parts.length ? join(parts, " · ") : null);
}

const LIST_LIMIT = 25;
const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!einsatz liste [anstehend|woche|monat|vergangen|alle]", en: "!op list [upcoming|week|month|past|all]" },
  help: { de: "Einsätze nach Datum, Standard: anstehend", en: "operations by date, default upcoming" },
  args: (env) => z.object({ words: oneWord(env, "upcoming").pipe(choice(env, "Filter", LIST_FILTERS)) }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const filter: ListFilter = a.words;
    const ops = operationsFor(ctx, filter, LIST_LIMIT + 1);
    const name = m.filterNames[filter] ?? filter;
    if (ops.length === 0) {
      ctx.reply(m.listEmpty(name));
      return ctx.ok();
    }
    const shown = ops.slice(0, LIST_LIMIT);
    ctx.reply(lines(m.listTitle(name, shown.length), ...shown.map((op) => renderItem(ctx, op)), ops.length > LIST_LIMIT ? m.more(ops.length - LIST_LIMIT) : null));
    return ctx.ok();
  },
});

const show = defineVerb({
  name: "show",
  aliases: ["zeigen", "details"],
  mutates: false,
  usage: idOnly.usage("zeigen", "show"),
  help: { de: "Einzelheiten, Personal je Behörde, Dienstplan und Verlauf", en: "details, staffing per agency, roster and history" },
  args: (env) => z.object({ words: recordIdWord(env, "OP") }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const op = opStore(ctx).get(a.words.id);
    if (!op) return ctx.fail(m.notFound(opId(a.words.id)));
    const s = m.show;
    const staff = staffLines(ctx, op);
    const roster = ctx.config.agencies.map((ag) => {
      const members = op.roster.get(ag.id) ?? [];
      return concat(ag.name, ": ", members.length ? people(members, false) : m.rosterEmpty);
    });
    const history = ctx.db
      .prepare<[string], { at: number; actor: string; action: string }>("SELECT at, actor, action FROM audit WHERE target = ? AND outcome = 'ok' ORDER BY id DESC LIMIT 10")
      .all(opId(op.id))
      .reverse()
      .map((h) => r`${formatDateTime(new Date(h.at), ctx.zone, ctx.lang)} ${m.history[h.action] ?? h.action} (${h.actor})`);
    ctx.reply(
      lines(
        concat(r`${opId(op.id)} · `, op.title),
        r`${s.time}: ${when(ctx, op)}`,
        op.place ? r`${s.place}: ${op.place}` : null,
        op.type ? r`${s.type}: ${m.typeNames[op.type] ?? op.type}` : null,
        op.field ? r`${s.field}: ${op.field}` : null,
        op.spotId ? r`${s.spot}: ${formatRecordId("HS", op.spotId)}` : null,
        r`${s.state}: ${m.stateNames[op.state] ?? op.state}`,
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
      place: optionalText(env, { de: "Ort", en: "place" }, 200),
      type: choice(env, "art/type", TYPES).optional(),
      field: optionalText(env, { de: "Handlungsfeld", en: "field" }, 100),
      spot: spotArg(env).optional(),
      staffing: staffingArg(env),
    }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
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
    if (f.title !== op.title) changes.push(m.change(names["title"] ?? "title", op.title, f.title));
    const timeChanged = f.startsAt.getTime() !== op.startsAt.getTime() || (f.endsAt?.getTime() ?? null) !== (op.endsAt?.getTime() ?? null);
    if (timeChanged) changes.push(m.change(names["time"] ?? "time", when(ctx, op), when(ctx, f)));
    if (f.place !== op.place) changes.push(m.change(names["place"] ?? "place", op.place ?? none, f.place ?? none));
    if (f.type !== op.type) changes.push(m.change(names["type"] ?? "type", op.type ? (m.typeNames[op.type] ?? op.type) : none, f.type ? (m.typeNames[f.type] ?? f.type) : none));
    if (f.field !== op.field) changes.push(m.change(names["field"] ?? "field", op.field ?? none, f.field ?? none));
    if (f.spotId !== op.spotId) changes.push(m.change(names["spot"] ?? "spot", op.spotId ? formatRecordId("HS", op.spotId) : none, f.spotId ? formatRecordId("HS", f.spotId) : none));
    for (const [agency, n] of Object.entries(a.staffing)) {
      const before = op.needed.get(agency) ?? null;
      if (before !== n) changes.push(m.change(`${names["staffing"] ?? "staff"} ${ctx.agencyName(agency)}`, before === null ? none : String(before), String(n)));
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
  args: (env) => z.object({ words: recordIdWord(env, "OP") }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
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

const joinVerb = defineVerb({
  name: "join",
  aliases: ["teilnehmen", "dabei", "eintragen"],
  mutates: true,
  usage: idOnly.usage("teilnehmen", "join"),
  help: { de: "trägt Sie in den Dienstplan Ihrer Behörde ein", en: "adds you to your agency's roster" },
  args: (env) => z.object({ words: recordIdWord(env, "OP") }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const s = opStore(ctx);
    if (!s.join(loaded.op.id, ctx.sender.userId, ctx.sender.agency.id, ctx.now())) return ctx.fail(m.alreadyJoined(opId(loaded.op.id)));
    ctx.audit("op.join", opId(loaded.op.id));
    const op = s.get(loaded.op.id) ?? loaded.op;
    ctx.reply(m.joined(opId(op.id), ctx.sender.agency.name, m.staffing(staffLines(ctx, op))));
    return ctx.ok();
  },
});

const leave = defineVerb({
  name: "leave",
  aliases: ["austragen", "absprung"],
  mutates: true,
  usage: idOnly.usage("austragen", "leave"),
  help: { de: "trägt Sie aus dem Dienstplan aus", en: "removes you from the roster" },
  args: (env) => z.object({ words: recordIdWord(env, "OP") }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const loaded = loadPlanned(ctx, a.words.id);
    if ("fail" in loaded) return loaded.fail;
    const s = opStore(ctx);
    if (!s.leave(loaded.op.id, ctx.sender.userId)) return ctx.fail(m.notOnRoster(opId(loaded.op.id)));
    ctx.audit("op.leave", opId(loaded.op.id));
    const op = s.get(loaded.op.id) ?? loaded.op;
    ctx.reply(m.left(opId(op.id), m.staffing(staffLines(ctx, op))));
    return ctx.ok();
  },
});

const report = defineVerb({
  name: "report",
  aliases: ["bericht"],
  mutates: true,
  usage: { de: "!einsatz bericht OP-n + Bericht in den folgenden Zeilen", en: "!op report OP-n + report on the following lines" },
  help: {
    de: "speichert den Einsatzbericht und schließt den Einsatz ab (wer ihn geplant hat oder im Dienstplan steht, Planung oder Vorsitz)",
    en: "stores the after-action report and marks the operation done (whoever planned it or is on its roster, a planner or a chair)",
  },
  args: (env) => z.object({ words: recordIdWord(env, "OP"), body: z.string().max(10_000) }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const op = opStore(ctx).get(a.words.id);
    if (!op) return ctx.fail(m.notFound(opId(a.words.id)));
    if (op.state === "done") return ctx.fail(m.alreadyDone(opId(op.id)));
    if (op.state === "cancelled") return ctx.fail(m.notEditable(opId(op.id), m.stateNames["cancelled"] ?? "cancelled"));
    const own = ownershipOf.operationReport(op);
    if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.reportAction(opId(op.id)), own));
    const textOfReport = [a.words.rest.join(" "), a.body].filter((x) => x.trim()).join("\n").trim();
    if (!textOfReport) return ctx.fail(m.reportMissing());
    opStore(ctx).setState(op.id, "done", ctx.now(), { report: textOfReport, reportedBy: ctx.sender.userId });
    ctx.cancelScheduled(`op:${op.id}`);
    ctx.audit("op.report", opId(op.id), { length: textOfReport.length });
    ctx.reply(m.reported(opId(op.id)));
    return ctx.ok();
  },
});

const ics = defineVerb({
  name: "ics",
  aliases: ["kalender"],
  mutates: false,
  usage: { de: "!einsatz kalender [anstehend|alle]", en: "!op ics [upcoming|all]" },
  help: { de: "lädt eine Kalenderdatei (.ics) der Einsätze hoch", en: "uploads an .ics calendar file of the operations" },
  args: (env) => z.object({ words: oneWord(env, "upcoming").pipe(choice(env, "Filter", { upcoming: ["anstehend"], all: ["alle"] })) }),
  handle(ctx, a) {
    const m = opMessages[ctx.lang];
    const ops = a.words === "all" ? opStore(ctx).all(5000) : opStore(ctx).upcoming(ctx.now(), 5000);
    const server = ctx.config.homeserverUrl.replace(/^https?:\/\//, "").replace(/[:/].*$/, "");
    const data = buildCalendar(ctx.lang === "de" ? "Gemeinsame Einsätze" : "Joint operations", ctx.zone, ops.map((op) => ({
      uid: `op-${op.id}@lagebot.${server}`, sequence: op.sequence, start: op.startsAt, end: op.endsAt,
      summary: `${opId(op.id)} ${op.title}`, location: op.place, description: m.staffing(staffLines(ctx, op)).plain || null,
      cancelled: op.state === "cancelled", stamp: op.updatedAt,
    })));
    ctx.upload(ctx.roomId, { name: ctx.lang === "de" ? "einsaetze.ics" : "operations.ics", mime: "text/calendar", data: Buffer.from(data, "utf8") }, m.icsCaption(ops.length));
    return ctx.ok();
  },
});

function reminderJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const id = typeof payload["id"] === "number" ? payload["id"] : null;
  const offset = typeof payload["offset"] === "string" ? payload["offset"] : "";
  const op = id === null ? null : opStore(ctx).get(id);
  if (!op || op.state !== "planned") return;
  const m = opMessages[ctx.lang];
  const roster = [...op.roster.values()].flat();
  const gaps = staffGaps(ctx, op);
  ctx.post(
    op.roomId,
    lines(
      m.reminder(opId(op.id), op.title, formatDuration(durationMs(offset) ?? 0, ctx.lang), when(ctx, op), op.place),
      roster.length ? m.rosterLine(people(roster, true)) : null,
      gaps.length ? m.gaps(m.staffing(gaps)) : null,
      ctx.lateSince ? schedulerMessages[ctx.lang].late(ctx.lateSince, ctx.zone) : null,
    ),
    { notify: true, bundle: true },
  );
}

const operations: FamilySpec = {
  name: "op",
  aliases: ["einsatz", "einsätze", "operation"],
  title: { de: "gemeinsame Einsätze planen und besetzen", en: "plan and staff joint operations" },
  // Places, times and rosters of operations: withheld where someone of no agency reads along.
  sensitive: true,
  verbs: [plan, listVerb, show, edit, cancel, joinVerb, leave, report, ics],
  jobs: { reminder: reminderJob },
  situation: { order: 10, render: operationsSituation },
  retention: operationsRetention,
};
export default operations;
