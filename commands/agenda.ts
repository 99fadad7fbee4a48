// Agenda items (!agenda / !top / !tagesordnung): add, list, remove, done. An item (TOP-n) belongs to
// the committee's next meeting; what is not done by its end is carried over (committees.jobs.ts).
import { z } from "zod";
import { asUserId } from "../src/ids.ts";
import type { UserId } from "../src/ids.ts";
import { recordIdWord } from "../src/pipeline/args.ts";
import { defineVerb } from "../src/pipeline/family.ts";
import { mayChange, notAllowed, ownershipOf } from "../src/pipeline/ownership.ts";
import type { ArgEnv, BaseContext, CommandContext, FamilySpec, Outcome } from "../src/pipeline/family.ts";
import { lines, list } from "../src/render/rich.ts";
import { auditRemoval, retentionCutoff, RETENTION_BATCH } from "../src/records/retention.ts";
import type { AgendaItem } from "../src/store/committees.ts";
import { itemLine, minutesOf, topId } from "./committees.jobs.ts";
import { cmMessages } from "./committees.messages.ts";
import { cmStore, nextMeeting, ownerArg, planAhead, slugWord, unknownCommittee, when } from "./committees.shared.ts";

function minutesArg(env: ArgEnv) {
  return z.string().transform((s, issue) => {
    const n = /^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (n >= 1 && n <= 600) return n;
    issue.addIssue({ code: "custom", message: cmMessages[env.lang].badMinutes(s) });
    return z.NEVER;
  });
}

/** "me" → the sender; anyone else must belong to an agency. */
export function resolveOwner(ctx: CommandContext, owner: string): { user: UserId } | { fail: Outcome } {
  const user = owner === "me" ? ctx.sender.userId : asUserId(owner);
  if (!user || !ctx.agencyOf(user)) return { fail: ctx.fail(cmMessages[ctx.lang].notMember(owner)) };
  return { user };
}

function loadItem(ctx: CommandContext, id: number): { item: AgendaItem } | { fail: Outcome } {
  const m = cmMessages[ctx.lang];
  const item = cmStore(ctx).item(id);
  if (!item) return { fail: ctx.fail(m.itemNotFound(topId(id))) };
  if (item.state !== "open") return { fail: ctx.fail(m.itemClosed(topId(id), m.stateNames[item.state] ?? item.state)) };
  return { item };
}

const add = defineVerb({
  name: "add",
  aliases: ["neu", "hinzufügen", "anmelden"],
  mutates: true,
  keys: { owner: ["verantwortlich", "wer", "von"], minutes: ["minuten", "dauer"] },
  usage: { de: "!top neu <kürzel> <Thema> [verantwortlich=@name] [minuten=<n>]", en: "!agenda add <slug> <text> [owner=@user] [minutes=<n>]" },
  help: { de: "meldet einen Tagesordnungspunkt (TOP-n) für die nächste Sitzung an", en: "adds an agenda item (TOP-n) for the next meeting" },
  args: (env) =>
    z.object({
      words: slugWord(env).refine((w) => w.rest.join(" ").trim().length > 0, { error: cmMessages[env.lang].missingTopic() }).refine((w) => w.rest.join(" ").length <= 500, {
        error: env.lang === "de" ? "Das Thema ist zu lang (höchstens 500 Zeichen)." : "The topic is too long (at most 500 characters).",
      }),
      owner: ownerArg(cmMessages[env.lang].badOwner).optional(),
      minutes: minutesArg(env).optional(),
    }),
  handle(ctx, a) {
    const m = cmMessages[ctx.lang];
    const s = cmStore(ctx);
    const c = s.bySlug(a.words.slug);
    if (!c) return ctx.fail(unknownCommittee(ctx, a.words.slug));
    let owner: UserId | null = null;
    if (a.owner !== undefined) {
      const o = resolveOwner(ctx, a.owner);
      if ("fail" in o) return o.fail;
      owner = o.user;
    }
    const next = nextMeeting(ctx, c);
    if (!next) return ctx.fail(m.noNextMeeting(c.slug));
    planAhead(ctx, c);
    const text = a.words.rest.join(" ").trim();
    const item = s.addItem({ committeeId: c.id, meeting: next.key, text, owner, minutes: a.minutes ?? null, createdBy: ctx.sender.userId }, ctx.now());
    ctx.audit("agenda.add", topId(item.id), { committee: c.slug, meeting: next.key });
    ctx.reply(m.added(topId(item.id), c.name, when(ctx, c, next)));
    return ctx.ok();
  },
});

const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "zeigen"],
  mutates: false,
  usage: { de: "!top liste <kürzel>", en: "!agenda list <slug>" },
  help: { de: "die Tagesordnung der nächsten Sitzung", en: "the agenda of the next meeting" },
  args: (env) => z.object({ words: slugWord(env) }),
  handle(ctx, a) {
    const m = cmMessages[ctx.lang];
    const c = cmStore(ctx).bySlug(a.words.slug);
    if (!c) return ctx.fail(unknownCommittee(ctx, a.words.slug));
    const next = nextMeeting(ctx, c);
    if (!next) return ctx.fail(m.noNextMeeting(c.slug));
    const items = cmStore(ctx).itemsOf(c.id, next.key);
    const open = items.filter((i) => i.state === "open");
    ctx.reply(
      items.length
        ? lines(m.listFor(c.name, when(ctx, c, next)), list(items.map((i) => itemLine(ctx, i))), m.agendaTotal(open.length, minutesOf(open)))
        : lines(m.listFor(c.name, when(ctx, c, next)), m.agendaEmpty(c.slug)),
    );
    return ctx.ok();
  },
});

function closeVerb(name: "remove" | "done", aliases: string[], help: { de: string; en: string }, usage: { de: string; en: string }) {
  return defineVerb({
    name,
    aliases,
    mutates: true,
    usage,
    help,
    args: (env: ArgEnv) => z.object({ words: recordIdWord(env, "TOP") }),
    handle(ctx, a) {
      const m = cmMessages[ctx.lang];
      const loaded = loadItem(ctx, a.words.id);
      if ("fail" in loaded) return loaded.fail;
      const item = loaded.item;
      const own = ownershipOf.agendaItem(item);
      if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.itemAction[name](topId(item.id)), own));
      cmStore(ctx).closeItem(item.id, name === "done" ? "done" : "removed", ctx.sender.userId, ctx.now());
      ctx.audit(`agenda.${name}`, topId(item.id));
      ctx.reply(name === "done" ? m.done(topId(item.id), item.text) : m.removed(topId(item.id), item.text));
      return ctx.ok();
    },
  });
}

const remove = closeVerb(
  "remove",
  ["entfernen", "streichen", "löschen"],
  { de: "streicht einen Tagesordnungspunkt (verantwortliche Person, wer ihn angemeldet hat, oder Vorsitz)", en: "removes an agenda item (its owner, whoever added it, or a chair)" },
  { de: "!top entfernen TOP-n", en: "!agenda remove TOP-n" },
);
const done = closeVerb(
  "done",
  ["erledigt", "erledigen"],
  {
    de: "markiert einen Tagesordnungspunkt als erledigt, sonst wird er übertragen (verantwortliche Person, wer ihn angemeldet hat, oder Vorsitz)",
    en: "marks an agenda item done, otherwise it is carried over (its owner, whoever added it, or a chair)",
  },
  { de: "!top erledigt TOP-n", en: "!agenda done TOP-n" },
);

/** Items done or removed longer ago than retention.committeeItems are deleted; the audit keeps a hash. */
function agendaRetention(ctx: BaseContext): number {
  const s = cmStore(ctx);
  const due = s.closedBefore(retentionCutoff(ctx, "committeeItems"), RETENTION_BATCH);
  for (const item of due) {
    s.deleteItem(item.id);
    auditRemoval(ctx, { target: topId(item.id), kind: "committeeItems", how: "deleted", content: item });
  }
  return due.length;
}

const agenda: FamilySpec = {
  name: "agenda",
  aliases: ["top", "tagesordnung", "tops"],
  title: { de: "Tagesordnung der Gremiensitzungen", en: "agendas of committee meetings" },
  verbs: [add, listVerb, remove, done],
  retention: agendaRetention,
};
export default agenda;

