// Committees (!committee / !gremium): create, list, show, skip, move, ics. A committee meets by a
// recurring rule (src/records/meetings.ts); its agenda, reminders and holiday warnings are posted by
// its jobs (jobs.ts). Skipping or moving one meeting leaves the series as it is.
import { z } from "zod";
import { committeeSlug, dateTime, optionalText } from "../../src/pipeline/args.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { CommandContext, FamilySpec, Outcome } from "../../src/pipeline/family.ts";
import { holidayOf, meetingPostsRef, meetingRef, meetings, nextMeeting, originalStart, planAhead, remindOffsets } from "../../src/records/meetings.ts";
import type { Meeting } from "../../src/records/meetings.ts";
import { actionLine } from "../../src/render/actions.ts";
import { agendaEmpty, itemLine, minutesOf } from "../../src/render/agenda.ts";
import { meetingTime } from "../../src/render/committees.ts";
import { lines, list, section } from "../../src/render/rich.ts";
import { formatDate, formatDateTime, formatRange } from "../../src/time/format.ts";
import { describeRecurrence, formatRecurrenceError, parseCron, parseRecurrence } from "../../src/time/recurrence.ts";
import type { Committee } from "../../src/store/committees.ts";
import { wallTime } from "../../src/time/zone.ts";
import { agendaLeadArg, meetingDateArg, minutesArg, remindArg } from "./args.ts";
import { commandDateTime, findMeeting, leads, meetingLines, occupiedBy } from "./calendar.ts";
import { addCommittees, committeeCalendar } from "./ics.ts";
import { committeeJobs } from "./jobs.ts";
import { cmMessages } from "./messages.ts";
import { load, store } from "./committee.ts";
import { committeeSituation } from "./situation.ts";

const create = defineVerb({
  name: "create",
  aliases: ["anlegen", "neu", "gründen"],
  role: "chair",
  mutates: true,
  keys: {
    name: ["bezeichnung", "titel"], every: ["turnus", "rhythmus", "wann"], cron: [], duration: ["dauer"], place: ["ort"],
    agenda: ["tagesordnung", "vorlauf"], remind: ["erinnerung", "erinnerungen", "erinnern"],
  },
  usage: {
    de: "!gremium anlegen <kürzel> name=<Name> turnus=<Rhythmus> [dauer=<Minuten>] [ort=…] [tagesordnung=<Tage vorher>] [erinnerung=1d,1h]",
    en: "!committee create <slug> name=<text> every=<recurrence> [duration=<minutes>] [place=…] [agenda=<days before>] [remind=1d,1h]",
  },
  help: {
    de: 'legt ein Gremium mit regelmäßigen Sitzungen an; Rhythmus z. B. turnus=„Dienstag 10:00“, „2 Wochen Dienstag 10:00“, „erster Montag 09:30“ oder cron="0 10 * * 2"',
    en: 'creates a committee with recurring meetings; rhythm e.g. "tuesday 10:00", "2 weeks tuesday 10:00", "first monday 09:30" or cron="0 10 * * 2"',
  },
  args: (env) =>
    z
      .object({
        words: committeeSlug(env),
        name: optionalText(env, { de: "der Name", en: "name" }, 200),
        every: z.string().max(200, { error: env.lang === "de" ? "turnus= ist zu lang (höchstens 200 Zeichen)." : "every= is too long (at most 200 characters)." }).optional(),
        cron: z.string().max(200, { error: env.lang === "de" ? "cron= ist zu lang (höchstens 200 Zeichen)." : "cron= is too long (at most 200 characters)." }).optional(),
        duration: minutesArg(env).optional(),
        place: optionalText(env, { de: "der Ort", en: "place" }, 200),
        agenda: agendaLeadArg(env).optional(),
        remind: remindArg(env).optional(),
      })
      .transform((a, issue) => {
        const m = env.t(cmMessages);
        const fail = (message: string) => {
          issue.addIssue({ code: "custom", message });
          return z.NEVER;
        };
        if (a.every !== undefined && a.cron !== undefined) return fail(m.bothRhythms().plain);
        const res = a.cron !== undefined ? parseCron(a.cron) : a.every !== undefined ? parseRecurrence(a.every, env.zone, env.now) : null;
        if (!res) return fail(m.missingRhythm().plain);
        if (!res.ok) return fail(formatRecurrenceError(res.error, env.lang));
        const name = a.name || a.words.rest.join(" ").trim();
        if (!name || name.length > 200) return fail(m.missingName().plain);
        const everyText = a.cron !== undefined ? `cron ${a.cron.trim()}` : (a.every ?? "").trim();
        return { slug: a.words.slug, name, everyText, rule: res.value, durationMin: a.duration ?? 60, place: a.place || null, agendaLead: a.agenda ?? "3d", remind: a.remind ?? null };
      }),
  handle(ctx, a) {
    const m = ctx.t(cmMessages);
    const s = store(ctx);
    if (s.bySlug(a.slug)) return ctx.fail(m.duplicate(a.slug));
    const c = s.create({ ...a, roomId: ctx.roomId, zone: ctx.zone, createdBy: ctx.sender.userId }, ctx.now());
    planAhead(ctx, c);
    ctx.audit("committee.create", c.slug, { every: c.everyText, zone: c.zone });
    const next = meetings(ctx, c, ctx.now(), 3);
    ctx.reply(
      lines(
        m.created(c.name, c.slug, describeRecurrence(c.rule, ctx.lang), c.durationMin, c.place),
        next.length ? section(m.nextMeetings, list(meetingLines(ctx, c, next))) : m.noMeetings(),
        leads(ctx, c),
      ),
    );
    return ctx.ok();
  },
});

const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!gremium liste", en: "!committee list" },
  help: { de: "alle Gremien mit Rhythmus und nächster Sitzung", en: "all committees with their rhythm and next meeting" },
  args: () => z.object({}),
  handle(ctx) {
    const m = ctx.t(cmMessages);
    const all = store(ctx).all();
    if (all.length === 0) {
      ctx.reply(m.listEmpty());
      return ctx.ok();
    }
    const items = all.map((c) => {
      // Re-plans a series whose chain of posts broke (e.g. after a downtime longer than the catch-up window).
      planAhead(ctx, c);
      const next = nextMeeting(ctx, c);
      return m.listItem(c.slug, c.name, describeRecurrence(c.rule, ctx.lang), next ? meetingTime(ctx, c, next) : null);
    });
    ctx.reply(lines(m.listTitle(all.length), ...items));
    return ctx.ok();
  },
});

const show = defineVerb({
  name: "show",
  aliases: ["zeigen", "details"],
  mutates: false,
  usage: { de: "!gremium zeigen <kürzel>", en: "!committee show <slug>" },
  help: { de: "die nächsten drei Sitzungen, die aktuelle Tagesordnung und offene Aufgaben", en: "the next three meetings, the current agenda and open action items" },
  args: (env) => z.object({ words: committeeSlug(env) }),
  handle(ctx, a) {
    const m = ctx.t(cmMessages);
    const loaded = load(ctx, a.words.slug);
    if ("fail" in loaded) return loaded.fail;
    const c = loaded.c;
    planAhead(ctx, c);
    const now = ctx.now();
    const next = meetings(ctx, c, now, 3);
    const skipped = store(ctx)
      .exceptions(c.id)
      .filter((e) => e.kind === "skipped" && e.occurrence >= wallTime(now, c.zone).toFormat("yyyyMMdd'T'HHmm"))
      .map((e) => formatDate(originalStart(e.occurrence, c.zone), c.zone, ctx.lang));
    const first = next[0];
    const items = first ? store(ctx).itemsOf(c.id, first.key) : [];
    const open = items.filter((i) => i.state === "open");
    const actions = ctx.store.actions.open({ committeeId: c.id }, 20);
    ctx.reply(
      lines(
        m.showHead(c.name, c.slug),
        m.showRhythm(describeRecurrence(c.rule, ctx.lang), c.durationMin, c.place),
        leads(ctx, c),
        next.length ? section(m.nextMeetings, list(meetingLines(ctx, c, next))) : m.noMeetings(),
        skipped.length ? m.skippedLine(skipped) : null,
        first ? (items.length ? section(m.agendaHead(meetingTime(ctx, c, first), open.length, minutesOf(open)), list(items.map((i) => itemLine(ctx.lang, i)))) : agendaEmpty(ctx.lang, c.slug)) : null,
        actions.length ? section(m.actionsHead, list(actions.map((x) => actionLine(ctx, x)))) : m.noActions,
      ),
    );
    return ctx.ok();
  },
});

/**
 * The one meeting a skip or move is about, or the failure to answer; on a day with several meetings
 * the answer lists the commands that name each one (`command` builds one from a meeting's words).
 */
function target(ctx: CommandContext, c: Committee, day: string, at: Date | null, command: (words: string) => string): { meeting: Meeting } | { fail: Outcome } {
  const m = ctx.t(cmMessages);
  const found = findMeeting(ctx, c, day, at);
  const date = formatDate(day, c.zone, ctx.lang);
  switch (found.kind) {
    case "found":
      if (found.meeting.start <= ctx.now()) return { fail: ctx.fail(m.begun(meetingTime(ctx, c, found.meeting))) };
      return { meeting: found.meeting };
    case "none": {
      const next = nextMeeting(ctx, c);
      return { fail: ctx.fail(m.notFoundOn(c.name, date, next ? meetingTime(ctx, c, next) : null)) };
    }
    case "skipped":
      return { fail: ctx.fail(m.alreadySkipped(c.slug, date)) };
    case "several":
      return {
        fail: ctx.fail(m.several(found.meetings.map((x) => wallTime(x.start, c.zone).toFormat("HH:mm")).join(", "), found.meetings.map((x) => command(commandDateTime(ctx, c, x.start))))),
      };
    default: {
      const never: never = found;
      return never;
    }
  }
}

const skip = defineVerb({
  name: "skip",
  aliases: ["aussetzen", "ausfallen", "absagen"],
  role: "chair",
  mutates: true,
  usage: { de: "!gremium aussetzen <kürzel> <Datum>", en: "!committee skip <slug> <date>" },
  help: { de: "setzt eine einzelne Sitzung aus; die übrigen Sitzungen bleiben; das Datum auch als „Heiligabend“ oder „nächsten Dienstag“", en: "one meeting is cancelled; the series stays; the date also as \"christmas eve\" or \"next tuesday\"" },
  args: (env) => z.object({ words: meetingDateArg(env) }),
  handle(ctx, a) {
    const m = ctx.t(cmMessages);
    const loaded = load(ctx, a.words.slug);
    if ("fail" in loaded) return loaded.fail;
    const c = loaded.c;
    const t = target(ctx, c, a.words.day, a.words.at, (w) => (ctx.lang === "de" ? `!gremium aussetzen ${c.slug} ${w}` : `!committee skip ${c.slug} ${w}`));
    if ("fail" in t) return t.fail;
    const s = store(ctx);
    s.setException(c.id, { occurrence: t.meeting.key, kind: "skipped" }, ctx.sender.userId, ctx.now());
    s.touch(c.id, ctx.now());
    // Only posts still planned are dropped: the agenda may have gone out already, reminders may be "keine".
    const posts = meetingPostsRef(c, t.meeting);
    const dropped = { agenda: ctx.cancelScheduled(`${posts}:agenda`), reminders: ctx.cancelScheduled(`${posts}:remind`) };
    ctx.cancelScheduled(meetingRef(c, t.meeting.key));
    const next = nextMeeting(ctx, c, t.meeting.start);
    const moved = next ? s.moveOpenItems(c.id, t.meeting.key, next.key, false) : [];
    planAhead(ctx, c);
    ctx.audit("committee.skip", c.slug, { meeting: t.meeting.key, items: moved.length });
    ctx.reply(m.skipped(c.name, meetingTime(ctx, c, t.meeting), next ? meetingTime(ctx, c, next) : null, moved.length, dropped));
    return ctx.ok();
  },
});

const move = defineVerb({
  name: "move",
  aliases: ["verlegen", "verschieben"],
  role: "chair",
  mutates: true,
  keys: { to: ["auf", "nach"] },
  usage: { de: "!gremium verlegen <kürzel> <Datum> auf=<Datum Zeit>", en: "!committee move <slug> <date> to=<datetime>" },
  help: { de: "verlegt eine einzelne Sitzung; die übrigen Sitzungen bleiben", en: "moves one meeting; the series stays" },
  args: (env) => z.object({ words: meetingDateArg(env), to: dateTime(env) }),
  handle(ctx, a) {
    const m = ctx.t(cmMessages);
    const loaded = load(ctx, a.words.slug);
    if ("fail" in loaded) return loaded.fail;
    const c = loaded.c;
    const to = commandDateTime(ctx, c, a.to);
    const t = target(ctx, c, a.words.day, a.words.at, (w) => (ctx.lang === "de" ? `!gremium verlegen ${c.slug} ${w} auf="${to}"` : `!committee move ${c.slug} ${w} to="${to}"`));
    if ("fail" in t) return t.fail;
    if (a.to <= ctx.now()) return ctx.fail(m.toInPast(formatDateTime(a.to, c.zone, ctx.lang)));
    if (a.to.getTime() === t.meeting.start.getTime()) return ctx.fail(m.sameTime());
    // Two meetings at one time could no longer be told apart by date and time, nor be moved or skipped.
    const taken = occupiedBy(ctx, c, a.to, t.meeting.key);
    if (taken) return ctx.fail(m.occupied(c.name, meetingTime(ctx, c, taken)));
    const s = store(ctx);
    s.setException(c.id, { occurrence: t.meeting.key, kind: "moved", movedTo: a.to }, ctx.sender.userId, ctx.now());
    s.touch(c.id, ctx.now());
    ctx.cancelScheduled(meetingRef(c, t.meeting.key));
    planAhead(ctx, c);
    ctx.audit("committee.move", c.slug, { meeting: t.meeting.key, to: a.to.toISOString() });
    const holiday = holidayOf(ctx, c, a.to);
    const end = new Date(a.to.getTime() + c.durationMin * 60_000);
    ctx.reply(lines(m.movedReply(c.name, meetingTime(ctx, c, t.meeting), formatRange(a.to, end, c.zone, ctx.lang), remindOffsets(ctx, c).length > 0), holiday ? m.movedHoliday(formatDate(a.to, c.zone, ctx.lang), holiday) : null));
    return ctx.ok();
  },
});

const ics = defineVerb({
  name: "ics",
  aliases: ["kalender"],
  mutates: false,
  usage: { de: "!gremium kalender <kürzel>", en: "!committee ics <slug>" },
  help: { de: "lädt eine Kalenderdatei (.ics) der Sitzungen hoch", en: "uploads an .ics calendar file of the meetings" },
  args: (env) => z.object({ words: committeeSlug(env) }),
  handle(ctx, a) {
    const m = ctx.t(cmMessages);
    const loaded = load(ctx, a.words.slug);
    if ("fail" in loaded) return loaded.fail;
    const c = loaded.c;
    ctx.upload(ctx.roomId, { name: m.icsName(c.slug), mime: "text/calendar", data: Buffer.from(committeeCalendar(ctx, c), "utf8") }, m.icsCaption(c.name));
    return ctx.ok();
  },
});

const committees: FamilySpec = {
  name: "committee",
  aliases: ["gremium", "gremien", "committees", "ausschuss"],
  title: { de: "Gremien: regelmäßige Sitzungen, Tagesordnung, Erinnerungen", en: "committees: recurring meetings, agendas, reminders" },
  verbs: [create, listVerb, show, skip, move, ics],
  jobs: committeeJobs,
  situation: { order: 30, render: committeeSituation },
  calendar: addCommittees,
};
export default committees;

