// The personal calendar feed (!calendar / !kalender): `abo` sends the asker a secret URL of the
// operations and committee meetings by direct message (never into the shared room), `abo widerrufen`
// ends it. A new `abo` replaces the token, so a link passed on by mistake is stopped by asking again.
// The feed itself is served by src/http/calendar-feed.ts; only the token's hash is stored.
import { z } from "zod";
import { choice, oneWord } from "../../src/pipeline/args.ts";
import { sendDirect } from "../../src/pipeline/direct.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { CommandContext, FamilySpec, Outcome } from "../../src/pipeline/family.ts";
import { newFeedToken } from "../../src/store/calendar-feed.ts";
import { calendarMessages } from "./messages.ts";

function subscribe(ctx: CommandContext): Outcome {
  const m = ctx.t(calendarMessages);
  const feed = ctx.config.calendar;
  if (!feed) return ctx.fail(m.off());
  const { token, hash } = newFeedToken();
  const replaced = ctx.store.calendarFeed.subscribe(ctx.sender.userId, hash, ctx.now());
  const url = `${feed.publicUrl.replace(/\/+$/, "")}/calendar/${token}.ics`;
  sendDirect(ctx, ctx.sender.userId, m.link(url), [], { secret: true });
  ctx.reply(m.sent(replaced));
  // Neither the token nor its hash: the audit log is exported and read by others.
  ctx.audit("calendar.subscribe", null, { replaced, sentTo: "direct" });
  return ctx.ok();
}

function revoke(ctx: CommandContext): Outcome {
  const m = ctx.t(calendarMessages);
  if (!ctx.store.calendarFeed.revoke(ctx.sender.userId)) return ctx.fail(m.nothingToRevoke());
  ctx.reply(m.revoked());
  ctx.audit("calendar.revoke", null, {});
  return ctx.ok();
}

const subscribeVerb = defineVerb({
  name: "subscribe",
  aliases: ["abo", "abonnieren"],
  mutates: true,
  usage: { de: "!kalender abo", en: "!calendar subscribe" },
  help: {
    de: "sendet Ihnen per Direktnachricht den Link zu Ihrem persönlichen Kalender der Einsätze und Sitzungen (ein neuer ersetzt den alten)",
    en: "sends you by direct message the link to your personal calendar of operations and meetings (a new one replaces the old one)",
  },
  args: (env) => z.object({ words: oneWord(env, "new").pipe(choice(env, null, { new: ["neu"], revoke: ["widerrufen", "kündigen", "beenden"] })) }),
  handle: (ctx, a) => (a.words === "revoke" ? revoke(ctx) : subscribe(ctx)),
});

const revokeVerb = defineVerb({
  name: "revoke",
  aliases: ["widerrufen", "kündigen"],
  mutates: true,
  usage: { de: "!kalender abo widerrufen", en: "!calendar revoke" },
  help: {
    de: "widerruft Ihren Kalender-Link; er zeigt danach keine Termine mehr (kurz: !kalender widerrufen)",
    en: "revokes your calendar link; it shows no dates any more",
  },
  args: () => z.object({}),
  handle: (ctx) => revoke(ctx),
});

const calendar: FamilySpec = {
  name: "calendar",
  aliases: ["kalender"],
  title: { de: "persönlicher Kalender (Abonnement) der Einsätze und Sitzungen", en: "personal calendar (subscription) of operations and meetings" },
  verbs: [subscribeVerb, revokeVerb],
};
export default calendar;
