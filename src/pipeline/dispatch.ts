// Handles one stored inbox event in ONE transaction: route, authorize, parse, run the handler, write
// replies/audit/schedule rows, mark the inbox row done. Either all of it commits or none of it.
import type { Logger } from "pino";
import { asUserId } from "../ids.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import { readEvent } from "../matrix/events.ts";
import type { Incoming } from "../matrix/events.ts";
import type { Rich } from "../render/rich.ts";
import { appendAudit } from "../store/audit.ts";
import { findByEventId } from "../store/outbox.ts";
import { address, resolvePills } from "./address.ts";
import type { BotIdentity } from "./address.ts";
import { senderOf } from "./authorize.ts";
import { baseContext, commandContext, messageContent } from "./context.ts";
import type { CtxEnv } from "./context.ts";
import type { RawArgs, Sender } from "./family.ts";
import { freeText, parseCommand, quoteBack } from "./parse.ts";
import { describeIssues, familyWord, usageOf } from "./registry.ts";
import type { Registry } from "./registry.ts";
import { insertOutbox } from "../store/outbox.ts";
import { nearest } from "./suggest.ts";
import { durationMs, keyWaitWindowMs } from "../config.ts";
import { DateTime } from "luxon";
import { formatDuration } from "../time/format.ts";
import { RoomSafety } from "../rooms/policy.ts";
import { roomSafetyMessages } from "../rooms/messages.ts";
import type { Member } from "../store/room-safety.ts";

export interface Pipeline extends CtxEnv {
  registry: Registry;
  bot: BotIdentity;
  log: Logger;
  /** Called with the family and outcome of every command, for metrics. */
  onCommand?: (family: string, outcome: string, ms: number) => void;
  /** Called for every event the bot could not decrypt (for !status). */
  onUndecryptable?: (roomId: RoomId, eventId: EventId) => void;
}

export interface InboxRow {
  seq: number;
  event_id: string;
  room_id: string;
  event: string;
  origin_ts: number;
}

/** Thrown out of a handler's transaction to undo everything it wrote; carries its failure message. */
class Rollback extends Error {
  readonly failure: Rich;
  constructor(failure: Rich) {
    super("rollback");
    this.failure = failure;
  }
}

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

export class Dispatcher {
  private readonly p: Pipeline;
  private readonly budget = new ErrorBudget();
  private readonly safety: RoomSafety;
  private readonly markDone;

  constructor(p: Pipeline) {
    this.safety = p.roomSafety ?? new RoomSafety(p.db, p.config, asUserId(p.bot.userId));
    this.p = { ...p, roomSafety: this.safety };
    this.markDone = p.db.prepare("UPDATE inbox SET state = 'done', outcome = ?, handled_at = ?, event = '{}' WHERE seq = ? AND state = 'pending'");
  }

  /** Handles one inbox row; never throws for bad input, and marks the row done in the same transaction. */
  handle(row: InboxRow): string {
    const { db, log } = this.p;
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
        this.markDone.run(outcome, this.p.clock.now().getTime(), row.seq);
        return outcome;
      })();
    } catch (e) {
      const ref = row.event_id.slice(1, 9);
      log.error({ err: e, eventId: row.event_id, roomId: row.room_id }, "handler failed");
      db.transaction(() => {
        if (ev.kind === "message") this.replyError(ev.roomId, ev.eventId, ev.sender, coreMessages[this.p.config.language].internalError(ref));
        this.markDone.run("error", this.p.clock.now().getTime(), row.seq);
      })();
      return "error";
    }
  }

  private route(ev: Incoming): string {
    switch (ev.kind) {
      case "message":
        return this.onMessage(ev);
      case "reaction":
        return this.onReaction(ev);
      case "redaction":
        return this.onRedaction(ev);
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

  private onMessage(ev: Extract<Incoming, { kind: "message" }>): string {
    const { config, registry, bot } = this.p;
    const m = coreMessages[config.language];
    if (ev.sender === bot.userId) return "own";
    if (ev.msgtype === "m.notice") return "notice";
    // An edit of a command does not run it again.
    if (ev.relType === "m.replace") return "edit";
    const addressed = address({ body: ev.body, formattedBody: ev.formattedBody }, bot);
    if (!addressed) return this.onPlainReply(ev);
    if (ev.tooLong) return this.replyError(ev.roomId, ev.eventId, ev.sender, m.tooLongMessage());
    const parsed = parseCommand(resolvePills(addressed.text, ev.formattedBody));
    if (!parsed.ok) {
      if (parsed.error.kind === "empty") return "empty";
      if (!senderOf(config, ev.sender)) return "stranger";
      return this.replyError(ev.roomId, ev.eventId, ev.sender, m.unterminatedQuote(parsed.error.quote));
    }
    const cmd = parsed.value;
    const family = registry.family(cmd.family);
    if (!family) {
      const suggestion = nearest(cmd.family, registry.familyWords());
      if (!suggestion && addressed.prefix !== "mention") return "not-a-command";
      if (!senderOf(config, ev.sender)) return "stranger";
      return this.replyError(ev.roomId, ev.eventId, ev.sender, m.unknownFamily(`!${quoteBack(cmd.family)}`, `!${suggestion ?? (config.language === "de" ? "hilfe" : "help")}`));
    }
    const sender = senderOf(config, ev.sender);
    if (!sender) return this.refuseStranger(ev.roomId, ev.eventId, ev.sender, family.name);

    // Verb: a known verb word, else the family's default verb with all words as arguments.
    let verb = cmd.verb ? registry.verb(family, cmd.verb) : null;
    let words = cmd.words;
    if (!verb) {
      const dflt = registry.defaultVerb(family);
      if (dflt) {
        verb = dflt;
        words = cmd.verbText ? [cmd.verbText, ...cmd.words] : cmd.words;
      } else if (!cmd.verb) {
        return this.replyError(ev.roomId, ev.eventId, ev.sender, m.missingVerb(familyWord(family, config.language), registry.verbList(family, config.language)));
      } else {
        const suggestion = nearest(cmd.verb, registry.verbWords(family));
        return this.replyError(ev.roomId, ev.eventId, ev.sender, m.unknownVerb(quoteBack(cmd.verb), familyWord(family, config.language), suggestion, registry.verbList(family, config.language)));
      }
    }
    const action = `${family.name}.${verb.spec.name || "show"}`;
    const role = verb.spec.role ?? null;
    if (role && !sender.roles.has(role)) {
      this.auditRefusal(sender, ev, action, "role");
      return this.replyError(ev.roomId, ev.eventId, ev.sender, m.needsRole(m.roleNames[role] ?? role, sender.agency.name));
    }
    const sensitive = registry.sensitivity(family, verb, config.language);
    const strangers = sensitive ? this.safety.withholding(ev.roomId) : null;
    if (sensitive && strangers) return this.withhold(sender, ev, action, sensitive, strangers);
    const lateMs = durationMs(config.lateCommandAfter) ?? 600_000;
    const age = this.p.clock.now().getTime() - ev.ts;
    if (verb.spec.mutates && age > lateMs) {
      this.auditRefusal(sender, ev, action, "late");
      return this.replyError(ev.roomId, ev.eventId, ev.sender, m.late(Math.floor(age / 60_000)));
    }
    const keys = registry.resolveKeys(verb, cmd.keys, config.agencies);
    const usage = usageOf(verb, config.language);
    if (!keys.ok) {
      if (verb.spec.mutates) this.auditRefusal(sender, ev, action, "invalid arguments");
      const msg = keys.kind === "unknown" ? m.unknownKey(quoteBack(keys.key), keys.suggestion, usage) : m.duplicateKey(quoteBack(keys.key), usage);
      return this.replyError(ev.roomId, ev.eventId, ev.sender, msg);
    }
    const rawArgs: RawArgs = { ...keys.values, words, text: freeText(words), body: cmd.body, staffing: keys.staffing };
    const env = { lang: config.language, zone: config.timezone, now: this.p.clock.now() };
    const parsedArgs = verb.parse(rawArgs, env);
    if (!parsedArgs.ok) {
      // A failed attempt to change something is on record, like a refused one.
      if (verb.spec.mutates) this.auditRefusal(sender, ev, action, "invalid arguments");
      return this.replyError(ev.roomId, ev.eventId, ev.sender, m.badArgs(describeIssues(parsedArgs.issues, verb, config.language), usage));
    }

    const started = performance.now();
    const ctx = commandContext(this.p, sender, ev.roomId, ev.eventId, sensitive);
    let failure: Rich | null = null;
    try {
      this.p.db.transaction(() => {
        const outcome = parsedArgs.run(ctx);
        if (outcome.kind === "fail") throw new Rollback(outcome.message); // undo everything the handler wrote
      })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      failure = e.failure;
    }
    const ms = performance.now() - started;
    if (failure) {
      this.auditRefusal(sender, ev, action, "rejected");
      this.p.onCommand?.(family.name, "rejected", ms);
      return this.replyError(ev.roomId, ev.eventId, ev.sender, failure);
    }
    this.p.onCommand?.(family.name, "ok", ms);
    return `command:${action}`;
  }

  /** A plain reply to one of our messages goes to the family that owns it (e.g. "ok" on a draft). */
  private onPlainReply(ev: Extract<Incoming, { kind: "message" }>): string {
    if (!ev.replyTo) return "chat";
    const target = findByEventId(this.p.db, ev.replyTo);
    const family = target?.ref ? this.p.registry.familyForRef(target.ref) : null;
    const sender = senderOf(this.p.config, ev.sender);
    if (!target?.ref || !family?.onReply || !sender || target.roomId !== ev.roomId) return "chat";
    const ctx = commandContext(this.p, sender, ev.roomId, ev.eventId, this.p.registry.sensitivity(family, null, this.p.config.language));
    family.onReply(ctx, { targetRef: target.ref, body: ev.body });
    return "reply";
  }

  private onReaction(ev: Extract<Incoming, { kind: "reaction" }>): string {
    if (ev.sender === this.p.bot.userId) return "own";
    const target = findByEventId(this.p.db, ev.target);
    // Only reactions on our own messages, in the same room, mean anything.
    if (!target || target.roomId !== ev.roomId) return "reaction-ignored";
    this.p.db
      .prepare("INSERT OR IGNORE INTO reactions (event_id, room_id, sender, target, key, ref) VALUES (?, ?, ?, ?, ?, ?)")
      .run(ev.eventId, ev.roomId, ev.sender, ev.target, ev.key, target.ref);
    const family = target.ref ? this.p.registry.familyForRef(target.ref) : null;
    if (!family?.onReaction) return "reaction-ignored";
    const agency = senderOf(this.p.config, ev.sender)?.agency ?? null;
    const ctx = baseContext(this.p, { userId: ev.sender, agency: agency?.id ?? null, roomId: ev.roomId, eventId: ev.eventId, sensitive: this.p.registry.sensitivity(family, null, this.p.config.language) });
    family.onReaction(ctx, { sender: ev.sender, agency, roomId: ev.roomId, eventId: ev.eventId, target: ev.target, targetRef: target.ref, key: ev.key });
    return "reaction";
  }

  private onRedaction(ev: Extract<Incoming, { kind: "redaction" }>): string {
    // A message redacted while it waited for its key is not run when the key comes.
    const withdrawn = this.p.db
      .prepare("UPDATE inbox SET state = 'done', outcome = 'redacted-before-key', event = '{}', handled_at = ? WHERE event_id = ? AND room_id = ? AND state = 'waiting'")
      .run(this.p.clock.now().getTime(), ev.redacts, ev.roomId).changes;
    if (withdrawn > 0) return "redaction-of-waiting";
    const r = this.p.db
      .prepare<[string, string], { sender: string; target: string; key: string; ref: string | null }>(
        "SELECT sender, target, key, ref FROM reactions WHERE event_id = ? AND room_id = ? AND redacted = 0",
      )
      .get(ev.redacts, ev.roomId);
    if (!r) return "redaction-ignored";
    this.p.db.prepare("UPDATE reactions SET redacted = 1 WHERE event_id = ?").run(ev.redacts);
    const family = r.ref ? this.p.registry.familyForRef(r.ref) : null;
    if (!family?.onRedaction) return "redaction-ignored";
    // The one who redacted acts here (a moderator may remove someone else's reaction): their agency, not the reactor's.
    const agency = senderOf(this.p.config, ev.sender)?.agency ?? null;
    const ctx = baseContext(this.p, { userId: ev.sender, agency: agency?.id ?? null, roomId: ev.roomId, eventId: ev.eventId, sensitive: this.p.registry.sensitivity(family, null, this.p.config.language) });
    family.onRedaction(ctx, { sender: ev.sender, roomId: ev.roomId, redacted: { eventId: ev.redacts, key: r.key, target: r.target as EventId, targetRef: r.ref } });
    return "redaction";
  }

  /**
   * An event still unreadable after the key wait (or with encryption off) may have been a command: its
   * sender is told, in a reply to it, instead of the bot going silent. Members only, within the error budget.
   */
  private onUndecryptable(ev: Extract<Incoming, { kind: "undecryptable" }>): string {
    if (ev.sender === this.p.bot.userId) return "own";
    this.p.onUndecryptable?.(ev.roomId, ev.eventId);
    // A reaction or an edit we cannot read is counted, not answered: it was no command.
    if (!senderOf(this.p.config, ev.sender) || ev.relType === "m.annotation" || ev.relType === "m.replace") return "undecryptable";
    const waited = this.p.config.encryption ? formatDuration(keyWaitWindowMs(this.p.config), this.p.config.language) : null;
    return this.replyError(ev.roomId, ev.eventId, ev.sender, coreMessages[this.p.config.language].undecryptable(waited));
  }

  /** A sensitive verb in a room holding someone of no agency: a notice saying why and who, nothing else changes. */
  private withhold(sender: Sender, ev: { roomId: RoomId; eventId: EventId; sender: UserId }, action: string, what: string, strangers: readonly Member[]): string {
    appendAudit(this.p.db, {
      at: this.p.clock.now().getTime(), actor: sender.userId, agency: sender.agency.id, action: "room.withheld", target: ev.roomId,
      roomId: ev.roomId, eventId: ev.eventId, outcome: "refused", details: { command: action, strangers: strangers.map((m) => m.userId) },
    });
    return this.replyError(ev.roomId, ev.eventId, ev.sender, roomSafetyMessages[this.p.config.language].withheld(what, strangers)) === "error-muted" ? "withheld-muted" : "withheld";
  }

  private refuseStranger(roomId: RoomId, eventId: EventId, user: UserId, family: string): string {
    const now = this.p.clock.now();
    appendAudit(this.p.db, {
      at: now.getTime(), actor: user, agency: null, action: `${family}.*`, target: null, roomId, eventId, outcome: "refused", details: { reason: "not a member" },
    });
    const day = DateTime.fromJSDate(now, { zone: this.p.config.timezone }).toISODate() ?? "";
    const first = this.p.db.prepare("INSERT OR IGNORE INTO refusals (user_id, room_id, day) VALUES (?, ?, ?)").run(user, roomId, day).changes > 0;
    if (!first) return "stranger-silent";
    return this.replyError(roomId, eventId, user, coreMessages[this.p.config.language].notMember());
  }

  private auditRefusal(sender: Sender, ev: { roomId: RoomId; eventId: EventId }, action: string, reason: string): void {
    appendAudit(this.p.db, {
      at: this.p.clock.now().getTime(), actor: sender.userId, agency: sender.agency.id, action, target: null,
      roomId: ev.roomId, eventId: ev.eventId, outcome: "refused", details: { reason },
    });
  }

  private replyError(roomId: RoomId, eventId: EventId, user: UserId, message: Rich): string {
    const now = this.p.clock.now().getTime();
    if (!this.budget.take(user, now)) return "error-muted";
    insertOutbox(this.p.db, { roomId, kind: "message", eventType: "m.room.message", content: messageContent(message, { replyTo: eventId }) }, now);
    return "error-replied";
  }
}
