// The card of a draft: its state, the text (or an excerpt with the full text as a file), what changed
// since the last version, and per agency who approved or rejected. Posted with ✅ and ❌ seeded, edited
// whenever a decision changes it, and marked superseded when a new version gets its own card.
import type { BaseContext, CommandContext, PostOptions } from "../../src/pipeline/family.ts";
import { block, diffLine, join, lines, list, mention, person, quote, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { OutboxId } from "../../src/store/outbox.ts";
import type { PressDraft, PressVersion } from "../../src/store/press.ts";
import { lineDiff } from "./diff.ts";
import { cardRef, prId, pressStore } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { isLive } from "./rules.ts";
import { shortHash, when } from "./text.ts";
import { agencyNames, askFor, verdictOf } from "./verdict.ts";

const MAX_DIFF_LINES = 20;
const MAX_DIFF_LINE_CHARS = 160;
// A Matrix event may be at most 64 KiB, and an edit carries the card twice (m.new_content), so a
// text larger than this goes on the card as an excerpt, with the full text as a file beneath it.
const CARD_TEXT_BYTES = 16_000;
const EXCERPT_CHARS = 2_000;

export const bytes = (x: Rich): number => Buffer.byteLength(x.plain) + Buffer.byteLength(x.html);
const fitsOnCard = (s: string): boolean => bytes(quote(s)) <= CARD_TEXT_BYTES;
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max).replace(/\s+\S*$/, "")} …`);

/** The full text of a version as a file, for texts too long for one message. */
const textFile = (v: PressVersion) => ({ name: `${prId(v.draftId)}-v${v.version}.txt`, mime: "text/plain", data: Buffer.from(v.text, "utf8") });

/** Uploads the full text of a version beneath a message that holds only its beginning. */
export function uploadText(ctx: BaseContext, draft: PressDraft, v: PressVersion): void {
  ctx.upload(draft.roomId, textFile(v), ctx.t(pressMessages).card.fileCaption(prId(draft.id), v.version, shortHash(v.sha256)));
}

/** The text as shown on a card: whole, or the beginning and where the rest is. */
export function cardText(ctx: BaseContext, v: PressVersion): Rich {
  if (fitsOnCard(v.text)) return quote(v.text);
  return lines(quote(clip(v.text, EXCERPT_CHARS)), ctx.t(pressMessages).card.shortened(v.text.length, textFile(v).name));
}

function diffLines(ctx: BaseContext, before: PressVersion | null, after: PressVersion): Rich | null {
  if (!before) return null;
  const m = ctx.t(pressMessages);
  const diff = lineDiff(before.text, after.text).filter((d) => d.line.trim() !== "");
  if (diff.length === 0) return null;
  const shown = diff.slice(0, MAX_DIFF_LINES).map((d) => diffLine(d.op === "removed" ? "removed" : "added", clip(d.line, MAX_DIFF_LINE_CHARS)));
  return section(m.card.changes(before.version), block(...shown, diff.length > MAX_DIFF_LINES ? m.card.moreChanges(diff.length - MAX_DIFF_LINES) : null));
}

/** The card of the current version: state, text, changes, and per agency who approved or rejected. */
function renderCard(ctx: BaseContext, draft: PressDraft, opts: { request?: boolean } = {}): Rich {
  const m = ctx.t(pressMessages).card;
  const s = pressStore(ctx);
  const id = prId(draft.id);
  const v = draft.currentVersion;
  const version = s.version(draft.id, v);
  if (!version) throw new Error(`${id} has no version ${v}`);
  const verdict = verdictOf(ctx, draft);
  const live = isLive(draft.state);
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
      ...a.rejections.map((d) => m.rejectedBy(person(d.user), when(ctx, d.createdAt), d.reason)),
      ...a.approvals.map((d) => m.approvedBy(person(d.user), when(ctx, d.createdAt))),
    ];
    return m.agency(ctx.agencyName(a.agency), parts.length ? join(parts, "; ") : m.waitingFor);
  });
  // Only the first post mentions the approvers: an edit must not ping them again.
  const asked = opts.request ? askFor(ctx, draft, verdict.missing) : [];
  return lines(
    head,
    m.title(draft.title),
    m.meta(person(version.author), ctx.agencyName(draft.authorAgency), v, when(ctx, version.createdAt), shortHash(version.sha256)),
    cardText(ctx, version),
    diffLines(ctx, v > 1 ? s.version(draft.id, v - 1) : null, version),
    section(m.approvals, list(agencies)),
    draft.state === "withdrawn" && draft.closedReason ? m.withdrawnReason(draft.closedReason) : null,
    live && draft.releaseAt ? m.scheduled(when(ctx, draft.releaseAt)) : null,
    asked.length ? m.requested(join(asked.map((u) => mention(u)), ", ")) : null,
    // A complete approval needs no more asking; the next step is the release.
    live ? (verdict.approved ? m.howToRelease(id) : m.howTo(id)) : null,
  );
}

/** The old card, once a newer version exists: the text stays for the record, reactions stop counting. */
export function renderSuperseded(ctx: BaseContext, draft: PressDraft, old: PressVersion, next: number): Rich {
  const m = ctx.t(pressMessages).card;
  return lines(m.superseded(prId(draft.id), old.version, next), m.title(draft.title), cardText(ctx, old), m.supersededNote(next));
}

export function cardOf(ctx: BaseContext, id: number, version: number): OutboxId | null {
  return ctx.store.outbox.idByRef(cardRef(id, version));
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

/**
 * Posts the card of the current version with ✅ and ❌ seeded; a long text also goes out as a file, so
 * nobody approves what they could not read. `again`: the card re-posted on demand (repost.ts), which
 * asks nobody again and, for a closed draft, seeds nothing.
 */
export function postCard(ctx: CommandContext, draft: PressDraft, opts: { again?: boolean } = {}): OutboxId {
  const again = opts.again === true;
  const id = inDraftRoom(ctx, draft)(renderCard(ctx, draft, { request: !again }), { notify: !again, ref: cardRef(draft.id, draft.currentVersion) });
  if (!again || isLive(draft.state)) {
    ctx.react(draft.roomId, id, "✅");
    ctx.react(draft.roomId, id, "❌");
  }
  const version = pressStore(ctx).version(draft.id, draft.currentVersion);
  if (version && !fitsOnCard(version.text)) uploadText(ctx, draft, version);
  return id;
}
