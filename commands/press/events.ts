// Reactions on press cards (✅ approves, ❌ rejects, for the reactor's own agency), their redactions,
// and plain replies to a card. A non-approver's reaction is told once who may decide.
import { isApprover } from "../../src/pipeline/authorize.ts";
import type { Agency, BaseContext, CommandContext, ReactionInput, RedactionInput } from "../../src/pipeline/family.ts";
import { join, mention, person } from "../../src/render/rich.ts";
import { decide, settle } from "./decisions.ts";
import { parseCardRef, prId, pressStore } from "./draft.ts";
import { pressHints } from "./hints.ts";
import { pressMessages } from "./messages.ts";
import { aboutVersion, closeQuestions } from "./questions.ts";
import { currentCard, linkToCard, repostMessages } from "./repost.ts";
import { isLive, mayCount, reactionKind } from "./rules.ts";
import { approversOf } from "./verdict.ts";

/** A reaction that counts for nothing still leaves a trace: who tried what, and why it did not count. */
function refuse(ctx: BaseContext, r: ReactionInput, action: string, target: string, reason: string, version: number): void {
  ctx.store.auditLog.append({
    at: ctx.now().getTime(), actor: r.sender, agency: r.agency?.id ?? null, action, target, roomId: r.roomId, eventId: r.eventId,
    outcome: "refused", details: { reason, via: "reaction", key: r.key, version },
  });
}

export function onReaction(ctx: BaseContext, r: ReactionInput): void {
  const card = parseCardRef(r.targetRef);
  const kind = reactionKind(r.key);
  if (!card || !kind) return;
  const draft = pressStore(ctx).get(card.id);
  if (!draft) return;
  const m = ctx.t(pressMessages);
  const id = prId(draft.id);
  const action = `press.${kind}`;
  if (!r.agency) {
    refuse(ctx, r, action, id, "not a member", card.version);
    return;
  }
  const approver = isApprover(ctx.config, r.sender, r.agency.id);
  if (card.version !== draft.currentVersion) {
    refuse(ctx, r, action, id, "superseded card", card.version);
    // An approver meant to approve: tell them where it counts; anyone else, who may.
    if (approver && isLive(draft.state)) ctx.post(r.roomId, m.oldCardReaction(mention(r.sender), id, card.version, draft.currentVersion), { notify: true });
    else if (isLive(draft.state)) hintWhoMay(ctx, r, r.agency, id, kind);
    return;
  }
  // The card was posted again (`!presse zeigen`): only the newest one counts; the old one points to it.
  const newest = currentCard(ctx, draft);
  if (newest !== null && ctx.store.outbox.idByEvent(r.target) !== newest) {
    refuse(ctx, r, action, id, "outdated card", card.version);
    if (isLive(draft.state) && !r.earlier.some((k) => reactionKind(k) === kind)) {
      ctx.post(r.roomId, ctx.t(repostMessages).reaction(mention(r.sender), r.key, id, linkToCard(ctx, newest)), { notify: true });
    }
    return;
  }
  if (!isLive(draft.state)) {
    refuse(ctx, r, action, id, `draft ${draft.state}`, card.version);
    return;
  }
  if (!approver) {
    refuse(ctx, r, action, id, "not a press approver", card.version);
    hintWhoMay(ctx, r, r.agency, id, kind);
    return;
  }
  if (kind === "approve" && !mayCount(r.sender, draft.author, ctx.config.press.selfApproval)) {
    refuse(ctx, r, action, id, "self-approval", card.version);
    ctx.post(r.roomId, m.selfReaction(mention(r.sender), id), { notify: true });
    return;
  }
  decide(ctx, draft, { user: r.sender, agency: r.agency.id, kind, reason: null, via: "reaction", reactionEventId: r.eventId });
  // A reply to the question is the reason: it completes `!press reject` (pipeline/questions.ts).
  if (kind === "reject") {
    ctx.post(draft.roomId, m.askReason(mention(r.sender), id, draft.currentVersion), {
      notify: true,
      awaits: { person: r.sender, command: `press reject ${id}`, about: aboutVersion(draft.id, draft.currentVersion) },
    });
  }
}

/** A non-approver's ✅ or ❌ is told, once per person and card (and kind), who may decide for their agency. */
function hintWhoMay(ctx: BaseContext, r: ReactionInput, agency: Agency, id: string, kind: "approve" | "reject"): void {
  if (r.earlier.some((k) => reactionKind(k) === kind)) return;
  const approvers = approversOf(ctx, agency.id);
  const names = approvers.length > 0 ? join(approvers.map((u) => person(u)), ", ") : null;
  ctx.post(r.roomId, ctx.t(pressHints).notApprover(mention(r.sender), r.key, id, kind, agency.name, names), { notify: true });
}

/** Removing a ✅ or ❌ withdraws exactly the decision that reaction made, whoever redacted it. */
export function onRedaction(ctx: BaseContext, r: RedactionInput): void {
  const s = pressStore(ctx);
  const d = s.standingByReaction(r.redacted.eventId);
  if (!d) return;
  const draft = s.get(d.draftId);
  if (!draft) return;
  s.revoke(d.id, ctx.now());
  // The ❌ taken back: its "Grund?" question no longer applies.
  if (d.kind === "reject") closeQuestions(ctx, draft.id, d.user);
  ctx.audit("press.revoke", prId(draft.id), {
    version: d.version, sha256: s.version(draft.id, d.version)?.sha256 ?? null, kind: d.kind, agency: d.agency, user: d.user, via: "redaction", redactedBy: r.sender,
  });
  // A released or withdrawn draft keeps its card as it was at that moment; the history has the rest.
  if (d.version === draft.currentVersion && isLive(draft.state)) settle(ctx, draft.id, draft.state === "approved");
}

/** "ok", "passt", "👍" as a reply to a card is not an approval; tell an approver how to give one. */
export function onReply(ctx: CommandContext, r: { targetRef: string; body: string }): void {
  const card = parseCardRef(r.targetRef);
  if (!card || !ctx.sender.roles.has("press")) return;
  const draft = pressStore(ctx).get(card.id);
  if (!draft || !isLive(draft.state)) return;
  const m = ctx.t(pressMessages);
  const id = prId(draft.id);
  ctx.reply(card.version === draft.currentVersion ? m.replyHowTo(id) : m.oldCard(id, card.version, draft.currentVersion));
}
