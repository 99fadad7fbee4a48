// Where the path of a message ends early (pipeline/step.ts): the error reply, the audit row of a
// refused attempt, the once-a-day notice to a stranger, the notice that withholds a sensitive answer.
// All of it outbox and audit rows in the row's transaction, like a handler's.
import { DateTime } from "luxon";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { answeredMessages } from "../i18n/answered.ts";
import { coreMessages } from "../i18n/core.ts";
import type { Rich } from "../render/rich.ts";
import { roomSafetyMessages } from "../rooms/messages.ts";
import { appendAudit } from "../store/audit.ts";
import { insertOutbox } from "../store/outbox.ts";
import type { OutboxId } from "../store/outbox.ts";
import { firstRefusalOfDay } from "../store/refusals.ts";
import { messageContent, namesOf } from "./context.ts";
import type { Clock } from "./context.ts";
import { asQuestion, recordQuestion } from "./questions.ts";
import type { Refusal, Stop } from "./step.ts";

const ERROR_REPLIES_PER_MINUTE = 5;

/**
 * At most a few error replies per user and minute, so a flood of bad input cannot flood the room. The
 * first error over the limit is told so, once; the rest of the window stays silent.
 */
export class ErrorBudget {
  private readonly recent = new Map<string, { times: number[]; warned: boolean }>();
  take(user: string, now: number): "reply" | "warn" | "mute" {
    const seen = this.recent.get(user);
    const times = (seen?.times ?? []).filter((t) => now - t < 60_000);
    if (times.length >= ERROR_REPLIES_PER_MINUTE) {
      const warned = seen?.warned ?? false;
      this.recent.set(user, { times, warned: true });
      return warned ? "mute" : "warn";
    }
    times.push(now);
    // A reply fits again: the window the warning was about has ended.
    this.recent.set(user, { times, warned: false });
    if (this.recent.size > 10_000) this.recent.clear();
    return "reply";
  }
}

/** The event an answer replies to. */
export interface Asked {
  roomId: RoomId;
  eventId: EventId;
  sender: UserId;
}

export class Answers {
  private readonly budget = new ErrorBudget();
  private readonly env: { db: Database; config: Config; clock: Clock };

  constructor(env: { db: Database; config: Config; clock: Clock }) {
    this.env = env;
  }

  /** Carries out where the path ended; returns the inbox row's outcome. */
  stop(ev: Asked, stop: Stop): string {
    switch (stop.kind) {
      case "ignore":
        return stop.outcome;
      case "error":
        if (stop.refusal) this.audit(ev, stop.refusal);
        return this.reply(ev, stop.message);
      case "ask":
        if (stop.refusal) this.audit(ev, stop.refusal);
        return this.ask(ev, stop.message, stop.command, stop.about);
      case "stranger":
        return this.refuseStranger(ev, stop.family);
      case "withhold":
        return this.withhold(ev, stop);
      default: {
        const never: never = stop;
        return String(never);
      }
    }
  }

  /** One error reply to the event, unless the sender used up their budget. */
  reply(ev: Asked, message: Rich): string {
    return this.send(ev, message).outcome;
  }

  /** An error reply that asks for what is missing; a reply to it completes the command (pipeline/questions.ts). */
  private ask(ev: Asked, message: Rich, command: string, about: string | null): string {
    const { db, config, clock } = this.env;
    const sent = this.send(ev, asQuestion(message, config.language));
    // Over the error limit the question was not put, so there is nothing to answer.
    if (sent.outcome === "error-replied" && sent.id !== null) recordQuestion(db, { outboxId: sent.id, roomId: ev.roomId, person: ev.sender, command, about }, clock.now().getTime());
    return sent.outcome;
  }

  private send(ev: Asked, message: Rich): { outcome: string; id: OutboxId | null } {
    const now = this.env.clock.now().getTime();
    const budget = this.budget.take(ev.sender, now);
    if (budget === "mute") return { outcome: "error-muted", id: null };
    const said = budget === "warn" ? answeredMessages[this.env.config.language].tooManyErrors() : message;
    const id = insertOutbox(this.env.db, { roomId: ev.roomId, kind: "message", eventType: "m.room.message", content: messageContent(said, { replyTo: ev.eventId }, namesOf(this.env.db, ev.roomId)) }, now);
    return { outcome: budget === "warn" ? "error-limit" : "error-replied", id };
  }

  /** A refused attempt on record (also for each ID of a command that named several). */
  audit(ev: Asked, r: Refusal): void {
    appendAudit(this.env.db, {
      at: this.env.clock.now().getTime(), actor: r.sender.userId, agency: r.sender.agency.id, action: r.action, target: null,
      roomId: ev.roomId, eventId: ev.eventId, outcome: "refused", details: { reason: r.reason },
    });
  }

  private refuseStranger(ev: Asked, family: string): string {
    const { db, config, clock } = this.env;
    const now = clock.now();
    appendAudit(db, {
      at: now.getTime(), actor: ev.sender, agency: null, action: `${family}.*`, target: null, roomId: ev.roomId, eventId: ev.eventId, outcome: "refused",
      details: { reason: "not a member" },
    });
    const day = DateTime.fromJSDate(now, { zone: config.timezone }).toISODate() ?? "";
    if (!firstRefusalOfDay(db, ev.sender, ev.roomId, day)) return "stranger-silent";
    return this.reply(ev, coreMessages[config.language].notMember());
  }

  private withhold(ev: Asked, w: Extract<Stop, { kind: "withhold" }>): string {
    const { db, config, clock } = this.env;
    appendAudit(db, {
      at: clock.now().getTime(), actor: w.sender.userId, agency: w.sender.agency.id, action: "room.withheld", target: ev.roomId,
      roomId: ev.roomId, eventId: ev.eventId, outcome: "refused", details: { command: w.action, strangers: w.strangers.map((m) => m.userId) },
    });
    return this.reply(ev, roomSafetyMessages[config.language].withheld(w.what, w.strangers)) === "error-muted" ? "withheld-muted" : "withheld";
  }
}
