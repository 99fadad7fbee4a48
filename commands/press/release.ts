// The release: the approved text posted as the statement, by command now or by the embargo job at its
// time, which checks the approval once more and stops the release when it no longer holds.
import { z } from "zod";
import { asUserId } from "../../src/ids.ts";
import type { UserId } from "../../src/ids.ts";
import type { BaseContext, JobContext } from "../../src/pipeline/family.ts";
import { b, join, lines, mention, person, r, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { schedulerMessages } from "../../src/schedule/messages.ts";
import type { OutboxId } from "../../src/store/outbox.ts";
import type { PressDecision, PressDraft } from "../../src/store/press.ts";
import { bytes, cardText, refreshCard, uploadText } from "./card.ts";
import type { Send } from "./card.ts";
import { prId, pressStore, releaseRef } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { closeQuestions } from "./questions.ts";
import { cancelNudges } from "./reminders.ts";
import { isLive } from "./rules.ts";
import type { Verdict } from "./rules.ts";
import { shortHash, when } from "./text.ts";
import { verdictOf, whyNotApproved } from "./verdict.ts";

// Below the 64 KiB of a Matrix event; a longer statement goes out as its beginning and a file.
const RELEASE_BYTES = 56_000;

/**
 * Posts the approved text as the release and closes the draft. The caller has checked approval.
 * `by` is null when the embargo job releases: its own schedule row is the one running, so only the
 * nudges are dropped; a release by command also drops a pending embargoed release.
 */
export function release(ctx: BaseContext, send: Send, draft: PressDraft, verdict: Verdict<PressDecision>, by: UserId | null): OutboxId {
  const m = ctx.t(pressMessages).release;
  const s = pressStore(ctx);
  const version = s.version(draft.id, draft.currentVersion);
  if (!version) throw new Error(`${prId(draft.id)} has no version ${draft.currentVersion}`);
  const approvers = verdict.perAgency.map((a) => r`${ctx.agencyName(a.agency)} (${join(a.approvals.map((d) => r`${person(d.user)}, ${when(ctx, d.createdAt)}`), "; ")})`);
  const whole = (body: Rich): Rich =>
    lines(m.head(prId(draft.id), version.version), b(draft.title), body, m.end, m.approvedBy(join(approvers, " · ")), m.footer(shortHash(version.sha256), mention(draft.author)));
  const full = whole(text(version.text));
  const fits = bytes(full) <= RELEASE_BYTES;
  const posted = send(fits ? full : whole(cardText(ctx, version)), { notify: true, ref: `press:release:${draft.id}` });
  if (!fits) uploadText(ctx, draft, version);
  const scheduled = draft.releaseAt;
  s.markReleased(draft.id, by, ctx.now());
  closeQuestions(ctx, draft.id);
  cancelNudges(ctx, draft.id);
  if (by !== null) ctx.cancelScheduled(releaseRef(draft.id));
  ctx.audit("press.release", prId(draft.id), { version: version.version, sha256: version.sha256, scheduledFor: scheduled?.toISOString() ?? null });
  const after = s.get(draft.id);
  if (after) refreshCard(ctx, after);
  return posted;
}

/** The embargo time has come: release only if the version is still approved by every agency. */
/** What an embargoed release stores: the draft, the approved version, who scheduled it. */
export const releasePayload = z.looseObject({ id: z.number().int(), version: z.number().int(), by: z.string().optional() });

export function releaseJob(ctx: JobContext, payload: z.infer<typeof releasePayload>): void {
  const s = pressStore(ctx);
  const draft = s.get(payload.id);
  if (!draft || !isLive(draft.state) || draft.currentVersion !== payload.version) return;
  const verdict = verdictOf(ctx, draft);
  if (verdict.approved) {
    release(ctx, (message, opts) => ctx.post(draft.roomId, message, opts), draft, verdict, null);
    if (ctx.lateSince) ctx.post(draft.roomId, ctx.t(schedulerMessages).late(ctx.lateSince, ctx.zone));
    return;
  }
  const m = ctx.t(pressMessages);
  const due = draft.releaseAt ?? ctx.now();
  const by = payload.by === undefined ? null : asUserId(payload.by);
  const people = [draft.author, ...(by && by !== draft.author ? [by] : [])].map((u) => mention(u));
  ctx.post(draft.roomId, m.releaseStopped(prId(draft.id), when(ctx, due), whyNotApproved(ctx, verdict), join(people, ", ")), { notify: true });
  s.setReleaseAt(draft.id, null, ctx.now());
  ctx.store.auditLog.append({
    at: ctx.now().getTime(), actor: "bot", agency: null, action: "press.release", target: prId(draft.id), roomId: draft.roomId, eventId: null,
    outcome: "refused", details: { reason: "not approved", version: draft.currentVersion, missing: verdict.missing, rejections: verdict.rejections.length },
  });
  refreshCard(ctx, { ...draft, releaseAt: null });
}
