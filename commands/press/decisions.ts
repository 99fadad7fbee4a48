// Recording an approval or rejection, and settling the draft after any change of its decisions: the
// stored state, the card, and a word in the room when it became (or stopped being) approved.
import type { EventId, UserId } from "../../src/ids.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { mention } from "../../src/render/rich.ts";
import type { DecisionKind, DecisionVia, PressDraft } from "../../src/store/press.ts";
import { refreshCard } from "./card.ts";
import { prId, pressStore } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { cancelNudges, scheduleNudges } from "./reminders.ts";
import { isLive } from "./rules.ts";
import { when } from "./text.ts";
import { verdictOf, whyNotApproved } from "./verdict.ts";

/**
 * After any change of the decisions on a draft: applies the approval rule, keeps the stored state
 * and the card current, and says so in the room when the draft became (or stopped being) approved.
 */
export function settle(ctx: BaseContext, id: number, wasApproved: boolean): void {
  const s = pressStore(ctx);
  const stored = s.get(id);
  if (!stored) return;
  let draft = stored;
  if (isLive(draft.state)) {
    const m = ctx.t(pressMessages);
    const verdict = verdictOf(ctx, draft);
    const state = verdict.approved ? "approved" : "open";
    if (state !== draft.state) s.setApproval(id, state, ctx.now());
    draft = { ...draft, state };
    if (!wasApproved && verdict.approved) {
      cancelNudges(ctx, id);
      ctx.post(draft.roomId, m.allApproved(prId(id), draft.currentVersion, mention(draft.author)), { notify: true });
    } else if (wasApproved && !verdict.approved) {
      const scheduled = draft.releaseAt ? when(ctx, draft.releaseAt) : null;
      ctx.post(draft.roomId, m.approvalLost(prId(id), draft.currentVersion, whyNotApproved(ctx, verdict), scheduled, mention(draft.author)), { notify: true });
      scheduleNudges(ctx, draft, ctx.now());
    }
  }
  refreshCard(ctx, draft);
}

interface DecisionInput {
  user: UserId;
  agency: string;
  kind: DecisionKind;
  reason: string | null;
  via: DecisionVia;
  reactionEventId: EventId | null;
}

/** Records an approval or rejection of the current version, audits it, and settles the draft. */
export function decide(ctx: BaseContext, draft: PressDraft, d: DecisionInput): void {
  const s = pressStore(ctx);
  const v = draft.currentVersion;
  // A person's later decision replaces their earlier opposite one; a rejection by command (with
  // its reason) also replaces a bare rejection by reaction.
  const replaces: DecisionKind[] = d.kind === "approve" ? ["reject"] : d.via === "command" ? ["approve", "reject"] : ["approve"];
  const replaced = s.revokeStanding(draft.id, v, d.user, replaces, ctx.now());
  s.addDecision({ draftId: draft.id, version: v, ...d, now: ctx.now() });
  ctx.audit(`press.${d.kind}`, prId(draft.id), {
    version: v, sha256: s.version(draft.id, v)?.sha256 ?? null, agency: d.agency, via: d.via, reason: d.reason, replaced,
  });
  settle(ctx, draft.id, draft.state === "approved");
}
