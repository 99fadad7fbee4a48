// The bot's questions back ("Bitte nennen Sie den Grund"): a reply to one, by the person asked, in
// the same room, within QUESTION_MINUTES and only once, is the missing text: the command the question
// stands for runs again with the reply as its following lines (its body: a reason may hold anything).
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { answeredMessages } from "../i18n/answered.ts";
import type { Lang } from "../i18n/lang.ts";
import { lines } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import { findByEventId } from "../store/outbox.ts";
import type { OutboxId } from "../store/outbox.ts";
import { insertQuestion, markAnswered, questionAsked } from "../store/questions.ts";
import { stripReplyFallback } from "./address.ts";
import { errorReply, next } from "./step.ts";
import type { Message, Step } from "./step.ts";

export const QUESTION_MINUTES = 10;
const MAX_COMMAND = 4000;

/** The question as sent: the family's words, then how to answer it. */
export function asQuestion(message: Rich, lang: Lang): Rich {
  return lines(message, answeredMessages[lang].replyHint(QUESTION_MINUTES));
}

/**
 * Puts the question (the outbox row that asks it) on record; a command too long to keep is not asked
 * for. `about` names the record it concerns ("press:PR-1:2"): a change to it closes the question.
 */
export function recordQuestion(
  db: Database,
  q: { outboxId: OutboxId; roomId: RoomId; person: UserId; command: string; about?: string | null },
  now: number,
): void {
  if (q.command.length > MAX_COMMAND) return;
  insertQuestion(db, { ...q, about: q.about ?? null, expiresAt: now + QUESTION_MINUTES * 60_000 }, now);
}

/**
 * A reply to one of our messages: if it answers the sender's open question, the completed command
 * text; an answer too late, or to a question closed since (the draft was revised), is told so (once);
 * null when it answers no question of theirs.
 */
export function answerStep(db: Database, ev: Message, replyTo: EventId, now: number, lang: Lang): Step<string> | null {
  const asked = findByEventId(db, replyTo);
  const q = asked ? questionAsked(db, asked.id) : null;
  // Only text answers: an image's file name is no reason.
  if (!q || q.person !== ev.sender || q.roomId !== ev.roomId || q.answeredAt !== null || ev.msgtype !== "m.text") return null;
  const reply = stripReplyFallback(ev.body).trim();
  if (reply === "" || !markAnswered(db, q.outboxId, now)) return null;
  // In time is when it was sent, not when we got to it (after an outage); never later than now.
  const sentAt = Math.min(ev.ts, now);
  if (sentAt > q.expiresAt || q.closedAt !== null) return errorReply(answeredMessages[lang].questionExpired());
  return next(`${q.command}\n${reply}`);
}
