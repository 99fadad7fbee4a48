// The approval rule (rules.ts) applied to a stored draft: its verdict, whom to ask, and the words
// for what is missing.
import { asUserId } from "../../src/ids.ts";
import type { UserId } from "../../src/ids.ts";
import { andList } from "../../src/i18n/phrases.ts";
import { isApprover } from "../../src/pipeline/authorize.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { concat, join, person, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { PressDecision, PressDraft } from "../../src/store/press.ts";
import { pressStore } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { isLive, judge, toAsk } from "./rules.ts";
import type { Verdict } from "./rules.ts";
import { when } from "./text.ts";

export function verdictOf(ctx: BaseContext, draft: PressDraft): Verdict<PressDecision> {
  return judge({
    agencies: ctx.config.agencies.map((a) => a.id),
    version: draft.currentVersion,
    author: draft.author,
    selfApproval: ctx.config.press.selfApproval,
    decisions: pressStore(ctx).decisions(draft.id, draft.currentVersion),
    isApprover: (user, agency) => isApprover(ctx.config, user, agency),
  });
}

/** The press approvers of an agency who can be mentioned by name ("*" names nobody in particular). */
export function approversOf(ctx: BaseContext, agencyId: string): UserId[] {
  const listed = ctx.config.agencies.find((a) => a.id === agencyId)?.roles.press ?? [];
  return listed.flatMap((u) => {
    const id = asUserId(u);
    return id && isApprover(ctx.config, id, agencyId) ? [id] : [];
  });
}

/** Whom to ask for the draft's approval on behalf of these agencies (the ones still missing, or one of them). */
export function askFor(ctx: BaseContext, draft: PressDraft, agencies: readonly string[]): UserId[] {
  return toAsk(agencies.flatMap((a) => approversOf(ctx, a)), draft.author, ctx.config.press.selfApproval);
}

export const agencyNames = (ctx: BaseContext, ids: readonly string[]): string => andList(ids.map((a) => ctx.agencyName(a)), ctx.lang);

/** Why a version is not approved: the standing rejections, else the agencies still missing. */
export function whyNotApproved(ctx: BaseContext, v: Verdict<PressDecision>): Rich {
  const m = ctx.t(pressMessages);
  if (v.rejections.length > 0) return m.rejectedBy(join(v.rejections.map((d) => r`${person(d.user)} (${ctx.agencyName(d.agency)})`), ", "));
  return m.missingAgencies(agencyNames(ctx, v.missing));
}

/** One short state for lists and status: "Freigabe ausstehend: Polizei", "freigegeben", "veröffentlicht". */
export function stateText(ctx: BaseContext, d: PressDraft): Rich {
  const m = ctx.t(pressMessages);
  if (!isLive(d.state)) return concat(m.stateNames[d.state], d.releasedAt ? ` ${when(ctx, d.releasedAt)}` : "");
  const v = verdictOf(ctx, d);
  const base = v.approved ? concat(m.stateNames.approved) : v.rejections.length ? concat(m.rejectedShort) : m.waitingShort(agencyNames(ctx, v.missing));
  return d.releaseAt ? concat(base, " · ", m.scheduledShort(when(ctx, d.releaseAt))) : base;
}
