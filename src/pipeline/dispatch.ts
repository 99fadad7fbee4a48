// Handles one stored inbox event in ONE transaction: its road through the steps below, the handler,
// its replies/audit/schedule rows, and the inbox row marked done. Either all of it commits or none.
//
// The path of a command, one step per file:
//   matrix/inbox → pipeline/address (for us?) → pipeline/authorize (member?) → pipeline/parse →
//   pipeline/registry (family, verb) → pipeline/authorize (role) → pipeline/checks (room safety,
//   lateness, arguments) → here: the handler → matrix/outbox, once the transaction commits (pipeline/path.ts).
// Reactions, their redactions and plain replies to our messages go to the family that owns the
// message (pipeline/cards.ts). A step ends the path with a value (pipeline/step.ts), carried out by
// pipeline/answer.ts.
import type { Logger } from "pino";
import { keyWaitWindowMs } from "../config.ts";
import { asUserId } from "../ids.ts";
import type { EventId, RoomId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import { readEvent } from "../matrix/events.ts";
import type { Incoming } from "../matrix/events.ts";
import type { Rich } from "../render/rich.ts";
import { RoomSafety } from "../rooms/policy.ts";
import { markHandled } from "../store/inbox.ts";
import type { InboxRow } from "../store/inbox.ts";
import { formatDuration } from "../time/format.ts";
import { addressStep } from "./address.ts";
import type { BotIdentity } from "./address.ts";
import { Answers } from "./answer.ts";
import { roleStep, senderOf } from "./authorize.ts";
import { onReaction, onRedaction, onReply } from "./cards.ts";
import { argumentsStep, latenessStep, roomSafetyStep } from "./checks.ts";
import type { Ready } from "./checks.ts";
import { commandContext } from "./context.ts";
import type { CtxEnv } from "./context.ts";
import { parseStep } from "./parse.ts";
import { refusalOf, routeStep } from "./registry.ts";
import type { Registry } from "./registry.ts";
import { errorReply } from "./step.ts";
import type { Message } from "./step.ts";

export type { InboxRow };

export interface Pipeline extends CtxEnv {
  registry: Registry;
  bot: BotIdentity;
  log: Logger;
  /** Called with the family and outcome of every command, for metrics. */
  onCommand?: (family: string, outcome: string, ms: number) => void;
  /** Called for every event the bot could not decrypt (for !status). */
  onUndecryptable?: (roomId: RoomId, eventId: EventId) => void;
}

/** Thrown out of a handler's savepoint to undo everything it wrote; carries its failure message. */
class Rollback extends Error {
  readonly failure: Rich;
  constructor(failure: Rich) {
    super("rollback");
    this.failure = failure;
  }
}

export class Dispatcher {
  private readonly p: Pipeline & { roomSafety: RoomSafety };
  private readonly answers: Answers;

  constructor(p: Pipeline) {
    this.p = { ...p, roomSafety: p.roomSafety ?? new RoomSafety(p.db, p.config, asUserId(p.bot.userId)) };
    this.answers = new Answers(p);
  }

  /** Handles one inbox row; never throws for bad input, and marks the row done in the same transaction. */
  handle(row: InboxRow): string {
    const { db, log, clock } = this.p;
    let raw: unknown;
    try {
      raw = JSON.parse(row.event);
    } catch {
      raw = null;
    }
    const ev = readEvent(row.room_id, raw);
    try {
      return db.transaction(() => {
        const outcome = this.route(ev);
        markHandled(db, row.seq, outcome, clock.now().getTime());
        return outcome;
      })();
    } catch (e) {
      const ref = row.event_id.slice(1, 9);
      log.error({ err: e, eventId: row.event_id, roomId: row.room_id }, "handler failed");
      db.transaction(() => {
        if (ev.kind === "message") this.answers.reply(ev, coreMessages[this.p.config.language].internalError(ref));
        markHandled(db, row.seq, "error", clock.now().getTime());
      })();
      return "error";
    }
  }

  private route(ev: Incoming): string {
    switch (ev.kind) {
      case "message":
        return this.onMessage(ev);
      case "reaction":
        return onReaction(this.p, ev);
      case "redaction":
        return onRedaction(this.p, ev);
      case "undecryptable":
        return this.onUndecryptable(ev);
      case "invalid":
        return `invalid:${ev.reason}`;
      default: {
        const never: never = ev;
        return String(never);
      }
    }
  }

  /** The path of a message, step by step; the first step that ends it says what happens instead. */
  private onMessage(ev: Message): string {
    const { config, registry, bot, clock } = this.p;
    const lang = config.language;
    const forUs = addressStep(ev, bot, lang);
    if (forUs.kind !== "next") return this.answers.stop(ev, forUs);
    if (forUs.value.to === "card") return onReply(this.p, ev, forUs.value.replyTo);
    const sender = senderOf(config, ev.sender);
    const cmd = parseStep(forUs.value.text, sender !== null, lang);
    if (cmd.kind !== "next") return this.answers.stop(ev, cmd);
    const routed = routeStep(registry, cmd.value, forUs.value.prefix, sender, lang);
    if (routed.kind !== "next") return this.answers.stop(ev, routed);
    const permitted = roleStep(routed.value, lang);
    if (permitted.kind !== "next") return this.answers.stop(ev, permitted);
    const placed = roomSafetyStep(permitted.value, ev.roomId, registry, this.p.roomSafety, config);
    if (placed.kind !== "next") return this.answers.stop(ev, placed);
    const timely = latenessStep(placed.value, ev.ts, clock.now().getTime(), config);
    if (timely.kind !== "next") return this.answers.stop(ev, timely);
    const ready = argumentsStep(timely.value, registry, config, clock.now());
    if (ready.kind !== "next") return this.answers.stop(ev, ready);
    return this.run(ev, ready.value);
  }

  /** The handler, in a savepoint of the row's transaction: a failure it returns undoes what it wrote. */
  private run(ev: Message, c: Ready): string {
    const started = performance.now();
    const ctx = commandContext(this.p, c.sender, ev.roomId, ev.eventId, c.sensitive);
    let failure: Rich | null = null;
    try {
      this.p.db.transaction(() => {
        const outcome = c.run(ctx);
        if (outcome.kind === "fail") throw new Rollback(outcome.message);
      })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      failure = e.failure;
    }
    const ms = performance.now() - started;
    this.p.onCommand?.(c.family.name, failure ? "rejected" : "ok", ms);
    if (failure) return this.answers.stop(ev, errorReply(failure, refusalOf(c, "rejected")));
    return `command:${c.action}`;
  }

  /**
   * An event still unreadable after the key wait (or with encryption off) may have been a command: its
   * sender is told, in a reply to it, instead of the bot going silent. Members only, within the error budget.
   */
  private onUndecryptable(ev: Extract<Incoming, { kind: "undecryptable" }>): string {
    const { config } = this.p;
    if (ev.sender === this.p.bot.userId) return "own";
    this.p.onUndecryptable?.(ev.roomId, ev.eventId);
    // A reaction or an edit we cannot read is counted, not answered: it was no command.
    if (!senderOf(config, ev.sender) || ev.relType === "m.annotation" || ev.relType === "m.replace") return "undecryptable";
    const waited = config.encryption ? formatDuration(keyWaitWindowMs(config), config.language) : null;
    return this.answers.stop(ev, errorReply(coreMessages[config.language].undecryptable(waited)));
  }
}
