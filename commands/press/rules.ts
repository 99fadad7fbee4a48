// The approval rule of press statements, who may change a draft's course, and the meaning of
// reaction keys: pure functions, no I/O. The card, the nudges, the commands and the reactions all
// ask these, so the rule is written once.
import type { Role } from "../../src/config.ts";
import type { UserId } from "../../src/ids.ts";
import { mayChange, ownershipOf } from "../../src/pipeline/ownership.ts";
import type { PressState } from "../../src/store/press.ts";

export interface DecisionLike {
  version: number;
  agency: string;
  user: string;
  kind: "approve" | "reject";
  revokedAt: Date | null;
}

export interface RuleInput<D extends DecisionLike> {
  /** Every configured agency id; each one must approve. */
  agencies: readonly string[];
  /** The version being judged (the current one). */
  version: number;
  author: D["user"];
  /** press.selfApproval: whether the author's own approval counts. */
  selfApproval: boolean;
  decisions: readonly D[];
  /** Whether the user is a press approver of that agency (agency membership and role). */
  isApprover: (user: D["user"], agency: string) => boolean;
}

export interface AgencyVerdict<D> {
  agency: string;
  approvals: D[];
  rejections: D[];
}

export interface Verdict<D> {
  approved: boolean;
  /** Agencies without a counting approval, in config order. */
  missing: string[];
  /** Counting rejections; any one of them blocks the version. */
  rejections: D[];
  perAgency: AgencyVerdict<D>[];
}

/** While open or approved a draft can still change: be revised, decided on, released or withdrawn. */
export function isLive(state: PressState): boolean {
  return state === "open" || state === "approved";
}

/** Whether this person's approval can count at all: the author's own only with press.selfApproval. */
export function mayCount<U extends string>(user: U, author: U, selfApproval: boolean): boolean {
  return selfApproval || user !== author;
}

/**
 * Whom to ask for approval (on the first card, in the nudges, in `!lage`): the given approvers of the
 * agencies still missing whose approval would count.
 */
export function toAsk<U extends string>(approvers: readonly U[], author: U, selfApproval: boolean): U[] {
  return approvers.filter((u) => mayCount(u, author, selfApproval));
}

/** May change the draft's course (revise, release, withdraw): its author or any press approver. */
export function mayManage(sender: { userId: UserId; roles: ReadonlySet<Role> }, draft: { author: UserId }): boolean {
  return mayChange(sender, ownershipOf.pressDraft(draft));
}

/**
 * A version is approved when every agency has at least one standing approval of that version from
 * one of its own press approvers, and no standing rejection of that version from an approver stands.
 * Without self-approval the author's approval counts for nothing.
 */
export function judge<D extends DecisionLike>(input: RuleInput<D>): Verdict<D> {
  const counts = (d: D, agency: string): boolean =>
    d.revokedAt === null && d.version === input.version && d.agency === agency && input.isApprover(d.user, agency);
  const perAgency = input.agencies.map((agency) => ({
    agency,
    approvals: input.decisions.filter((d) => d.kind === "approve" && counts(d, agency) && mayCount(d.user, input.author, input.selfApproval)),
    rejections: input.decisions.filter((d) => d.kind === "reject" && counts(d, agency)),
  }));
  const missing = perAgency.filter((a) => a.approvals.length === 0).map((a) => a.agency);
  const rejections = perAgency.flatMap((a) => a.rejections);
  return { approved: perAgency.length > 0 && missing.length === 0 && rejections.length === 0, missing, rejections, perAgency };
}

// Variation selectors (U+FE0E/U+FE0F) and skin-tone modifiers (U+1F3FB–U+1F3FF) do not change
// the meaning of a reaction: "👍🏽" and "✔️" are the same answer as "👍" and "✔".
const DECORATION = /[\uFE0E\uFE0F]|[\u{1F3FB}-\u{1F3FF}]/gu;
const APPROVE = new Set(["\u2705", "\u2714", "\u{1F44D}"]); // ✅ ✔ 👍
const REJECT = new Set(["\u274C", "\u{1F44E}"]); // ❌ 👎

export function reactionKind(key: string): "approve" | "reject" | null {
  const k = key.replace(DECORATION, "").trim();
  if (APPROVE.has(k)) return "approve";
  if (REJECT.has(k)) return "reject";
  return null;
}
