// The road of an event about one of our messages — a reaction on it, the redaction of such a
// reaction, a plain reply to it — to the family that owns the message, found by the ref of its
// outbox row ("press:card:3:1" → press). Like a command, it runs in the inbox row's transaction.
import type { EventId } from "../ids.ts";
import { findByEventId } from "../store/outbox.ts";
import { earlierKeys, liveReaction, markReactionRedacted, recordReaction } from "../store/reactions.ts";
import { withdrawWaiting } from "../store/inbox.ts";
import { senderOf } from "./authorize.ts";
import { baseContext, commandContext } from "./context.ts";
import type { BaseContext, FamilySpec } from "./family.ts";
import type { Pipeline } from "./dispatch.ts";
import type { Message } from "./step.ts";
import type { Incoming } from "../matrix/events.ts";

type Reaction = Extract<Incoming, { kind: "reaction" }>;
type Redaction = Extract<Incoming, { kind: "redaction" }>;

/** The family that owns our message with this ref, if any. */
function ownerOf(p: Pipeline, ref: string | null): FamilySpec | null {
  return ref ? p.registry.familyForRef(ref) : null;
}

/** The context of a family's event hook: the one who acted, with their agency (null for a stranger). */
function hookContext(p: Pipeline, family: FamilySpec, ev: Reaction | Redaction): BaseContext {
  const agency = senderOf(p.config, ev.sender)?.agency ?? null;
  return baseContext(p, {
    userId: ev.sender, agency: agency?.id ?? null, roomId: ev.roomId, eventId: ev.eventId, sensitive: p.registry.sensitivity(family, null, p.config.language),
  });
}

/** A reaction on one of our messages, in the same room, is recorded and goes to the owner; any other is ignored. */
export function onReaction(p: Pipeline, ev: Reaction): string {
  if (ev.sender === p.bot.userId) return "own";
  const target = findByEventId(p.db, ev.target);
  if (!target || target.roomId !== ev.roomId) return "reaction-ignored";
  recordReaction(p.db, { eventId: ev.eventId, roomId: ev.roomId, sender: ev.sender, target: ev.target, key: ev.key, ref: target.ref });
  const family = ownerOf(p, target.ref);
  if (!family?.onReaction) return "reaction-ignored";
  const agency = senderOf(p.config, ev.sender)?.agency ?? null;
  const earlier = earlierKeys(p.db, ev.target, ev.sender, ev.eventId);
  family.onReaction(hookContext(p, family, ev), { sender: ev.sender, agency, roomId: ev.roomId, eventId: ev.eventId, target: ev.target, targetRef: target.ref, key: ev.key, earlier });
  return "reaction";
}

/** The redaction of a recorded reaction goes to the owner of the message it was on. */
export function onRedaction(p: Pipeline, ev: Redaction): string {
  // A message redacted while it waited for its key is not run when the key comes.
  if (withdrawWaiting(p.db, ev.redacts, ev.roomId, p.clock.now().getTime())) return "redaction-of-waiting";
  const r = liveReaction(p.db, ev.redacts, ev.roomId);
  if (!r) return "redaction-ignored";
  markReactionRedacted(p.db, ev.redacts);
  const family = ownerOf(p, r.ref);
  if (!family?.onRedaction) return "redaction-ignored";
  // The one who redacted acts here (a moderator may remove someone else's reaction): their agency, not the reactor's.
  family.onRedaction(hookContext(p, family, ev), { sender: ev.sender, roomId: ev.roomId, redacted: { eventId: ev.redacts, key: r.key, target: r.target, targetRef: r.ref } });
  return "redaction";
}

/** A member's plain reply to one of our messages goes to the owner (e.g. "ok" on a draft card); else it is chat. */
export function onReply(p: Pipeline, ev: Message, replyTo: EventId): string {
  const target = findByEventId(p.db, replyTo);
  const family = ownerOf(p, target?.ref ?? null);
  const sender = senderOf(p.config, ev.sender);
  if (!target?.ref || !family?.onReply || !sender || target.roomId !== ev.roomId) return "chat";
  const ctx = commandContext(p, sender, ev.roomId, ev.eventId, p.registry.sensitivity(family, null, p.config.language));
  family.onReply(ctx, { targetRef: target.ref, body: ev.body });
  return "reply";
}
