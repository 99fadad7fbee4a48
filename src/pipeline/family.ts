// What a command family declares: names, verbs (syntax, role, help, handler), jobs and event hooks.
// The registry derives routing, aliases, help and argument errors from these declarations.
import type { ICalCalendar } from "ical-generator";
import type { z } from "zod";
import type { Config, Role } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { Stores } from "../store/bound.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import type { Rich } from "../render/rich.ts";
import type { OutboxId } from "../store/outbox.ts";
import type { CrossSigningState } from "../matrix/cross-signing.ts";
import type { Lang, Translate } from "../i18n/lang.ts";
import { translator } from "../i18n/lang.ts";
import type { Assessment } from "../rooms/safety.ts";
import type { ReadingNote } from "../time/types.ts";
import { withReadingNotes } from "./reading-notes.ts";

export type { Lang, Translate };
export interface Bilingual {
  de: string;
  en: string;
}

export interface Agency {
  id: string;
  name: string;
}

export interface Sender {
  userId: UserId;
  agency: Agency;
  roles: ReadonlySet<Role>;
}

/** `asks`: the failure is a question (a missing reason); a reply to it completes the command (pipeline/questions.ts). */
export type Outcome = { kind: "ok" } | { kind: "fail"; message: Rich; asks?: true; about?: string };

export interface PostOptions {
  /** m.text with m.mentions instead of m.notice: for messages that must reach a person. */
  notify?: boolean;
  /** A lookup key for this message (e.g. "press:card:3:1"), to edit or react to it later. */
  ref?: string;
  /** A reminder: may go out as one message with other reminders due in the same room at the same moment (schedule/bundle.ts). */
  bundle?: boolean;
  /** A question to `person`: their reply to this post completes `command` with the reply's text (pipeline/questions.ts). */
  awaits?: { person: UserId; command: string; about?: string };
  /** This post is sensitive although its handler is not (what it is, in words safe to show): withheld like a sensitive family's. */
  sensitive?: string;
}

export interface FileToSend {
  name: string;
  mime: string;
  data: Buffer;
  /** A picture's size: sent as m.image (shown inline) rather than m.file. */
  image?: { w: number; h: number };
}

/** What every handler (command, job, event hook) gets: the open transaction and outbox writers. */
export interface BaseContext {
  readonly config: Config;
  /** The machinery's handle on the open transaction; families use `store` (the architecture test checks). */
  readonly db: Database;
  /** The repositories, bound to the open transaction. */
  readonly store: Stores;
  readonly lang: Lang;
  /** A family's catalogue in `lang`: `const m = ctx.t(pressMessages)`. */
  readonly t: Translate;
  readonly zone: string;
  now(): Date;
  post(roomId: RoomId, message: Rich, opts?: PostOptions): OutboxId;
  /** Replaces the content of an earlier message of ours (m.replace). */
  edit(target: OutboxId, message: Rich): OutboxId;
  react(roomId: RoomId, target: OutboxId | EventId, key: string): OutboxId;
  upload(roomId: RoomId, file: FileToSend, caption: Rich): OutboxId;
  schedule(job: string, dueAt: Date, opts: { roomId: RoomId; ref: string; payload?: Record<string, unknown> }): void;
  /** Drops pending scheduled posts with this ref (or refs below it, "op:7" also drops "op:7:24h"). */
  cancelScheduled(ref: string): number;
  audit(action: string, target: string | null, details?: Record<string, unknown>): void;
  fail(message: Rich): Outcome;
  /**
   * Fails like `fail`, as a question: the sender may reply to it with what is missing (a reason), once
   * and for a while. `about` ("press:PR-1:2") lets a change to that record close it (ctx.store.questions).
   */
  ask(message: Rich, about?: string): Outcome;
  ok(): Outcome;
  agencyName(id: string): string;
  agencyOf(user: UserId): Agency | null;
  /** A snapshot of the running bot, for !status. */
  runtime(): RuntimeInfo;
  /** Every family's `situation` and `retention` hooks, for `!lage` and the daily retention run. */
  familyHooks(): readonly FamilyHooks[];
  /** Every family's declarations, for `!hilfe`: so no family needs to import the others. */
  families(): readonly FamilySpec[];
  /** What is wrong with a room: members of no agency, encryption, join rule, history, server ACL. */
  roomSafety(roomId: RoomId): Assessment;
}

export type FamilyHooks = Pick<FamilySpec, "name" | "situation" | "retention">;

export interface RuntimeInfo {
  version: string;
  startedAt: Date;
  encryption: { enabled: boolean; why: string };
  rooms: readonly RoomId[];
  syncAgeMs: number | null;
  outbox: { pending: number; failed: number; retrying: number };
  decryptionFailures: number;
  lastDecryptionFailure: { roomId: RoomId; at: Date } | null;
  /** The line to the homeserver: broken since when (null while it works), and the last outage that ended. */
  homeserver?: { unreachableSince: Date | null; lastOutage: { from: Date; to: Date } | null };
  /** Other homeservers our homeserver could not reach for us when the bot last asked (E2EE key requests). */
  unreachableServers?: readonly { server: string; since: Date; last: Date }[];
  /** Encrypted events waiting for their room key. */
  waitingForKeys?: number;
  /** The bot's device, whether it changed since the last start, and its cross-signing. */
  device?: { id: string | null; changedFrom: string | null; crossSigning: CrossSigningState };
}

export interface CommandContext extends BaseContext {
  readonly sender: Sender;
  readonly roomId: RoomId;
  readonly eventId: EventId;
  /** A reply to the command message (m.in_reply_to). */
  reply(message: Rich, opts?: PostOptions): OutboxId;
}

export interface JobContext extends BaseContext {
  readonly roomId: RoomId;
  /** The post is late (bot was down when it fell due); the original due time. */
  readonly lateSince: Date | null;
}

/** What the zod schema of a verb receives. Key values are under their canonical (English) names. */
export interface RawArgs {
  words: string[];
  text: string;
  body: string;
  /** Agency id → value, for verbs with agencyKeys. */
  staffing: Record<string, string>;
  [key: string]: unknown;
}

export interface ArgEnv {
  lang: Lang;
  zone: string;
  now: Date;
  /** Set while a verb's arguments are parsed: how a date was read, for the reply (reading-notes.ts). */
  note?: ((note: ReadingNote) => void) | undefined;
}

/** What a verb's argument schema is built with: the environment and its catalogue lookup (`env.t(pressMessages)`). */
export interface SchemaEnv extends ArgEnv {
  readonly t: Translate;
}

export interface VerbSpec<A> {
  /** English name; "" for the family's default verb (e.g. `!lage`, `!help op`). */
  name: string;
  aliases?: readonly string[];
  role?: Role | null;
  /** State-changing verbs are refused when the command arrived too late, and are audited. */
  mutates: boolean;
  /** Overrides the family's `sensitive` for this verb. */
  sensitive?: boolean;
  usage: Bilingual;
  help: Bilingual;
  /** Canonical key → aliases (German forms). */
  keys?: Readonly<Record<string, readonly string[]>>;
  /** Also accept one key per agency (its id or name, e.g. `city=2 polizei=3`), passed as `staffing`. */
  agencyKeys?: boolean;
  args: (env: SchemaEnv) => z.ZodType<A>;
  /** A function, not a method: defineVerb calls it apart from the spec. */
  handle: (ctx: CommandContext, args: A) => Outcome;
}

/** A verb with its argument type hidden, so one family can hold verbs of different types. */
export interface Verb {
  readonly spec: Omit<VerbSpec<unknown>, "args" | "handle">;
  parse(raw: RawArgs, env: ArgEnv): { ok: true; run: (ctx: CommandContext) => Outcome } | { ok: false; issues: z.core.$ZodIssue[] };
}

export function defineVerb<A>(spec: VerbSpec<A>): Verb {
  const { args, handle, ...rest } = spec;
  return {
    spec: rest,
    parse(raw, env) {
      // Built per parse: some schemas keep state between their fields (`until` reads the parsed `at`).
      const notes: ReadingNote[] = [];
      const res = args({ ...env, t: translator(env.lang), note: (n) => notes.push(n) }).safeParse(raw);
      if (!res.success) return { ok: false, issues: res.error.issues };
      const value = res.data;
      return { ok: true, run: (ctx) => withReadingNotes(ctx, notes, (c) => handle(c, value)) };
    },
  };
}

/**
 * A scheduled job whose payload has a zod schema: the stored payload is checked when its row is read
 * back (schedule/scheduler.ts), and `run` gets the parsed value. A row that does not parse is logged
 * and marked missed; the job never sees it.
 */
export interface JobSpec<P> {
  payload: z.ZodType<P>;
  run: (ctx: JobContext, payload: P) => void;
}

/** A job with its payload type hidden (like Verb), so one family can hold jobs of different payloads. */
export interface Job {
  read(payload: Record<string, unknown>): { ok: true; run: (ctx: JobContext) => void } | { ok: false; issues: z.core.$ZodIssue[] };
}

/** A job declared as a plain function gets the stored payload as it is, unchecked (the older form). */
export type UncheckedJob = (ctx: JobContext, payload: Record<string, unknown>) => void;

export function defineJob<P>(spec: JobSpec<P>): Job {
  const { payload, run } = spec;
  return {
    read(raw) {
      const res = payload.safeParse(raw);
      if (!res.success) return { ok: false, issues: res.error.issues };
      const value = res.data;
      return { ok: true, run: (ctx) => run(ctx, value) };
    },
  };
}

/** Thrown by a checked job whose stored payload does not match its schema: the scheduler marks the row missed. */
export class PayloadMismatch extends Error {
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(job: string, issues: readonly z.core.$ZodIssue[]) {
    super(`payload of ${job} does not match its schema`);
    this.issues = issues;
  }
}

/** How the scheduler calls a job, checked or not: with the stored payload. */
export function jobHandler(name: string, job: Job | UncheckedJob): UncheckedJob {
  if (typeof job === "function") return job;
  return (ctx, payload) => {
    const read = job.read(payload);
    if (!read.ok) throw new PayloadMismatch(name, read.issues);
    read.run(ctx);
  };
}

export interface ReactionInput {
  sender: UserId;
  agency: Agency | null;
  roomId: RoomId;
  eventId: EventId;
  target: EventId;
  /** The outbox row of ours the reaction is on. */
  targetRef: string | null;
  key: string;
  /** The keys of the sender's earlier reactions on the same message (redacted ones too): to hint only once. */
  earlier: readonly string[];
}

export interface RedactionInput {
  sender: UserId;
  roomId: RoomId;
  redacted: { eventId: EventId; key: string; target: EventId; targetRef: string | null };
}

export interface FamilySpec {
  /** English name, e.g. "op"; aliases include the German ones ("einsatz"). */
  name: string;
  aliases: readonly string[];
  title: Bilingual;
  /**
   * What this family sends must not reach someone of no agency (press texts, operations, hotspots,
   * audit exports, the situation picture): its verbs, jobs and reactions, unless a verb says otherwise.
   * In a room holding such a person it is withheld (roomSafety "withhold"). Default false.
   */
  sensitive?: boolean;
  verbs: readonly Verb[];
  /**
   * Scheduled jobs by name ("reminder"); the registry names them "<family>.<job>". Declared with
   * defineJob (payload checked against its schema) or, unchecked, as a plain function.
   */
  jobs?: Readonly<Record<string, Job | UncheckedJob>>;
  /** A reaction on one of our messages whose ref starts with one of these prefixes. */
  refPrefixes?: readonly string[];
  onReaction?: (ctx: BaseContext, r: ReactionInput) => void;
  onRedaction?: (ctx: BaseContext, r: RedactionInput) => void;
  /** A plain reply to one of our messages (e.g. "ok" on a draft card). */
  onReply?: (ctx: CommandContext, r: { targetRef: string; body: string }) => void;
  /**
   * This family's section of the shared situation picture (`!lage`), or null when it has nothing
   * to show. `order` sorts the sections (operations 10, press 20, committees 30, actions 40, spots 50).
   */
  situation?: { order: number; render: (ctx: BaseContext, range: { from: Date; to: Date }) => Rich | null };
  /**
   * What awaits `agency` in this family (drafts for its approval, gaps in its staffing), one line
   * each, for the greeting of a member who joined a room (commands/room/greeting.ts); [] for nothing.
   */
  newcomer?: (ctx: BaseContext, agency: Agency, range: { from: Date; to: Date }) => Rich[];
  /**
   * Deletes or anonymises this family's records whose retention period (config.retention) has
   * passed, writing one audit row per record (hash, not content). Run daily; returns how many.
   */
  retention?: (ctx: BaseContext) => number;
  /**
   * Adds what this family shows in a member's personal calendar feed (`!kalender abo`) to `cal`,
   * with the UIDs of its own .ics file, so a calendar holding both keeps one entry of each.
   */
  calendar?: (ctx: BaseContext, cal: ICalCalendar) => void;
}
