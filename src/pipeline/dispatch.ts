// Handles one stored inbox event in ONE transaction: its road through the steps below, the handler,
// its replies/audit/schedule rows, and the inbox row marked done. Either all of it commits or none.
//
// The path of a command, one step per file:
//   matrix/inbox → pipeline/address (for us?) → pipeline/authorize (member?) → pipeline/parse →
//   pipeline/registry (family, verb) → pipeline/authorize (role) → pipeline/checks (room safety,
//   lateness) → pipeline/many (one run per ID) → pipeline/checks (arguments) → here: the handler →
//   matrix/outbox, once the transaction commits (pipeline/path.ts).
// Reactions, their redactions and plain replies to our messages go to the family that owns the
// message (pipeline/cards.ts); a reply that answers the bot's question completes its command
// (pipeline/questions.ts); an edit of a command is answered, never run (pipeline/edits.ts). A step
// ends the path with a value (pipeline/step.ts), carried out by pipeline/answer.ts.
import type { Logger } from "pino";
import { keyWaitWindowMs } from "../config.ts";
import { asUserId } from "../ids.ts";
import type { EventId, RoomId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import { readEvent } from "../matrix/events.ts";
import type { Incoming } from "../matrix/events.ts";
import { lines } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import { RoomSafety } from "../rooms/policy.ts";
import { markHandled } from "../store/inbox.ts";
import type { InboxRow } from "../store/inbox.ts";
import { formatDuration } from "../time/format.ts";
import { addressStep } from "./address.ts";
import type { Addressed, BotIdentity } from "./address.ts";
import { Answers } from "./answer.ts";
import { roleStep, senderOf } from "./authorize.ts";
import { onReaction, onRedaction, onReply } from "./cards.ts";
import { argumentsStep, latenessStep, roomSafetyStep } from "./checks.ts";
import type { Ready } from "./checks.ts";
import { commandContext } from "./context.ts";
import { editStep } from "./edits.ts";
import { manyStep } from "./many.ts";
import type { CtxEnv } from "./context.ts";
import { parseStep } from "./parse.ts";
import { answerStep } from "./questions.ts";
import { refusalOf, routeStep } from "./registry.ts";
import type { Registry } from "./registry.ts";
import { errorReply } from "./step.ts";
import type { Message, Refusal } from "./step.ts";

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
  /** The failure asks for what is missing (ctx.ask). */
  readonly asks: boolean;
  /** What the question is about (pipeline/questions.ts). */
  readonly about: string | null;
  constructor(failure: Rich, asks: boolean, about: string | null) {
    super("rollback");
    this.failure = failure;
    this.asks = asks;
    this.about = about;
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
    const { config, bot, clock, db } = this.p;
    const lang = config.language;
    const forUs = addressStep(ev, bot, lang);
    if (forUs.kind !== "next") return this.answers.stop(ev, forUs);
    const to = forUs.value;
    switch (to.to) {
      case "edit":
        // Told in a reply to the command that was edited, not to the edit event.
        return this.answers.stop({ ...ev, eventId: to.original }, editStep(this.p, ev, to.original));
      case "card": {
        const answer = answerStep(db, ev, to.replyTo, clock.now().getTime(), lang);
        if (!answer) return onReply(this.p, ev, to.replyTo);
        if (answer.kind !== "next") return this.answers.stop(ev, answer);
        return this.command(ev, "!", answer.value, false);
      }
      case "command":
        return this.command(ev, to.prefix, to.text, to.spaced);
      default: {
        const never: never = to;
        return String(never);
      }
    }
  }

  /** A command's text from its prefix on: parsed, routed, permitted, checked, then run once per ID it names. */
  private command(ev: Message, prefix: Addressed["prefix"], text: string, spaced: boolean): string {
    const { config, registry, clock } = this.p;
    const lang = config.language;
    const sender = senderOf(config, ev.sender);
    const cmd = parseStep(text, sender !== null, lang);
    if (cmd.kind !== "next") return this.answers.stop(ev, cmd);
    const routed = routeStep(registry, cmd.value, prefix, sender, lang, spaced);
    if (routed.kind !== "next") return this.answers.stop(ev, routed);
    const permitted = roleStep(routed.value, lang);
    if (permitted.kind !== "next") return this.answers.stop(ev, permitted);
    const placed = roomSafetyStep(permitted.value, ev.roomId, registry, this.p.roomSafety, config);
    if (placed.kind !== "next") return this.answers.stop(ev, placed);
    const timely = latenessStep(placed.value, ev.ts, clock.now().getTime(), config);
    if (timely.kind !== "next") return this.answers.stop(ev, timely);
    const each = manyStep(timely.value, lang);
    if (each.kind !== "next") return this.answers.stop(ev, each);
    const [only, ...more] = each.value;
    if (only && more.length === 0) {
      const ready = argumentsStep(only, registry, config, clock.now());
      if (ready.kind !== "next") return this.answers.stop(ev, ready);
      const done = this.run(ev, ready.value);
      if (done.kind === "ok") return done.outcome;
      if (done.asks) return this.answers.stop(ev, { kind: "ask", message: done.message, refusal: done.refusal, command: text, about: done.about });
      return this.answers.stop(ev, errorReply(done.message, done.refusal));
    }
    // Several IDs: each runs as if sent alone, in its own savepoint; what failed is said in one reply.
    const failed: Rich[] = [];
    let outcome: string | null = null;
    for (const one of each.value) {
      const ready = argumentsStep(one, registry, config, clock.now());
      const done = ready.kind === "next" ? this.run(ev, ready.value) : null;
      if (done?.kind === "ok") outcome ??= done.outcome;
      else if (done) {
        this.answers.audit(ev, done.refusal);
        failed.push(done.message);
      } else if (ready.kind === "error") {
        if (ready.refusal) this.answers.audit(ev, ready.refusal);
        failed.push(ready.message);
      }
    }
    const said = failed.length > 0 ? this.answers.reply(ev, lines(...failed)) : "";
    return outcome ?? (said || "empty");
  }

  /** The handler, in a savepoint of the row's transaction: a failure it returns undoes what it wrote. */
  private run(ev: Message, c: Ready): { kind: "ok"; outcome: string } | { kind: "fail"; message: Rich; asks: boolean; about: string | null; refusal: Refusal } {
    const started = performance.now();
    const ctx = commandContext(this.p, c.sender, ev.roomId, ev.eventId, c.sensitive);
    let failure: Rollback | null = null;
    try {
      this.p.db.transaction(() => {
        const outcome = c.run(ctx);
        if (outcome.kind === "fail") throw new Rollback(outcome.message, outcome.asks === true, outcome.about ?? null);
      })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      failure = e;
    }
    const ms = performance.now() - started;
    this.p.onCommand?.(c.family.name, failure ? "rejected" : "ok", ms);
    if (!failure) return { kind: "ok", outcome: `command:${c.action}` };
    return { kind: "fail", message: failure.failure, asks: failure.asks, about: failure.about, refusal: refusalOf(c, "rejected") };
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
