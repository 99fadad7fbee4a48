// Builds the context handed to handlers: outbox writers, scheduling and audit bound to the open
// transaction. Nothing here talks to Matrix; the outbox sends after the transaction commits.
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import type { Rich } from "../render/rich.ts";
import { byLocalpart, nameIn, resolvePeople } from "../render/people.ts";
import type { Names } from "../render/people.ts";
import { roomMembers } from "../store/member-names.ts";
import { appendAudit } from "../store/audit.ts";
import { wellFormedContent } from "../matrix/outbox.ts";
import { getOutbox, insertOutbox } from "../store/outbox.ts";
import type { OutboxId } from "../store/outbox.ts";
import { storesOf } from "../store/bound.ts";
import { cancelSchedule, insertSchedule } from "../store/schedule.ts";
import type { Agency, BaseContext, CommandContext, FamilyHooks, FamilySpec, PostOptions, RuntimeInfo, Sender } from "./family.ts";
import { agencyOf } from "./authorize.ts";
import { RoomSafety } from "../rooms/policy.ts";
import { translator } from "../i18n/lang.ts";
import { asQuestion, recordQuestion } from "./questions.ts";
import { fileContent } from "./file-content.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** People named as the room's members know them (render/people.ts); the localpart where no room is known. */
export function namesOf(db: Database, roomId: RoomId): () => Names {
  return () => nameIn(roomMembers(db, roomId));
}

/** The content of a message event from a Rich body. Notices never ping; notify mentions people. */
export function messageContent(rich: Rich, opts: PostOptions & { replyTo?: EventId | undefined }, names: () => Names = () => byLocalpart): Record<string, unknown> {
  const message = resolvePeople(rich, names);
  const content: Record<string, unknown> = {
    msgtype: opts.notify ? "m.text" : "m.notice",
    body: message.plain,
    format: "org.matrix.custom.html",
    formatted_body: message.html,
    "m.mentions": opts.notify ? { user_ids: [...message.mentions] } : {},
  };
  if (opts.replyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: opts.replyTo } };
  return wellFormedContent(content);
}

interface Actor {
  userId: UserId | "bot";
  agency: string | null;
  roomId: RoomId | null;
  eventId: EventId | null;
  /** The work is sensitive (registry.isSensitive): what it is, in words safe to show; its posts, edits and files carry it. */
  sensitive?: string | null;
}

/** What every context is built from. */
export interface CtxEnv {
  db: Database;
  config: Config;
  clock: Clock;
  runtime: () => RuntimeInfo;
  /** The families (dispatcher and scheduler pass their registry); without it no hooks are seen. */
  registry?: { readonly families: readonly FamilyHooks[] };
  /** Room safety with the bot's own user ID; without it the bot is not told apart from other members. */
  roomSafety?: RoomSafety;
}

/** A whole family declaration, not just its hooks (a test may register bare hooks). */
const declared = (f: FamilyHooks): f is FamilySpec => "verbs" in f;

export function baseContext(env: CtxEnv, actor: Actor): BaseContext {
  const { db, config, clock } = env;
  const nowMs = () => clock.now().getTime();
  const sensitive = actor.sensitive ?? null;
  const safety = env.roomSafety ?? new RoomSafety(db, config, null);
  const ctx: BaseContext = {
    config,
    db,
    store: storesOf(db),
    lang: config.language,
    t: translator(config.language),
    zone: config.timezone,
    now: () => clock.now(),
    post(roomId, message, opts = {}) {
      const said = opts.awaits ? asQuestion(message, config.language) : message;
      const id = insertOutbox(db, { roomId, kind: "message", eventType: "m.room.message", content: messageContent(said, opts, namesOf(db, roomId)), ref: opts.ref ?? null, sensitive: opts.sensitive ?? sensitive }, nowMs());
      if (opts.awaits) recordQuestion(db, { outboxId: id, roomId, ...opts.awaits }, nowMs());
      return id;
    },
    edit(target, message) {
      const row = getOutbox(db, target);
      if (!row) throw new Error(`edit of unknown outbox row ${target}`);
      const notify = row.content["msgtype"] === "m.text";
      return insertOutbox(
        db,
        { roomId: row.roomId, kind: "edit", eventType: "m.room.message", content: messageContent(message, { notify }, namesOf(db, row.roomId)), targetOutboxId: target, sensitive },
        nowMs(),
      );
    },
    react(roomId, target, key) {
      const content = { "m.relates_to": { rel_type: "m.annotation", key } };
      return typeof target === "number"
        ? insertOutbox(db, { roomId, kind: "reaction", eventType: "m.reaction", content, targetOutboxId: target }, nowMs())
        : insertOutbox(db, { roomId, kind: "reaction", eventType: "m.reaction", content, targetEventId: target }, nowMs());
    },
    upload(roomId, file, caption) {
      const content = fileContent(file, resolvePeople(caption, namesOf(db, roomId)));
      return insertOutbox(db, { roomId, kind: "upload", eventType: "m.room.message", content, file, sensitive }, nowMs());
    },
    schedule(job, dueAt, opts) {
      insertSchedule(db, { job, roomId: opts.roomId, dueAt: dueAt.getTime(), ref: opts.ref, payload: opts.payload ?? {} }, nowMs());
    },
    cancelScheduled(ref) {
      return cancelSchedule(db, ref, nowMs());
    },
    audit(action, target, details = {}) {
      appendAudit(db, {
        at: nowMs(), actor: actor.userId, agency: actor.agency, action, target,
        roomId: actor.roomId, eventId: actor.eventId, outcome: "ok", details,
      });
    },
    fail: (message) => ({ kind: "fail", message }),
    ask: (message, about) => ({ kind: "fail", message, asks: true, ...(about === undefined ? {} : { about }) }),
    ok: () => ({ kind: "ok" }),
    agencyName: (id) => config.agencies.find((a) => a.id === id)?.name ?? id,
    agencyOf: (user): Agency | null => agencyOf(config, user),
    runtime: env.runtime,
    familyHooks: () => env.registry?.families ?? [],
    families: () => (env.registry?.families ?? []).filter(declared),
    roomSafety: (roomId) => safety.assessment(roomId),
  };
  return ctx;
}

/** `sensitive`: what the command is, when its verb is sensitive (its replies carry it), else null. */
export function commandContext(env: CtxEnv, sender: Sender, roomId: RoomId, eventId: EventId, sensitive: string | null = null): CommandContext {
  const { db, clock } = env;
  const base = baseContext(env, { userId: sender.userId, agency: sender.agency.id, roomId, eventId, sensitive });
  return {
    ...base,
    sender,
    roomId,
    eventId,
    reply: (message, opts = {}): OutboxId =>
      insertOutbox(db, { roomId, kind: "message", eventType: "m.room.message", content: messageContent(message, { ...opts, replyTo: eventId }, namesOf(db, roomId)), ref: opts.ref ?? null, sensitive }, clock.now().getTime()),
    // A file for the command's room answers the command, like a reply.
    upload(target, file, caption): OutboxId {
      const content = fileContent(file, resolvePeople(caption, namesOf(db, target)), target === roomId ? eventId : undefined);
      return insertOutbox(db, { roomId: target, kind: "upload", eventType: "m.room.message", content, file, sensitive }, clock.now().getTime());
    },
  };
}
