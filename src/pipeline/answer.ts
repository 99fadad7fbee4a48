// Where the path of a message ends early (pipeline/step.ts): the error reply, the audit row of a
// refused attempt, the once-a-day notice to a stranger, the notice that withholds a sensitive answer.
// All of it outbox and audit rows in the row's transaction, like a handler's.
import { DateTime } from "luxon";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import type { Rich } from "../render/rich.ts";
import { roomSafetyMessages } from "../rooms/messages.ts";
import { appendAudit } from "../store/audit.ts";
import { insertOutbox } from "../store/outbox.ts";
import { firstRefusalOfDay } from "../store/refusals.ts";
import { messageContent } from "./context.ts";
import type { Clock } from "./context.ts";
import type { Refusal, Stop } from "./step.ts";

const ERROR_REPLIES_PER_MINUTE = 5;

/** At most a few error replies per user and minute, so a flood of bad input cannot flood the room. */
class ErrorBudget {
  private readonly recent = new Map<string, number[]>();
  take(user: string, now: number): boolean {
    const list = (this.recent.get(user) ?? []).filter((t) => now - t < 60_000);
    if (list.length >= ERROR_REPLIES_PER_MINUTE) {
      this.recent.set(user, list);
      return false;
    }
    list.push(now);
    this.recent.set(user, list);
    if (this.recent.size > 10_000) this.recent.clear();
    return true;
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
    const now = this.env.clock.now().getTime();
    if (!this.budget.take(ev.sender, now)) return "error-muted";
    insertOutbox(this.env.db, { roomId: ev.roomId, kind: "message", eventType: "m.room.message", content: messageContent(message, { replyTo: ev.eventId }) }, now);
    return "error-replied";
  }

  private audit(ev: Asked, r: Refusal): void {
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
