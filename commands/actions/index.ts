// Action items (!action / !aufgabe): add, done, list. The owner is mentioned when the item falls due
// and again every day (or `nudge=` interval) while it stays open.
import { z } from "zod";
import { freeText, oneWord, choice, ownerArg, recordIdWord } from "../../src/pipeline/args.ts";
import { defineJob, defineVerb } from "../../src/pipeline/family.ts";
import { mayChange, notAllowed, ownerOf, ownershipOf } from "../../src/pipeline/ownership.ts";
import type { ArgEnv, BaseContext, FamilySpec, SchemaEnv } from "../../src/pipeline/family.ts";
import { retire } from "../../src/records/retention.ts";
import { actionLine, aiId, dueText } from "../../src/render/actions.ts";
import { capped } from "../../src/render/capped.ts";
import { findCommittee } from "../../src/render/committees.ts";
import { list, mention, section, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { isOverdue } from "../../src/store/actions.ts";
import { formatEvery } from "../../src/i18n/phrases.ts";
import { formatDate, formatDateError, formatDateTime } from "../../src/time/format.ts";
import { parseDuration } from "../../src/time/duration.ts";
import { parseDate, parseDateTime } from "../../src/time/parse.ts";
import { wallTime } from "../../src/time/zone.ts";
import { nudgeJob, nudgePayload, scheduleNudge } from "./jobs.ts";
import { aiStore, committeeSlug } from "./item.ts";
import { aiMessages } from "./messages.ts";
import type { ListFilter } from "./messages.ts";

/** `due=`: a date (reminded at 09:00 that day) or a date and time (reminded at that moment). */
function dueArg(env: ArgEnv) {
  return z.string().transform((s, issue): { date: string; at: Date | null } => {
    const d = parseDate(s, env);
    if (d.ok) return { date: d.value, at: null };
    const dt = parseDateTime(s, env);
    if (dt.ok) return { date: wallTime(dt.value, env.zone).toFormat("yyyy-MM-dd"), at: dt.value };
    issue.addIssue({ code: "custom", message: formatDateError(d.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

function nudgeArg(env: SchemaEnv) {
  return z.string().transform((s, issue) => {
    const v = s.trim().toLowerCase();
    if (parseDuration(v) !== null) return v;
    issue.addIssue({ code: "custom", message: env.t(aiMessages).badNudge(s) });
    return z.NEVER;
  });
}

const add = defineVerb({
  name: "add",
  aliases: ["neu", "anlegen"],
  mutates: true,
  keys: { owner: ["verantwortlich", "wer"], due: ["bis", "fällig", "frist"], committee: ["gremium"], nudge: ["mahnen"] },
  usage: {
    de: "!aufgabe neu <Beschreibung> verantwortlich=@name bis=<Datum> [gremium=<kürzel>] [mahnen=1d]",
    en: "!action add <text> owner=@user due=<date> [committee=<slug>] [nudge=1d]",
  },
  help: {
    de: "legt eine Aufgabe (AI-n) an; die verantwortliche Person wird am Fälligkeitstag und täglich bei Überfälligkeit erwähnt; bis= auch „nächsten Freitag“ (Freitag der nächsten Woche) oder „Silvester“",
    en: "creates an action item (AI-n); the owner is mentioned on the due date and daily while overdue; due= also \"next friday\" (Friday of next week) or \"new year's eve\"",
  },
  args: (env) =>
    z.object({
      text: freeText(env, { de: "die Beschreibung der Aufgabe", en: "description of the action item" }, 500),
      owner: ownerArg(env),
      due: dueArg(env),
      committee: z.string().trim().toLowerCase().optional(),
      nudge: nudgeArg(env).optional(),
    }),
  handle(ctx, a) {
    const m = ctx.t(aiMessages);
    const o = ownerOf(ctx, a.owner);
    if ("fail" in o) return o.fail;
    const found = a.committee === undefined ? null : findCommittee(ctx.store.committees, ctx.lang, a.committee);
    if (found && "unknown" in found) return ctx.fail(found.unknown);
    const c = found?.committee ?? null;
    const today = wallTime(ctx.now(), ctx.zone).toFormat("yyyy-MM-dd");
    if (a.due.at ? a.due.at <= ctx.now() : a.due.date < today) return ctx.fail(m.duePast(a.due.at ? formatDateTime(a.due.at, ctx.zone, ctx.lang) : formatDate(a.due.date, ctx.zone, ctx.lang)));
    const nudge = a.nudge ?? "1d";
    const item = aiStore(ctx).create(
      { roomId: ctx.roomId, committeeId: c?.id ?? null, text: a.text, owner: o.user, dueDate: a.due.date, dueAt: a.due.at, zone: ctx.zone, nudge, createdBy: ctx.sender.userId },
      ctx.now(),
    );
    scheduleNudge(ctx, item);
    ctx.audit("action.add", aiId(item.id), { owner: item.owner, due: item.dueDate, committee: c?.slug ?? null });
    const due = dueText(ctx.lang, item);
    ctx.reply(nudge === "1d" ? m.added(aiId(item.id), mention(item.owner), due, c?.slug ?? null) : m.addedEvery(aiId(item.id), mention(item.owner), due, c?.slug ?? null, formatEvery(nudge, ctx.lang)), {
      notify: true,
    });
    return ctx.ok();
  },
});

const done = defineVerb({
  name: "done",
  aliases: ["erledigt", "erledigen"],
  mutates: true,
  usage: { de: "!aufgabe erledigt AI-n", en: "!action done AI-n" },
  help: { de: "meldet eine Aufgabe als erledigt (verantwortliche Person, wer sie angelegt hat, oder Vorsitz)", en: "marks an action item done (its owner, whoever created it, or a chair)" },
  args: (env) => z.object({ words: recordIdWord(env, "AI") }),
  handle(ctx, a) {
    const m = ctx.t(aiMessages);
    const item = aiStore(ctx).get(a.words.id);
    if (!item) return ctx.fail(m.notFound(aiId(a.words.id)));
    if (item.state === "done") return ctx.fail(m.alreadyDone(aiId(item.id)));
    const own = ownershipOf.actionItem(item);
    if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.doneAction(aiId(item.id)), own));
    aiStore(ctx).markDone(item.id, ctx.sender.userId, ctx.now());
    const cancelled = ctx.cancelScheduled(`ai:${item.id}`);
    ctx.audit("action.done", aiId(item.id));
    ctx.reply(m.done(aiId(item.id), item.text, cancelled));
    return ctx.ok();
  },
});

const LIST_LIMIT = 25;
const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!aufgabe liste [meine|offen|überfällig]", en: "!action list [mine|open|overdue]" },
  help: { de: "offene Aufgaben nach Fälligkeit, Standard: offen", en: "open action items by due date, default open" },
  args: (env) =>
    z.object({ words: oneWord(env, "open").pipe(choice<ListFilter>(env, null, { mine: ["meine", "mir"], open: ["offen", "alle"], overdue: ["überfällig", "ueberfaellig"] })) }),
  handle(ctx, a) {
    const m = ctx.t(aiMessages);
    const now = ctx.now();
    const all = aiStore(ctx).open(a.words === "mine" ? { owner: ctx.sender.userId } : {}, 1000);
    // Re-arms reminders the scheduler gave up on (a downtime longer than the catch-up window).
    for (const x of all) if (!aiStore(ctx).hasPendingNudge(x.id)) scheduleNudge(ctx, x);
    const items = a.words === "overdue" ? all.filter((x) => isOverdue(x, now)) : all;
    if (items.length === 0) {
      ctx.reply(text(m.listNone[a.words]));
      return ctx.ok();
    }
    const c = capped(items, LIST_LIMIT, m.more);
    // "… und n weitere" is the list's last item: a line after a list would leave a double gap in HTML.
    ctx.reply(section(m.listTitle(m.listHeads[a.words], items.length), list([...c.shown.map((x) => actionLine(ctx, x, committeeSlug(ctx, x))), c.more])));
    return ctx.ok();
  },
});

function actionsSituation(ctx: BaseContext): Rich | null {
  const now = ctx.now();
  const overdue = aiStore(ctx).open({}, 1000).filter((x) => isOverdue(x, now));
  if (overdue.length === 0) return null;
  return section(ctx.t(aiMessages).situationHead, list(overdue.slice(0, LIST_LIMIT).map((x) => actionLine(ctx, x, committeeSlug(ctx, x)))));
}

/** Items done longer ago than retention.committeeItems are deleted; the audit keeps a hash. */
function actionsRetention(ctx: BaseContext): number {
  const s = aiStore(ctx);
  return retire(ctx, {
    kind: "committeeItems",
    how: "deleted",
    due: (cutoff, limit) => s.doneBefore(cutoff, limit),
    target: (item) => aiId(item.id),
    remove: (item) => {
      s.delete(item.id);
      return null;
    },
  });
}

const actions: FamilySpec = {
  name: "action",
  aliases: ["aufgabe", "aufgaben", "actions"],
  title: { de: "Aufgaben aus den Gremien: wer was bis wann erledigt", en: "action items: who does what by when" },
  verbs: [add, done, listVerb],
  jobs: { nudge: defineJob({ payload: nudgePayload, run: nudgeJob }) },
  situation: { order: 40, render: actionsSituation },
  retention: actionsRetention,
};
export default actions;
