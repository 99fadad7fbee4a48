// Action items (!action / !aufgabe): add, done, list. The owner is mentioned when the item falls due
// and again every day (or `nudge=` interval) while it stays open.
import { z } from "zod";
import { freeText, oneWord, choice, recordIdWord } from "../src/pipeline/args.ts";
import { defineVerb } from "../src/pipeline/family.ts";
import { mayChange, notAllowed, ownershipOf } from "../src/pipeline/ownership.ts";
import type { ArgEnv, BaseContext, FamilySpec, JobContext } from "../src/pipeline/family.ts";
import { lines, list, mention, section } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { auditRemoval, retentionCutoff, RETENTION_BATCH } from "../src/records/retention.ts";
import { schedulerMessages } from "../src/schedule/messages.ts";
import type { ActionItem } from "../src/store/actions.ts";
import { formatDate, formatDateError, formatDateTime, formatDuration } from "../src/time/format.ts";
import { parseDuration } from "../src/time/duration.ts";
import { parseDate, parseDateTime } from "../src/time/parse.ts";
import { wallTime } from "../src/time/zone.ts";
import { aiMessages } from "./actions.messages.ts";
import { actionLine, aiId, aiStore, dueText, isOverdue, scheduleNudge } from "./actions.shared.ts";
import { resolveOwner } from "./agenda.ts";
import { cmMessages } from "./committees.messages.ts";
import { cmStore, ownerArg, unknownCommittee } from "./committees.shared.ts";

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

function nudgeArg(env: ArgEnv) {
  return z.string().transform((s, issue) => {
    const v = s.trim().toLowerCase();
    if (parseDuration(v) !== null) return v;
    issue.addIssue({ code: "custom", message: aiMessages[env.lang].badNudge(s) });
    return z.NEVER;
  });
}

const committeeSlug = (ctx: BaseContext, a: ActionItem): string | null => (a.committeeId === null ? null : (cmStore(ctx).get(a.committeeId)?.slug ?? null));

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
    de: "legt eine Aufgabe (AI-n) an; die verantwortliche Person wird am Fälligkeitstag und täglich bei Überfälligkeit erwähnt",
    en: "creates an action item (AI-n); the owner is mentioned on the due date and daily while overdue",
  },
  args: (env) =>
    z.object({
      text: freeText(env, { de: "Beschreibung der Aufgabe", en: "description of the action item" }, 500),
      owner: ownerArg(cmMessages[env.lang].badOwner),
      due: dueArg(env),
      committee: z.string().trim().toLowerCase().optional(),
      nudge: nudgeArg(env).optional(),
    }),
  handle(ctx, a) {
    const m = aiMessages[ctx.lang];
    const o = resolveOwner(ctx, a.owner);
    if ("fail" in o) return o.fail;
    const c = a.committee === undefined ? null : cmStore(ctx).bySlug(a.committee);
    if (a.committee !== undefined && !c) return ctx.fail(unknownCommittee(ctx, a.committee));
    const today = wallTime(ctx.now(), ctx.zone).toFormat("yyyy-MM-dd");
    if (a.due.at ? a.due.at <= ctx.now() : a.due.date < today) return ctx.fail(m.duePast(a.due.at ? formatDateTime(a.due.at, ctx.zone, ctx.lang) : formatDate(a.due.date, ctx.zone, ctx.lang)));
    const nudge = a.nudge ?? "1d";
    const item = aiStore(ctx).create(
      { roomId: ctx.roomId, committeeId: c?.id ?? null, text: a.text, owner: o.user, dueDate: a.due.date, dueAt: a.due.at, zone: ctx.zone, nudge, createdBy: ctx.sender.userId },
      ctx.now(),
    );
    scheduleNudge(ctx, item);
    ctx.audit("action.add", aiId(item.id), { owner: item.owner, due: item.dueDate, committee: c?.slug ?? null });
    const due = dueText(ctx, item);
    ctx.reply(nudge === "1d" ? m.added(aiId(item.id), mention(item.owner), due, c?.slug ?? null) : m.addedEvery(aiId(item.id), mention(item.owner), due, c?.slug ?? null, formatDuration(nudge, ctx.lang)), {
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
    const m = aiMessages[ctx.lang];
    const item = aiStore(ctx).get(a.words.id);
    if (!item) return ctx.fail(m.notFound(aiId(a.words.id)));
    if (item.state === "done") return ctx.fail(m.alreadyDone(aiId(item.id)));
    const own = ownershipOf.actionItem(item);
    if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.doneAction(aiId(item.id)), own));
    aiStore(ctx).markDone(item.id, ctx.sender.userId, ctx.now());
    ctx.cancelScheduled(`ai:${item.id}`);
    ctx.audit("action.done", aiId(item.id));
    ctx.reply(m.done(aiId(item.id), item.text));
    return ctx.ok();
  },
});

type Filter = "mine" | "open" | "overdue";
const LIST_LIMIT = 25;
const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!aufgabe liste [meine|offen|überfällig]", en: "!action list [mine|open|overdue]" },
  help: { de: "offene Aufgaben nach Fälligkeit, Standard: offen", en: "open action items by due date, default open" },
  args: (env) =>
    z.object({ words: oneWord(env, "open").pipe(choice<Filter>(env, "Filter", { mine: ["meine", "mir"], open: ["offen", "alle"], overdue: ["überfällig", "ueberfaellig"] })) }),
  handle(ctx, a) {
    const m = aiMessages[ctx.lang];
    const now = ctx.now();
    const all = aiStore(ctx).open(a.words === "mine" ? { owner: ctx.sender.userId } : {}, 1000);
    // Re-arms reminders the scheduler gave up on (a downtime longer than the catch-up window).
    for (const x of all) if (!aiStore(ctx).hasPendingNudge(x.id)) scheduleNudge(ctx, x);
    const items = a.words === "overdue" ? all.filter((x) => isOverdue(x, now)) : all;
    const name = m.filterNames[a.words] ?? a.words;
    if (items.length === 0) {
      ctx.reply(m.listEmpty(name));
      return ctx.ok();
    }
    const shown = items.slice(0, LIST_LIMIT);
    ctx.reply(lines(m.listTitle(name, items.length), list(shown.map((x) => actionLine(ctx, x, committeeSlug(ctx, x)))), items.length > LIST_LIMIT ? m.more(items.length - LIST_LIMIT) : null));
    return ctx.ok();
  },
});

/** k = 0 when the item falls due, then every nudge interval while open; each run plans the next. */
function nudgeJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const n = typeof payload["id"] === "number" ? payload["id"] : null;
  const k = typeof payload["k"] === "number" ? payload["k"] : 0;
  const item = n === null ? null : aiStore(ctx).get(n);
  if (!item || item.state !== "open") return;
  const m = aiMessages[ctx.lang];
  const id = aiId(item.id);
  const slug = committeeSlug(ctx, item);
  const owner = mention(item.owner);
  const text: Rich = k === 0 ? (item.dueAt ? m.dueNow : m.dueToday)(id, item.text, slug, owner) : m.overdue(id, item.text, slug, owner, dueText(ctx, item));
  ctx.post(item.roomId, lines(text, ctx.lateSince ? schedulerMessages[ctx.lang].late(ctx.lateSince, ctx.zone) : null), { notify: true, bundle: true });
  scheduleNudge(ctx, item, k + 1);
}

function actionsSituation(ctx: BaseContext): Rich | null {
  const now = ctx.now();
  const overdue = aiStore(ctx).open({}, 1000).filter((x) => isOverdue(x, now));
  if (overdue.length === 0) return null;
  return section(aiMessages[ctx.lang].situationHead, list(overdue.slice(0, LIST_LIMIT).map((x) => actionLine(ctx, x, committeeSlug(ctx, x)))));
}

/** Items done longer ago than retention.committeeItems are deleted; the audit keeps a hash. */
function actionsRetention(ctx: BaseContext): number {
  const s = aiStore(ctx);
  const due = s.doneBefore(retentionCutoff(ctx, "committeeItems"), RETENTION_BATCH);
  for (const item of due) {
    s.delete(item.id);
    auditRemoval(ctx, { target: aiId(item.id), kind: "committeeItems", how: "deleted", content: item });
  }
  return due.length;
}

const actions: FamilySpec = {
  name: "action",
  aliases: ["aufgabe", "aufgaben", "actions"],
  title: { de: "Aufgaben aus den Gremien: wer was bis wann erledigt", en: "action items: who does what by when" },
  verbs: [add, done, listVerb],
  jobs: { nudge: nudgeJob },
  situation: { order: 40, render: actionsSituation },
  retention: actionsRetention,
};
export default actions;
