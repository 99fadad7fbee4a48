/**
 * A human user driven over the plain client-server API v3 (fetch, no SDK): rooms, messages, replies,
 * mentions, reactions, edits, redactions, raw events, profile, and a background /sync loop.
 *
 * Waiting without races: take a mark *before* acting, then wait for what arrives after it.
 *
 *   await alice.startSync();
 *   const m = alice.mark();
 *   const cmd = await alice.send(room, "!hilfe");
 *   const reply = await alice.waitFor((ev) => ev.sender === botId && isReplyTo(ev, cmd), { after: m, description: "help reply" });
 *   expect(await alice.collect(room, 2_000)).toEqual([]);   // and nothing else arrives
 *
 * A mark counts what this person has *received*: an event they sent themselves just before may still
 * arrive after it.
 *
 * Every timeline event of joined rooms is kept in memory with an increasing sequence number (events
 * from before `startSync()` are not kept; events are deduplicated by ID, since Synapse may deliver
 * some twice). 429 answers are waited out. Person cannot encrypt: in encrypted rooms it sends
 * plaintext events, which Synapse accepts.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { MatrixHttpError, matrixRequest, registerUser } from "./synapse.ts";
import type { HomeserverRef } from "./synapse.ts";

export { MatrixHttpError };

/** One timeline event as a Person received it. `seq` orders events in the order of arrival. */
export interface TimelineEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  state_key?: string | undefined;
  /** Top-level target of a redaction in room versions before 11. */
  redacts?: string | undefined;
  content: Record<string, unknown>;
  unsigned?: Record<string, unknown> | undefined;
  origin_server_ts: number;
  seq: number;
}

/** `m.relates_to` of an event, flattened. All fields are undefined when the event relates to nothing. */
export interface Relation {
  relType: string | undefined;
  eventId: string | undefined;
  key: string | undefined;
  inReplyTo: string | undefined;
}

const relationSchema = z.object({
  rel_type: z.string().optional(),
  event_id: z.string().optional(),
  key: z.string().optional(),
  "m.in_reply_to": z.object({ event_id: z.string().optional() }).optional(),
});

/** The `body` of an event's content, "" when there is none. */
export function bodyOf(ev: Pick<TimelineEvent, "content">): string {
  const body = ev.content["body"];
  return typeof body === "string" ? body : "";
}

/** The event's relation (`m.relates_to`), flattened. */
export function relatesTo(ev: Pick<TimelineEvent, "content">): Relation {
  const parsed = relationSchema.safeParse(ev.content["m.relates_to"]);
  if (!parsed.success) return { relType: undefined, eventId: undefined, key: undefined, inReplyTo: undefined };
  return { relType: parsed.data.rel_type, eventId: parsed.data.event_id, key: parsed.data.key, inReplyTo: parsed.data["m.in_reply_to"]?.event_id };
}

/** Whether the event is a reply (`m.in_reply_to`) to `eventId`. */
export function isReplyTo(ev: Pick<TimelineEvent, "content">, eventId: string): boolean {
  return relatesTo(ev).inReplyTo === eventId;
}

/** The target of a redaction: `content.redacts` (room version 11) or the top-level `redacts`. */
export function redactsOf(ev: Pick<TimelineEvent, "content" | "redacts">): string | undefined {
  const inContent = ev.content["redacts"];
  return typeof inContent === "string" ? inContent : ev.redacts;
}

/** User IDs in `m.mentions.user_ids`. */
export function mentionsOf(ev: Pick<TimelineEvent, "content">): string[] {
  const parsed = z.object({ user_ids: z.array(z.string()) }).safeParse(ev.content["m.mentions"]);
  return parsed.success ? parsed.data.user_ids : [];
}

/** A short human-readable line for an event (for failure messages). */
export function describeEvent(ev: TimelineEvent): string {
  const rel = relatesTo(ev);
  const parts = [`#${ev.seq}`, ev.sender, ev.type];
  if (ev.state_key !== undefined) parts.push(`[${ev.state_key}]`);
  if (typeof ev.content["membership"] === "string") parts.push(ev.content["membership"]);
  if (rel.relType) parts.push(`(${rel.relType} ${rel.eventId ?? "?"}${rel.key ? ` ${rel.key}` : ""})`);
  if (rel.inReplyTo) parts.push(`(reply to ${rel.inReplyTo})`);
  const body = bodyOf(ev);
  if (body) parts.push(JSON.stringify(body.length > 120 ? `${body.slice(0, 120)}…` : body));
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------

const rawEventSchema = z.object({
  event_id: z.string(),
  sender: z.string(),
  type: z.string(),
  state_key: z.string().optional(),
  redacts: z.string().optional(),
  content: z.record(z.string(), z.unknown()).default({}),
  unsigned: z.record(z.string(), z.unknown()).optional(),
  origin_server_ts: z.number(),
});

const syncSchema = z.object({
  next_batch: z.string(),
  rooms: z
    .object({
      join: z
        .record(
          z.string(),
          z.object({ timeline: z.object({ events: z.array(z.unknown()).default([]), limited: z.boolean().optional() }).optional() }),
        )
        .optional(),
      invite: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

const eventIdSchema = z.object({ event_id: z.string() });
const roomIdSchema = z.object({ room_id: z.string() });
const emptySchema = z.object({});
const displayNameSchema = z.object({ displayname: z.string().nullish() });
const stateSchema = z.array(rawEventSchema);
const joinedMembersSchema = z.object({ joined: z.record(z.string(), z.unknown()) });
const powerLevelsSchema = z.looseObject({ users: z.record(z.string(), z.number()).optional() });

/** Timeline events per room per sync: more than this in one gap and events would be lost. */
const TIMELINE_LIMIT = 500;
const LONG_POLL_MS = 10_000;

interface Waiter {
  pred: (ev: TimelineEvent) => boolean;
  after: number;
  roomId: string | undefined;
  resolve: (ev: TimelineEvent) => void;
  reject: (e: Error) => void;
}

export interface SendOptions {
  msgtype?: "m.text" | "m.notice" | "m.emote";
  /** HTML body (`org.matrix.custom.html`). */
  html?: string;
  /** Event ID this message replies to (`m.in_reply_to`, no fallback). */
  replyTo?: string;
  /** User IDs for `m.mentions`. */
  mentions?: string[];
}

export interface WaitOptions {
  /** Only events after this mark (default: the current position). */
  after?: number;
  /** Alias of `after`. */
  since?: number;
  /** Only events of this room. */
  roomId?: string;
  /** Default 20 s. */
  timeoutMs?: number;
  /** What is awaited, for the error message. */
  description?: string;
}

export class Person {
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string | undefined;
  readonly hs: Pick<HomeserverRef, "url">;
  private readonly events: TimelineEvent[] = [];
  private readonly seen = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private readonly joinAttempted = new Set<string>();
  private seq = 0;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private lastSyncError: string | undefined;
  private limitedRooms: string[] = [];

  constructor(hs: Pick<HomeserverRef, "url">, userId: string, accessToken: string, deviceId?: string) {
    this.hs = hs;
    this.userId = userId;
    this.accessToken = accessToken;
    this.deviceId = deviceId;
  }

  /** Registers a new user (shared-secret admin API) and returns them. */
  static async create(hs: Pick<HomeserverRef, "url" | "sharedSecret">, localpart: string, displayName?: string): Promise<Person> {
    const u = await registerUser(hs, localpart, displayName === undefined ? {} : { displayName });
    return new Person(hs, u.userId, u.accessToken, u.deviceId);
  }

  /** One authenticated client-server request; `path` starts with `/_matrix/…`. */
  request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body: unknown, schema: z.ZodType<T>, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    return matrixRequest({ method, url: `${this.hs.url}${path}`, accessToken: this.accessToken, body, signal: opts.signal, timeoutMs: opts.timeoutMs }, schema);
  }

  // ---- rooms -------------------------------------------------------------------------------

  /** Creates a room (private_chat by default: invitees get power level 0 and may send). */
  async createRoom(
    opts: { name?: string; topic?: string; invite?: string[]; encrypted?: boolean; preset?: "private_chat" | "public_chat"; powerLevels?: Record<string, number> } = {},
  ): Promise<string> {
    const initialState: unknown[] = [];
    if (opts.encrypted) initialState.push({ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } });
    const body: Record<string, unknown> = { preset: opts.preset ?? "private_chat", invite: opts.invite ?? [], initial_state: initialState };
    if (opts.name !== undefined) body["name"] = opts.name;
    if (opts.topic !== undefined) body["topic"] = opts.topic;
    if (opts.powerLevels) body["power_level_content_override"] = { users: { [this.userId]: 100, ...opts.powerLevels } };
    return (await this.request("POST", "/_matrix/client/v3/createRoom", body, roomIdSchema)).room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, { user_id: userId }, emptySchema);
  }

  async join(roomId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/join/${enc(roomId)}`, {}, roomIdSchema);
  }

  async leave(roomId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/leave`, {}, emptySchema);
  }

  async kick(roomId: string, userId: string, reason?: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/kick`, reason === undefined ? { user_id: userId } : { user_id: userId, reason }, emptySchema);
  }

  /** All current state events of a room. */
  async roomState(roomId: string): Promise<Omit<TimelineEvent, "seq" | "room_id">[]> {
    return this.request("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state`, undefined, stateSchema);
  }

  /** User IDs currently joined to a room. */
  async joinedMembers(roomId: string): Promise<string[]> {
    return Object.keys((await this.request("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/joined_members`, undefined, joinedMembersSchema)).joined);
  }

  /** Sets one user's power level (needs the right to change power levels). */
  async setPowerLevel(roomId: string, userId: string, level: number): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.power_levels/`;
    const current = await this.request("GET", path, undefined, powerLevelsSchema);
    return (await this.request("PUT", path, { ...current, users: { ...current.users, [userId]: level } }, eventIdSchema)).event_id;
  }

  // ---- events ------------------------------------------------------------------------------

  /** Sends any event (also malformed content) with a fresh transaction ID; returns its event ID. */
  async sendRaw(roomId: string, type: string, content: unknown): Promise<string> {
    return (await this.request("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/${enc(type)}/${txnId()}`, content, eventIdSchema)).event_id;
  }

  /** Sends a state event; returns its event ID. */
  async sendState(roomId: string, type: string, stateKey: string, content: unknown): Promise<string> {
    return (await this.request("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`, content, eventIdSchema)).event_id;
  }

  /** Sends an `m.room.message` (m.text unless told otherwise); returns its event ID. */
  send(roomId: string, body: string, opts: SendOptions = {}): Promise<string> {
    const content: Record<string, unknown> = { msgtype: opts.msgtype ?? "m.text", body };
    if (opts.html !== undefined) {
      content["format"] = "org.matrix.custom.html";
      content["formatted_body"] = opts.html;
    }
    if (opts.replyTo !== undefined) content["m.relates_to"] = { "m.in_reply_to": { event_id: opts.replyTo } };
    if (opts.mentions !== undefined) content["m.mentions"] = { user_ids: opts.mentions };
    return this.sendRaw(roomId, "m.room.message", content);
  }

  /** Reacts with `key` (an `m.annotation`); returns the reaction's event ID. */
  react(roomId: string, eventId: string, key: string): Promise<string> {
    return this.sendRaw(roomId, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } });
  }

  /** Edits a message (`m.replace`, body `* new`, `m.new_content`); returns the edit's event ID. */
  edit(roomId: string, eventId: string, newBody: string, opts: { msgtype?: "m.text" | "m.notice" } = {}): Promise<string> {
    const msgtype = opts.msgtype ?? "m.text";
    return this.sendRaw(roomId, "m.room.message", {
      msgtype,
      body: `* ${newBody}`,
      "m.new_content": { msgtype, body: newBody },
      "m.relates_to": { rel_type: "m.replace", event_id: eventId },
    });
  }

  /** Redacts an event; returns the redaction's event ID. */
  async redact(roomId: string, eventId: string, reason?: string): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/redact/${enc(eventId)}/${txnId()}`;
    return (await this.request("PUT", path, reason === undefined ? {} : { reason }, eventIdSchema)).event_id;
  }

  /** Fetches one event as the server has it now (e.g. to see a redaction applied). */
  async getEvent(roomId: string, eventId: string): Promise<Omit<TimelineEvent, "seq" | "room_id">> {
    return this.request("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/event/${enc(eventId)}`, undefined, rawEventSchema);
  }

  // ---- profile and media -------------------------------------------------------------------

  async getDisplayName(userId: string = this.userId): Promise<string | undefined> {
    try {
      return (await this.request("GET", `/_matrix/client/v3/profile/${enc(userId)}/displayname`, undefined, displayNameSchema)).displayname ?? undefined;
    } catch (e) {
      if (e instanceof MatrixHttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  async setDisplayName(name: string): Promise<void> {
    await this.request("PUT", `/_matrix/client/v3/profile/${enc(this.userId)}/displayname`, { displayname: name }, emptySchema);
  }

  /** Downloads an `mxc://` file (authenticated media) as text. */
  async download(mxc: string): Promise<string> {
    const m = /^mxc:\/\/([^/]+)\/([^/?#]+)$/.exec(mxc);
    if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`not an mxc:// URL: ${mxc}`);
    const res = await fetch(`${this.hs.url}/_matrix/client/v1/media/download/${enc(m[1])}/${enc(m[2])}`, {
      headers: { authorization: `Bearer ${this.accessToken}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new MatrixHttpError("GET", `media ${mxc}`, res.status, await res.text());
    return res.text();
  }

  // ---- sync --------------------------------------------------------------------------------

  /**
   * Starts the background /sync loop and resolves once the initial sync is done: events from before
   * are not kept. With `autoJoin`, every invite is accepted.
   */
  startSync(opts: { autoJoin?: boolean } = {}): Promise<void> {
    this.starting ??= this.beginSync(opts.autoJoin ?? false).catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    return this.starting;
  }

  private async beginSync(autoJoin: boolean): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.lastSyncError = undefined;
    // A filter unique to this start: Synapse caches /sync answers per request for a while, and a
    // cached initial sync would carry an old token and replay old events as new ones.
    const initialFilter = JSON.stringify({
      room: { timeline: { limit: 1 }, state: { lazy_load_members: true } },
      presence: { not_types: ["*"] },
      "org.lagebot.test.nonce": randomBytes(8).toString("hex"),
    });
    const first = await this.request("GET", `/_matrix/client/v3/sync?timeout=0&filter=${enc(initialFilter)}`, undefined, syncSchema, { signal: abort.signal });
    this.loop = this.syncLoop(first.next_batch, autoJoin, abort.signal);
    if (autoJoin) await this.acceptInvites(Object.keys(first.rooms?.invite ?? {}));
  }

  /** Ends the sync loop; pending waiters are rejected. Resolves when the loop has ended. */
  async stopSync(): Promise<void> {
    const loop = this.loop;
    this.abort?.abort();
    this.abort = undefined;
    this.loop = undefined;
    this.starting = undefined;
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      w.reject(new Error(`${this.userId}: sync stopped while waiting`));
    }
    await loop;
  }

  private async syncLoop(token: string, autoJoin: boolean, signal: AbortSignal): Promise<void> {
    const filter = JSON.stringify({ room: { timeline: { limit: TIMELINE_LIMIT } }, presence: { not_types: ["*"] } });
    let since = token;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const path = `/_matrix/client/v3/sync?timeout=${LONG_POLL_MS}&since=${enc(since)}&filter=${enc(filter)}`;
        const s = await this.request("GET", path, undefined, syncSchema, { signal, timeoutMs: LONG_POLL_MS + 20_000 });
        failures = 0;
        this.lastSyncError = undefined;
        since = s.next_batch;
        for (const [roomId, room] of Object.entries(s.rooms?.join ?? {})) {
          if (room.timeline?.limited && this.seq > 0) this.limitedRooms.push(roomId);
          for (const raw of room.timeline?.events ?? []) {
            const parsed = rawEventSchema.safeParse(raw);
            if (parsed.success) this.record({ ...parsed.data, room_id: roomId, seq: 0 });
          }
        }
        if (autoJoin) await this.acceptInvites(Object.keys(s.rooms?.invite ?? {}));
      } catch (e) {
        // Read anew: the signal may have fired during the request (TypeScript keeps the loop's narrowing).
        if (hasAborted(signal)) return;
        failures++;
        this.lastSyncError = e instanceof Error ? e.message : String(e);
        await sleep(Math.min(100 * 2 ** failures, 2_000), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async acceptInvites(roomIds: string[]): Promise<void> {
    for (const roomId of roomIds) {
      if (this.joinAttempted.has(roomId)) continue;
      this.joinAttempted.add(roomId);
      try {
        await this.join(roomId);
      } catch (e) {
        this.lastSyncError = `auto-join ${roomId}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }

  private record(ev: TimelineEvent): void {
    if (this.seen.has(ev.event_id)) return;
    this.seen.add(ev.event_id);
    const stored: TimelineEvent = { ...ev, seq: ++this.seq };
    this.events.push(stored);
    for (const w of [...this.waiters]) {
      let hit: boolean;
      try {
        hit = matches(stored, w.after, w.roomId, w.pred);
      } catch (e) {
        this.waiters.delete(w);
        w.reject(new Error(`waitFor predicate threw on ${describeEvent(stored)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
        continue;
      }
      if (hit) {
        this.waiters.delete(w);
        w.resolve(stored);
      }
    }
  }

  /** The current position: `waitFor(…, { after: mark })` and `eventsSince(mark)` see only later events. */
  mark(): number {
    return this.seq;
  }

  /** Events received after `mark`, in order of arrival (optionally of one room). */
  eventsSince(mark: number, roomId?: string): TimelineEvent[] {
    return this.events.filter((e) => e.seq > mark && (roomId === undefined || e.room_id === roomId));
  }

  /**
   * The first event after `opts.after` (default: now) that matches; rejects after `timeoutMs`
   * (default 20 s) naming `description` and the last events seen.
   */
  waitFor(pred: (ev: TimelineEvent) => boolean, opts: WaitOptions = {}): Promise<TimelineEvent> {
    const description = opts.description ?? "a matching event";
    if (!this.loop) return Promise.reject(new Error(`${this.userId} waits for ${description} but is not syncing: call startSync() first`));
    const after = opts.after ?? opts.since ?? this.seq;
    let already: TimelineEvent | undefined;
    try {
      already = this.events.find((e) => matches(e, after, opts.roomId, pred));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (already) return Promise.resolve(already);
    const timeoutMs = opts.timeoutMs ?? 20_000;
    return new Promise<TimelineEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(this.timeoutMessage(description, timeoutMs, after, opts.roomId)));
      }, timeoutMs);
      const waiter: Waiter = {
        pred,
        after,
        roomId: opts.roomId,
        resolve: (ev) => {
          clearTimeout(timer);
          resolve(ev);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private timeoutMessage(description: string, timeoutMs: number, after: number, roomId: string | undefined): string {
    const where = roomId === undefined ? "" : ` in ${roomId}`;
    const lines = [`${this.userId} waited ${timeoutMs} ms for ${description}${where} (after #${after}); none came.`];
    const since = this.eventsSince(after, roomId);
    const recent = since.length > 0 ? since.slice(-10) : this.events.filter((e) => roomId === undefined || e.room_id === roomId).slice(-5);
    lines.push(since.length > 0 ? `Last events since then (${since.length} in all):` : "Nothing arrived since then; last events before:");
    for (const e of recent) lines.push(`  ${describeEvent(e)}`);
    if (recent.length === 0) lines.push("  (none)");
    if (this.lastSyncError) lines.push(`Last sync error: ${this.lastSyncError}`);
    if (this.limitedRooms.length > 0) lines.push(`Warning: timeline gaps (more than ${TIMELINE_LIMIT} events in one sync) in ${[...new Set(this.limitedRooms)].join(", ")}`);
    return lines.join("\n");
  }

  /** Waits `forMs` and returns what arrived meanwhile in `roomId` (to assert that nothing else came). */
  async collect(roomId: string, forMs: number): Promise<TimelineEvent[]> {
    if (!this.loop) throw new Error(`${this.userId} collects events but is not syncing: call startSync() first`);
    const m = this.mark();
    await sleep(forMs);
    return this.eventsSince(m, roomId);
  }
}

function matches(ev: TimelineEvent, after: number, roomId: string | undefined, pred: (ev: TimelineEvent) => boolean): boolean {
  return ev.seq > after && (roomId === undefined || ev.room_id === roomId) && pred(ev);
}

/** A signal's state now, not as narrowed by an earlier check. */
function hasAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function txnId(): string {
  return `lt${Date.now().toString(36)}${randomBytes(6).toString("hex")}`;
}
