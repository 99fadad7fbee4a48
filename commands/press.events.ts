// Reactions, their redactions and plain replies on press cards, and the scheduled jobs (nudges to
// missing approvers, the embargoed release).
import { asUserId } from "../src/ids.ts";
import { isApprover } from "../src/pipeline/authorize.ts";
import type { BaseContext, CommandContext, JobContext, ReactionInput, RedactionInput } from "../src/pipeline/family.ts";
import { join, lines, mention } from "../src/render/rich.ts";
import { schedulerMessages } from "../src/schedule/messages.ts";
import { appendAudit } from "../src/store/audit.ts";
import type { PressDraft } from "../src/store/press.ts";
import { formatDuration } from "../src/time/format.ts";
import { pressMessages } from "./press.messages.ts";
import { reactionKind } from "./press.rules.ts";
import {
  agencyNames, approversOf, decide, prId, pressStore, refreshCard, release, settle, verdictOf, when, whyNotApproved,
} from "./press.shared.ts";

const CARD_REF = /^press:card:(\d+):(\d+)$/;

/** "press:card:3:2" → draft 3, version 2; null for any other message of ours. */
export function parseCardRef(ref: string | null): { id: number; version: number } | null {
  const m = ref ? CARD_REF.exec(ref) : null;
  return m ? { id: Number(m[1]), version: Number(m[2]) } : null;
}

const isLive = (d: PressDraft): boolean => d.state === "open" || d.state === "approved";

/** A reaction that counts for nothing still leaves a trace: who tried what, and why it did not count. */
function refuse(ctx: BaseContext, r: ReactionInput, action: string, target: string, reason: string, version: number): void {
  appendAudit(ctx.db, {
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
  const m = pressMessages[ctx.lang];
  const id = prId(draft.id);
  const action = `press.${kind}`;
  if (!r.agency) {
    refuse(ctx, r, action, id, "not a member", card.version);
    return;
  }
  const approver = isApprover(ctx.config, r.sender, r.agency.id);
  if (card.version !== draft.currentVersion) {
    refuse(ctx, r, action, id, "superseded card", card.version);
    // An approver meant to approve: tell them where it counts. Others are not answered.
    if (approver && isLive(draft)) ctx.post(r.roomId, m.oldCardReaction(mention(r.sender), id, card.version, draft.currentVersion), { notify: true });
    return;
  }
  if (!isLive(draft)) {
    refuse(ctx, r, action, id, `draft ${draft.state}`, card.version);
    return;
  }
  if (!approver) {
    refuse(ctx, r, action, id, "not a press approver", card.version);
    return;
  }
  if (kind === "approve" && !ctx.config.press.selfApproval && r.sender === draft.author) {
    refuse(ctx, r, action, id, "self-approval", card.version);
    ctx.post(r.roomId, m.selfReaction(mention(r.sender), id), { notify: true });
    return;
  }
  decide(ctx, draft, { user: r.sender, agency: r.agency.id, kind, reason: null, via: "reaction", reactionEventId: r.eventId });
  if (kind === "reject") ctx.post(draft.roomId, m.askReason(mention(r.sender), id, draft.currentVersion), { notify: true });
}

/** Removing a ✅ or ❌ withdraws exactly the decision that reaction made, whoever redacted it. */
export function onRedaction(ctx: BaseContext, r: RedactionInput): void {
  const s = pressStore(ctx);
  const d = s.standingByReaction(r.redacted.eventId);
  if (!d) return;
  const draft = s.get(d.draftId);
  if (!draft) return;
  s.revoke(d.id, ctx.now());
  ctx.audit("press.revoke", prId(draft.id), {
    version: d.version, sha256: s.version(draft.id, d.version)?.sha256 ?? null, kind: d.kind, agency: d.agency, user: d.user, via: "redaction", redactedBy: r.sender,
  });
  // A released or withdrawn draft keeps its card as it was at that moment; the history has the rest.
  if (d.version === draft.currentVersion && isLive(draft)) settle(ctx, draft.id, draft.state === "approved");
}

/** "ok", "passt", "👍" as a reply to a card is not an approval; tell an approver how to give one. */
export function onReply(ctx: CommandContext, r: { targetRef: string; body: string }): void {
  const card = parseCardRef(r.targetRef);
  if (!card || !ctx.sender.roles.has("press")) return;
  const draft = pressStore(ctx).get(card.id);
  if (!draft || !isLive(draft)) return;
  const m = pressMessages[ctx.lang];
  const id = prId(draft.id);
  ctx.reply(card.version === draft.currentVersion ? m.replyHowTo(id) : m.oldCard(id, card.version, draft.currentVersion));
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** "4 Std.", "2 Tagen": whole hours up to two days, whole days beyond. */
function since(ctx: BaseContext, from: Date): string {
  const hours = Math.max(1, Math.round((ctx.now().getTime() - from.getTime()) / 3_600_000));
  return formatDuration(hours < 48 ? hours * 3_600_000 : Math.round(hours / 24) * 86_400_000, ctx.lang);
}

/** Reminds the press approvers of the agencies still missing, while nothing else blocks the draft. */
function nudgeJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const id = num(payload["id"]);
  const version = num(payload["version"]);
  const repeat = num(payload["repeat"]) ?? 0;
  const s = pressStore(ctx);
  const draft = id === null ? null : s.get(id);
  if (!draft || draft.state !== "open" || draft.currentVersion !== version) return;
  const verdict = verdictOf(ctx, draft);
  // A standing rejection waits for the author's revision, not for more approvals.
  if (verdict.approved || verdict.rejections.length > 0) return;
  const m = pressMessages[ctx.lang];
  const people = verdict.missing.flatMap((a) => approversOf(ctx, a)).filter((u) => u !== draft.author || ctx.config.press.selfApproval);
  const created = s.version(draft.id, draft.currentVersion)?.createdAt ?? draft.createdAt;
  ctx.post(
    draft.roomId,
    lines(
      m.nudge(prId(draft.id), draft.currentVersion, draft.title, since(ctx, created), agencyNames(ctx, verdict.missing), people.length ? join(people.map((u) => mention(u)), ", ") : null),
      ctx.lateSince ? schedulerMessages[ctx.lang].late(ctx.lateSince, ctx.zone) : null,
    ),
    { notify: true, bundle: true },
  );
  // After the last configured offset the reminder repeats daily, a limited number of times.
  if (repeat > 0) {
    ctx.schedule("press.nudge", new Date(ctx.now().getTime() + 86_400_000), {
      roomId: draft.roomId,
      ref: `press:${draft.id}:nudge:${draft.currentVersion}:daily`,
      payload: { ...payload, repeat: repeat - 1 },
    });
  }
}

/** The embargo time has come: release only if the version is still approved by every agency. */
function releaseJob(ctx: JobContext, payload: Record<string, unknown>): void {
  const id = num(payload["id"]);
  const s = pressStore(ctx);
  const draft = id === null ? null : s.get(id);
  if (!draft || !isLive(draft) || draft.currentVersion !== num(payload["version"])) return;
  const verdict = verdictOf(ctx, draft);
  if (verdict.approved) {
    release(ctx, (message, opts) => ctx.post(draft.roomId, message, opts), draft, verdict, null);
    if (ctx.lateSince) ctx.post(draft.roomId, schedulerMessages[ctx.lang].late(ctx.lateSince, ctx.zone));
    return;
  }
  const m = pressMessages[ctx.lang];
  const due = draft.releaseAt ?? ctx.now();
  const by = typeof payload["by"] === "string" ? asUserId(payload["by"]) : null;
  const people = [draft.author, ...(by && by !== draft.author ? [by] : [])].map((u) => mention(u));
  ctx.post(draft.roomId, m.releaseStopped(prId(draft.id), when(ctx, due), whyNotApproved(ctx, verdict), join(people, ", ")), { notify: true });
  s.setReleaseAt(draft.id, null, ctx.now());
  appendAudit(ctx.db, {
    at: ctx.now().getTime(), actor: "bot", agency: null, action: "press.release", target: prId(draft.id), roomId: draft.roomId, eventId: null,
    outcome: "refused", details: { reason: "not approved", version: draft.currentVersion, missing: verdict.missing, rejections: verdict.rejections.length },
  });
  refreshCard(ctx, { ...draft, releaseAt: null });
}

export const pressJobs = { nudge: nudgeJob, release: releaseJob };
