// What the verbs, reactions and jobs of the press family share: the card, the approval rule applied
// to a draft, recording a decision, nudges and the release itself.
import { createHash } from "node:crypto";
import { durationMs } from "../src/config.ts";
import { asUserId, formatRecordId } from "../src/ids.ts";
import type { EventId, UserId } from "../src/ids.ts";
import { isApprover } from "../src/pipeline/authorize.ts";
import type { BaseContext, CommandContext, PostOptions } from "../src/pipeline/family.ts";
import { mayChange, ownershipOf } from "../src/pipeline/ownership.ts";
import { b, join, lines, list, mention, quote, section, text } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { findByRef } from "../src/store/outbox.ts";
import type { OutboxId } from "../src/store/outbox.ts";
import { PressStore } from "../src/store/press.ts";
import type { DecisionKind, DecisionVia, PressDecision, PressDraft, PressVersion } from "../src/store/press.ts";
import { formatDateTime } from "../src/time/format.ts";
import { lineDiff } from "./press.diff.ts";
import { pressMessages } from "./press.messages.ts";
import { judge } from "./press.rules.ts";
import type { Verdict } from "./press.rules.ts";

export const MAX_TITLE = 200;
export const MAX_TEXT = 20_000;
const MAX_DIFF_LINES = 20;
const MAX_DIFF_LINE_CHARS = 160;
// A Matrix event may be at most 64 KiB, and an edit carries the card twice (m.new_content), so a
// text larger than this goes on the card as an excerpt, with the full text as a file beneath it.
const CARD_TEXT_BYTES = 16_000;
const RELEASE_BYTES = 56_000;
const EXCERPT_CHARS = 2_000;
/** After the last configured offset, open drafts are nudged daily, for at most this many days. */
const DAILY_NUDGES = 7;

export const prId = (n: number): string => formatRecordId("PR", n);
export const pressStore = (ctx: BaseContext): PressStore => new PressStore(ctx.db);
export const cardRef = (id: number, version: number): string => `press:card:${id}:${version}`;
export const releaseRef = (id: number): string => `press:${id}:release`;
const nudgeRef = (id: number): string => `press:${id}:nudge`;

export const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
export const shortHash = (h: string): string => h.slice(0, 12);
/** The text as stored and hashed: Unix line ends, no surrounding blank space. */
export const normaliseText = (s: string): string => s.replace(/\r\n?/g, "\n").trim();

export const when = (ctx: BaseContext, d: Date): string => formatDateTime(d, ctx.zone, ctx.lang);

const bytes = (x: Rich): number => Buffer.byteLength(x.plain) + Buffer.byteLength(x.html);
const fitsOnCard = (s: string): boolean => bytes(quote(s)) <= CARD_TEXT_BYTES;
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max).replace(/\s+\S*$/, "")} …`);
const textFile = (v: PressVersion) => ({ name: `${prId(v.draftId)}-v${v.version}.txt`, mime: "text/plain", data: Buffer.from(v.text, "utf8") });

/** The text as shown on a card: whole, or the beginning and where the rest is. */
function cardText(ctx: BaseContext, v: PressVersion): Rich {
  if (fitsOnCard(v.text)) return quote(v.text);
  return lines(quote(clip(v.text, EXCERPT_CHARS)), pressMessages[ctx.lang].card.shortened(v.text.length, textFile(v).name));
}

/** Long texts also go out as a file, so nobody approves what they could not read. */
function uploadLongText(ctx: BaseContext, draft: PressDraft, v: PressVersion): void {
  if (fitsOnCard(v.text)) return;
  ctx.upload(draft.roomId, textFile(v), pressMessages[ctx.lang].card.fileCaption(prId(draft.id), v.version, v.sha256));
}

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

export const agencyNames = (ctx: BaseContext, ids: readonly string[]): string => ids.map((a) => ctx.agencyName(a)).join(", ");

/** Why a version is not approved: the standing rejections, else the agencies still missing. */
export function whyNotApproved(ctx: BaseContext, v: Verdict<PressDecision>): Rich {
  const m = pressMessages[ctx.lang];
  if (v.rejections.length > 0) return m.rejectedBy(v.rejections.map((d) => `${d.user} (${ctx.agencyName(d.agency)})`).join(", "));
  return m.missingAgencies(agencyNames(ctx, v.missing));
}

function diffLines(ctx: BaseContext, before: PressVersion | null, after: PressVersion): Rich | null {
  if (!before) return null;
  const m = pressMessages[ctx.lang];
  const diff = lineDiff(before.text, after.text).filter((d) => d.line.trim() !== "");
  if (diff.length === 0) return null;
  const shown = diff.slice(0, MAX_DIFF_LINES).map((d) => text(`${d.op === "removed" ? "−" : "+"} ${clip(d.line, MAX_DIFF_LINE_CHARS)}`));
  return section(m.card.changes(before.version), lines(...shown, diff.length > MAX_DIFF_LINES ? m.card.moreChanges(diff.length - MAX_DIFF_LINES) : null));
}

/** The card of the current version: state, text, changes, and per agency who approved or rejected. */
export function renderCard(ctx: BaseContext, draft: PressDraft, opts: { request?: boolean } = {}): Rich {
  const m = pressMessages[ctx.lang].card;
  const s = pressStore(ctx);
  const id = prId(draft.id);
  const v = draft.currentVersion;
  const version = s.version(draft.id, v);
  if (!version) throw new Error(`${id} has no version ${v}`);
  const verdict = verdictOf(ctx, draft);
  const live = draft.state === "open" || draft.state === "approved";
  let head: Rich;
  switch (draft.state) {
    case "released":
      head = m.released(id, v, when(ctx, draft.releasedAt ?? draft.updatedAt));
      break;
    case "withdrawn":
      head = m.withdrawn(id, v);
      break;
    case "open":
    case "approved":
      head = verdict.approved ? m.approved(id, v) : verdict.rejections.length > 0 ? m.rejected(id, v) : m.waiting(id, v, agencyNames(ctx, verdict.missing));
      break;
    default: {
      const never: never = draft.state;
      throw new Error(`unknown state ${String(never)}`);
    }
  }
  const agencies = verdict.perAgency.map((a) => {
    const parts = [
      ...a.rejections.map((d) => m.rejectedBy(d.user, when(ctx, d.createdAt), d.reason)),
      ...a.approvals.map((d) => m.approvedBy(d.user, when(ctx, d.createdAt))),
    ];
    return m.agency(ctx.agencyName(a.agency), parts.length ? join(parts, "; ") : m.waitingFor);
  });
  // Only the first post mentions the approvers: an edit must not ping them again.
  const asked = opts.request ? verdict.missing.flatMap((a) => approversOf(ctx, a)).filter((u) => u !== draft.author) : [];
  return lines(
    head,
    m.title(draft.title),
    m.meta(version.author, ctx.agencyName(draft.authorAgency), v, when(ctx, version.createdAt), shortHash(version.sha256)),
    cardText(ctx, version),
    diffLines(ctx, v > 1 ? s.version(draft.id, v - 1) : null, version),
    section(m.approvals, list(agencies)),
    draft.state === "withdrawn" && draft.closedReason ? m.withdrawnReason(draft.closedReason) : null,
    live && draft.releaseAt ? m.scheduled(when(ctx, draft.releaseAt)) : null,
    asked.length ? m.requested(join(asked.map((u) => mention(u)), ", ")) : null,
    live ? m.howTo(id) : null,
  );
}

/** The old card, once a newer version exists: the text stays for the record, reactions stop counting. */
export function renderSuperseded(ctx: BaseContext, draft: PressDraft, old: PressVersion, next: number): Rich {
  const m = pressMessages[ctx.lang].card;
  return lines(m.superseded(prId(draft.id), old.version, next), m.title(draft.title), cardText(ctx, old), m.supersededNote(next));
}

export function cardOf(ctx: BaseContext, id: number, version: number): OutboxId | null {
  return findByRef(ctx.db, cardRef(id, version))?.id ?? null;
}

export function refreshCard(ctx: BaseContext, draft: PressDraft): void {
  const card = cardOf(ctx, draft.id, draft.currentVersion);
  if (card !== null) ctx.edit(card, renderCard(ctx, draft));
}

export type Send = (message: Rich, opts: PostOptions) => OutboxId;

/** Cards and releases live in the draft's room: a reply to the command there, else a new post. */
export function inDraftRoom(ctx: CommandContext, draft: PressDraft): Send {
  return (message, opts) => (ctx.roomId === draft.roomId ? ctx.reply(message, opts) : ctx.post(draft.roomId, message, opts));
}

/** Posts the card of the current version with ✅ and ❌ seeded. */
export function postCard(ctx: CommandContext, draft: PressDraft): OutboxId {
  const id = inDraftRoom(ctx, draft)(renderCard(ctx, draft, { request: true }), { notify: true, ref: cardRef(draft.id, draft.currentVersion) });
  ctx.react(draft.roomId, id, "✅");
  ctx.react(draft.roomId, id, "❌");
  const version = pressStore(ctx).version(draft.id, draft.currentVersion);
  if (version) uploadLongText(ctx, draft, version);
  return id;
}

export function scheduleNudges(ctx: BaseContext, draft: PressDraft, from: Date): void {
  const offsets = ctx.config.reminders.pressPending;
  offsets.forEach((offset, i) => {
    const ms = durationMs(offset);
    if (ms === null) return;
    ctx.schedule("press.nudge", new Date(from.getTime() + ms), {
      roomId: draft.roomId,
      ref: `${nudgeRef(draft.id)}:${draft.currentVersion}:${offset}`,
      payload: { id: draft.id, version: draft.currentVersion, offset, repeat: i === offsets.length - 1 ? DAILY_NUDGES : 0, label: pressMessages[ctx.lang].label(prId(draft.id)) },
    });
  });
}

export const cancelNudges = (ctx: BaseContext, id: number): number => ctx.cancelScheduled(nudgeRef(id));

/**
 * After any change of the decisions on a draft: applies the approval rule, keeps the stored state
 * and the card current, and says so in the room when the draft became (or stopped being) approved.
 */
export function settle(ctx: BaseContext, id: number, wasApproved: boolean): void {
  const s = pressStore(ctx);
  const stored = s.get(id);
  if (!stored) return;
  let draft = stored;
  const live = draft.state === "open" || draft.state === "approved";
  if (live) {
    const m = pressMessages[ctx.lang];
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

export interface DecisionInput {
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

/** May change the draft's course (revise, release, withdraw): its author or any press approver. */
export function mayManage(ctx: CommandContext, draft: PressDraft): boolean {
  return mayChange(ctx.sender, ownershipOf.pressDraft(draft));
}

/**
 * Posts the approved text as the release and closes the draft. The caller has checked approval.
 * `by` is null when the embargo job releases: its own schedule row is the one running, so only the
 * nudges are dropped; a release by command also drops a pending embargoed release.
 */
export function release(ctx: BaseContext, send: Send, draft: PressDraft, verdict: Verdict<PressDecision>, by: UserId | null): OutboxId {
  const m = pressMessages[ctx.lang].release;
  const s = pressStore(ctx);
  const version = s.version(draft.id, draft.currentVersion);
  if (!version) throw new Error(`${prId(draft.id)} has no version ${draft.currentVersion}`);
  const approvers = verdict.perAgency.map((a) => `${ctx.agencyName(a.agency)} (${a.approvals.map((d) => `${d.user}, ${when(ctx, d.createdAt)}`).join("; ")})`);
  const whole = (body: Rich): Rich =>
    lines(m.head(prId(draft.id), version.version), b(draft.title), body, m.end, m.approvedBy(approvers.join(" · ")), m.footer(version.sha256, mention(draft.author)));
  const full = whole(text(version.text));
  const fits = bytes(full) <= RELEASE_BYTES;
  const posted = send(fits ? full : whole(cardText(ctx, version)), { notify: true, ref: `press:release:${draft.id}` });
  if (!fits) ctx.upload(draft.roomId, textFile(version), pressMessages[ctx.lang].card.fileCaption(prId(draft.id), version.version, version.sha256));
  const scheduled = draft.releaseAt;
  s.markReleased(draft.id, by, ctx.now());
  cancelNudges(ctx, draft.id);
  if (by !== null) ctx.cancelScheduled(releaseRef(draft.id));
  ctx.audit("press.release", prId(draft.id), { version: version.version, sha256: version.sha256, scheduledFor: scheduled?.toISOString() ?? null });
  const after = s.get(draft.id);
  if (after) refreshCard(ctx, after);
  return posted;
}
