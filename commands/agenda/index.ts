// Agenda items (!agenda / !top / !tagesordnung): add, list, remove, done. An item (TOP-n) belongs to
// the committee's next meeting; what is not done by its end is carried over (commands/committees/jobs.ts).
import { z } from "zod";
import type { UserId } from "../../src/ids.ts";
import { committeeSlug, ownerArg, recordIdWord } from "../../src/pipeline/args.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import { mayChange, notAllowed, ownerOf, ownershipOf } from "../../src/pipeline/ownership.ts";
import type { ArgEnv, BaseContext, CommandContext, FamilySpec, Outcome, SchemaEnv } from "../../src/pipeline/family.ts";
import { nextMeeting, planAhead } from "../../src/records/meetings.ts";
import { retire } from "../../src/records/retention.ts";
import { agendaEmpty, agendaTotal, itemLine, topId } from "../../src/render/agenda.ts";
import { findCommittee, meetingTime } from "../../src/render/committees.ts";
import { b, lines, list, section } from "../../src/render/rich.ts";
import type { AgendaItem } from "../../src/store/committees.ts";
import { agendaMessages } from "./messages.ts";

const store = (ctx: BaseContext) => ctx.store.committees;

function minutesArg(env: SchemaEnv) {
  return z.string().transform((s, issue) => {
    const n = /^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (n >= 1 && n <= 600) return n;
    issue.addIssue({ code: "custom", message: env.t(agendaMessages).badMinutes(s) });
    return z.NEVER;
  });
}

function loadItem(ctx: CommandContext, id: number): { item: AgendaItem } | { fail: Outcome } {
  const m = ctx.t(agendaMessages);
  const item = store(ctx).item(id);
  if (!item) return { fail: ctx.fail(m.itemNotFound(topId(id))) };
  if (item.state !== "open") return { fail: ctx.fail(m.itemClosed(topId(id), m.stateNames[item.state])) };
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
      words: committeeSlug(env)
        .refine((w) => w.rest.join(" ").trim().length > 0, { error: env.t(agendaMessages).missingTopic() })
        .refine((w) => w.rest.join(" ").length <= 500, { error: env.t(agendaMessages).topicTooLong }),
      owner: ownerArg(env).optional(),
      minutes: minutesArg(env).optional(),
    }),
  handle(ctx, a) {
    const m = ctx.t(agendaMessages);
    const found = findCommittee(store(ctx), ctx.lang, a.words.slug);
    if ("unknown" in found) return ctx.fail(found.unknown);
    const c = found.committee;
    let owner: UserId | null = null;
    if (a.owner !== undefined) {
      const o = ownerOf(ctx, a.owner);
      if ("fail" in o) return o.fail;
      owner = o.user;
    }
    const next = nextMeeting(ctx, c);
    if (!next) return ctx.fail(m.noNextMeeting(c.slug));
    planAhead(ctx, c);
    const text = a.words.rest.join(" ").trim();
    const item = store(ctx).addItem({ committeeId: c.id, meeting: next.key, text, owner, minutes: a.minutes ?? null, createdBy: ctx.sender.userId }, ctx.now());
    ctx.audit("agenda.add", topId(item.id), { committee: c.slug, meeting: next.key });
    ctx.reply(m.added(topId(item.id), c.name, meetingTime(ctx, c, next)));
    return ctx.ok();
  },
});

const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "zeigen"],
  mutates: false,
  usage: { de: "!top liste <kürzel>", en: "!agenda list <slug>" },
  help: { de: "die Tagesordnung der nächsten Sitzung", en: "the agenda of the next meeting" },
  args: (env) => z.object({ words: committeeSlug(env) }),
  handle(ctx, a) {
    const m = ctx.t(agendaMessages);
    const found = findCommittee(store(ctx), ctx.lang, a.words.slug);
    if ("unknown" in found) return ctx.fail(found.unknown);
    const c = found.committee;
    const next = nextMeeting(ctx, c);
    if (!next) return ctx.fail(m.noNextMeeting(c.slug));
    const items = store(ctx).itemsOf(c.id, next.key);
    const open = items.filter((i) => i.state === "open");
    ctx.reply(
      items.length
        ? lines(section(m.listFor(c.name, meetingTime(ctx, c, next)), list(items.map((i) => itemLine(ctx.lang, i)))), agendaTotal(ctx.lang, open))
        : lines(b(m.listFor(c.name, meetingTime(ctx, c, next))), agendaEmpty(ctx.lang, c.slug)),
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
      const m = ctx.t(agendaMessages);
      const loaded = loadItem(ctx, a.words.id);
      if ("fail" in loaded) return loaded.fail;
      const item = loaded.item;
      const own = ownershipOf.agendaItem(item);
      if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.itemAction[name](topId(item.id)), own));
      store(ctx).closeItem(item.id, name === "done" ? "done" : "removed", ctx.sender.userId, ctx.now());
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
  const s = store(ctx);
  return retire(ctx, {
    kind: "committeeItems",
    how: "deleted",
    due: (cutoff, limit) => s.closedBefore(cutoff, limit),
    target: (item: AgendaItem) => topId(item.id),
    remove: (item) => {
      s.deleteItem(item.id);
      return null;
    },
  });
}

const agenda: FamilySpec = {
  name: "agenda",
  aliases: ["top", "tagesordnung", "tops"],
  title: { de: "Tagesordnung der Gremiensitzungen", en: "agendas of committee meetings" },
  verbs: [add, listVerb, remove, done],
  retention: agendaRetention,
};
export default agenda;

