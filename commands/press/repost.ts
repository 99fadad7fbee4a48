// `!presse zeigen PR-n` (English `!press show`): the current card posted again, for people who
// joined later and cannot read the room's history (encrypted rooms; issue 20). The card it replaces
// is edited to point to the new one; from then on only reactions on the newest card count (events.ts).
import type { Catalog } from "../../src/i18n/lang.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { outboxLink } from "../../src/render/event-link.ts";
import { b, concat, i, lines, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { OutboxId } from "../../src/store/outbox.ts";
import type { PressDraft } from "../../src/store/press.ts";
import { cardOf, postCard } from "./card.ts";
import { cardRef, idArgs, loadDraft, prId } from "./draft.ts";
import { pressMessages } from "./messages.ts";

const de = {
  outdated: (id: string, v: number, link: Rich) => concat(b(`${id} (Version ${v}): Diese Karte ist veraltet`), r` – aktuell: ${link}`),
  linkLabel: "neue Karte",
  outdatedNote: i("Reaktionen auf diese Karte zählen nicht mehr; bitte auf der aktuellen Karte reagieren."),
  title: (title: string) => r`Titel: ${b(title)}`,
  reaction: (user: Rich, key: string, id: string, link: Rich) => r`${user}: Ihr ${key} auf einer veralteten Karte von ${id} zählt nicht. Bitte reagieren Sie auf der aktuellen Karte: ${link}`,
};
const en: typeof de = {
  outdated: (id, v, link) => concat(b(`${id} (version ${v}): this card is outdated`), r` – current: ${link}`),
  linkLabel: "new card",
  outdatedNote: i("Reactions on this card no longer count; please react on the current card."),
  title: (title) => r`Title: ${b(title)}`,
  reaction: (user, key, id, link) => r`${user}: your ${key} on an outdated card of ${id} does not count. Please react on the current card: ${link}`,
};
export const repostMessages: Catalog<typeof de> = { de, en };

/** The newest card of the draft's current version (re-posts included), if there is one. */
export const currentCard = (ctx: BaseContext, draft: PressDraft): OutboxId | null => cardOf(ctx, draft.id, draft.currentVersion);

/** A link to the newest card, for a hint beneath an outdated one. */
export const linkToCard = (ctx: BaseContext, card: OutboxId): Rich => outboxLink(card, ctx.t(repostMessages).linkLabel);

export const show = defineVerb({
  name: "show",
  aliases: ["zeigen", "karte", "card"],
  mutates: true,
  usage: { de: "!presse zeigen PR-n", en: "!press show PR-n" },
  help: {
    de: "postet die aktuelle Karte noch einmal (z. B. für neu Hinzugekommene); die alte verweist dann auf die neue, Reaktionen zählen nur noch auf der neuen",
    en: "posts the current card again (e.g. for people who joined later); the old one then points to the new one, and only reactions on the new one count",
  },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(repostMessages);
    const loaded = loadDraft(ctx, a.words.id, "any");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const id = prId(d.id);
    const old = currentCard(ctx, d);
    const card = postCard(ctx, d, { again: true });
    // Queued after the new card, so the outbox knows its event when it sends this edit.
    if (old !== null) ctx.edit(old, lines(m.outdated(id, d.currentVersion, linkToCard(ctx, card)), m.title(d.title), m.outdatedNote));
    ctx.audit("press.repost", id, { version: d.currentVersion, ref: cardRef(d.id, d.currentVersion) });
    if (ctx.roomId !== d.roomId) ctx.reply(ctx.t(pressMessages).elsewhere(id));
    return ctx.ok();
  },
});
