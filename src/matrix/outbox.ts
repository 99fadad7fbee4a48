// Sends outbox rows: one worker per room keeps that room's order; each row is PUT with its stored
// txnId, so a retry after a crash or timeout is deduplicated by the homeserver, not posted twice.
import type { Logger } from "pino";
import type { Database } from "../db/open.ts";
import type { EventId, RoomId } from "../ids.ts";
import { openDirect } from "./direct.ts";
import type { DirectTransport } from "./direct.ts";
import { EncryptionStateUnknown, EncryptionUnavailable } from "./encryption.ts";
import { describeError, errcodeOf, httpStatus, isNetworkError } from "./errors.ts";
import { RATE_LIMITED, getOutbox, headOfRoom, markFailed, markRetry, markSent, pendingRooms, queuedFor, retryNow, updateContent } from "../store/outbox.ts";
import type { OutboxId, OutboxRow } from "../store/outbox.ts";
import { resolveOutboxLinks } from "../render/event-link.ts";

export interface Transport {
  sendEvent(roomId: RoomId, type: string, txnId: string, content: Record<string, unknown>): Promise<EventId>;
  redact(roomId: RoomId, target: EventId, txnId: string, reason: string | undefined): Promise<EventId>;
  /** Whether messages into the room go out encrypted; rejects while that cannot be found out. */
  encrypts(roomId: RoomId): Promise<boolean>;
  /** Uploads a file: as ciphertext with its key (`file`) when `encrypt`, else as it is (`url`). */
  upload(roomId: RoomId, data: Buffer, name: string, mime: string, encrypt: boolean): Promise<{ url: string } | { file: Record<string, unknown> }>;
  /** Direct rooms for 'direct' rows; without it such rows (and what waits behind them) fail. */
  direct?: DirectTransport;
}

/** Asked at send time about every sensitive row: whether it may go out into its room now. */
export interface SendGuard {
  /**
   * Null to send the row; else the message to send in its place (a notice that it was withheld) and
   * what to record once that notice went out (the row withheld for good, audited).
   */
  insteadOf(row: OutboxRow): { content: Record<string, unknown>; record: () => void } | null;
}

export type SendFailure = { kind: "retry"; afterMs: number; reason: string; serverError?: true } | { kind: "fatal"; reason: string };

const MAX_BACKOFF_MS = 30_000;
/**
 * A message the homeserver answers with 5xx this often, while its sync works, is refused for what it
 * is (4 to 6 minutes of backoff, with jitter): it is given up so the room's later messages are not
 * stuck behind it. Rate limits and failures during an outage do not count.
 */
export const GIVE_UP_AFTER_SERVER_ERRORS = 16;
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * The content with lone surrogates replaced by U+FFFD. Synapse answers 500 to them, for ever: one
 * such message (a command echoed in an error, say) would block its room's queue.
 */
export function wellFormedContent(content: Record<string, unknown>): Record<string, unknown> {
  const text = (s: string): string => s.replace(LONE_SURROGATE, "\uFFFD");
  const clean = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(clean);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), clean(x)]));
    return v;
  };
  return Object.fromEntries(Object.entries(content).map(([k, x]) => [text(k), clean(x)]));
}

/** 429 → wait as told; 5xx and network errors → bounded exponential backoff; other 4xx → give up. */
export function classifyError(e: unknown, attempts: number): SendFailure {
  const obj = typeof e === "object" && e !== null ? (e as Record<string, unknown>) : {};
  const status = httpStatus(e);
  const errcode = errcodeOf(e);
  // Whole milliseconds: the next attempt's time goes into an INTEGER column of a STRICT table.
  const backoff = Math.round(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10)) * (0.75 + Math.random() * 0.5));
  // Never given up: the message waits, as during an outage, until the room's encryption is known.
  if (e instanceof EncryptionStateUnknown) return { kind: "retry", afterMs: backoff, reason: e.code };
  if (e instanceof EncryptionUnavailable) return { kind: "fatal", reason: e.message };
  if (status === 429 || errcode === "M_LIMIT_EXCEEDED") {
    const told = typeof obj["retryAfterMs"] === "number" ? obj["retryAfterMs"] : null;
    return { kind: "retry", afterMs: told ?? backoff, reason: RATE_LIMITED };
  }
  if (status === null) return { kind: "retry", afterMs: backoff, reason: isNetworkError(e) ? String(obj["code"]) : e instanceof Error ? describeError(e) : "network error" };
  if (status >= 500) return { kind: "retry", afterMs: backoff, reason: `HTTP ${status}`, serverError: true };
  if (status === 408) return { kind: "retry", afterMs: backoff, reason: `HTTP ${status}` };
  return { kind: "fatal", reason: `HTTP ${status}${errcode ? ` ${errcode}` : ""}` };
}

export class OutboxSender {
  private readonly workers = new Map<RoomId, Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private stopping = false;
  private readonly db: Database;
  private readonly transport: Transport;
  private readonly log: Logger;
  retries = 0;
  lastError: string | null = null;

  private readonly online: () => boolean;
  /** 5xx answers per pending row while the homeserver answered otherwise (since this start). */
  private readonly serverErrors = new Map<OutboxId, number>();
  /** Called as a message's first PUT starts, with how long it waited in the outbox (ms). */
  onFirstSend: ((queuedMs: number) => void) | null = null;

  private readonly guard: SendGuard | null;

  /** `online`: whether the homeserver answers otherwise (its sync works); `guard`: room safety for sensitive rows. */
  constructor(db: Database, transport: Transport, log: Logger, online: () => boolean = () => true, guard: SendGuard | null = null) {
    this.db = db;
    this.transport = transport;
    this.log = log;
    this.online = online;
    this.guard = guard;
  }

  /** Starts a worker for every room with pending rows that has none running. */
  wake(): void {
    if (this.stopping) return;
    // Wake sleeping workers so newly added rows are not stuck behind a long backoff of nothing.
    for (const room of pendingRooms(this.db)) {
      if (this.workers.has(room)) continue;
      const w = this.runRoom(room).finally(() => {
        this.workers.delete(room);
        if (!this.stopping && headOfRoom(this.db, room)) this.wake();
      });
      this.workers.set(room, w);
    }
  }

  /** The homeserver answers again: rows backing off after network or server errors go now, not after their backoff. */
  retryNow(): void {
    if (this.stopping || retryNow(this.db, Date.now()) === 0) return;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      this.timers.delete(t);
      t.resolve();
    }
    this.wake();
  }

  /** Stops taking new rows; waits for sends in flight (their rows stay pending if unfinished). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    await Promise.allSettled([...this.workers.values()]);
  }

  get busy(): number {
    return this.workers.size;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = { timer: setTimeout(() => { this.timers.delete(t); resolve(); }, ms), resolve };
      this.timers.add(t);
    });
  }

  private async runRoom(room: RoomId): Promise<void> {
    while (!this.stopping) {
      const row = headOfRoom(this.db, room);
      if (!row) return;
      const wait = row.nextAttemptAt - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      await this.attempt(row);
    }
  }

  private async attempt(row: OutboxRow): Promise<void> {
    // A fresh row's next attempt is the time it was queued.
    if (row.attempts === 0) this.onFirstSend?.(Math.max(0, Date.now() - row.nextAttemptAt));
    try {
      if (row.kind === "direct") {
        await this.openDirect(row);
        this.serverErrors.delete(row.id);
        this.wake(); // the user's rows now wait in the direct room's queue
        return;
      }
      // Asked now, not when the row was queued: a stranger who joined meanwhile stops it (within one sync).
      const instead = row.sensitive !== null ? (this.guard?.insteadOf(row) ?? null) : null;
      if (instead) {
        await this.transport.sendEvent(row.roomId, "m.room.message", `${row.txnId}.withheld`, wellFormedContent(instead.content));
        instead.record();
        this.log.info({ outboxId: row.id, roomId: row.roomId }, "sensitive message withheld: the room holds someone of no agency");
      } else {
        const eventId = await this.send(row);
        markSent(this.db, row.id, eventId, Date.now());
      }
      this.serverErrors.delete(row.id);
    } catch (e) {
      this.failed(row, e);
    }
  }

  private failed(row: OutboxRow, e: unknown): void {
    if (e instanceof TargetMissing) {
      markFailed(this.db, row.id, e.message);
      this.log.warn({ outboxId: row.id, roomId: row.roomId, reason: e.message }, "outbox row has nothing to act on (target never sent, or no direct room); dropped");
      return;
    }
    const f = classifyError(e, row.attempts);
    this.lastError = f.reason;
    // Only 5xx while the homeserver answers otherwise count: 429s and outages are waited out.
    const counts = f.kind === "retry" && f.serverError === true && this.online();
    const refusals = (this.serverErrors.get(row.id) ?? 0) + (counts ? 1 : 0);
    if (counts) this.serverErrors.set(row.id, refusals);
    if (refusals >= GIVE_UP_AFTER_SERVER_ERRORS) {
      this.serverErrors.delete(row.id);
      markFailed(this.db, row.id, f.reason);
      this.log.error({ outboxId: row.id, roomId: row.roomId, reason: f.reason, attempts: row.attempts + 1 }, "homeserver keeps refusing this message while it answers otherwise; given up so the room's later messages can go");
    } else if (f.kind === "fatal") {
      this.serverErrors.delete(row.id);
      markFailed(this.db, row.id, f.reason);
      this.log.error({ outboxId: row.id, roomId: row.roomId, reason: f.reason }, "outbox send failed permanently");
    } else {
      this.retries++;
      markRetry(this.db, row.id, Date.now() + f.afterMs, f.reason);
      this.log.warn({ outboxId: row.id, roomId: row.roomId, reason: f.reason, retryInMs: Math.round(f.afterMs) }, "outbox send will be retried");
    }
  }

  private targetOf(row: OutboxRow): EventId {
    if (row.targetEventId) return row.targetEventId;
    const t = row.targetOutboxId ? getOutbox(this.db, row.targetOutboxId) : null;
    // Same room and a lower id, so it went out first; if it failed, there is nothing to edit.
    if (!t?.eventId) throw new TargetMissing(`target of outbox row ${row.id} has no event`);
    return t.eventId;
  }

  private async openDirect(row: OutboxRow): Promise<void> {
    const user = queuedFor(row.roomId);
    if (!user) throw new TargetMissing(`direct row ${row.id} names no user`);
    if (!this.transport.direct) throw new TargetMissing(`direct row ${row.id}: this transport opens no direct rooms`);
    await openDirect(this.db, this.transport.direct, user, Date.now);
  }

  private async send(row: OutboxRow): Promise<EventId> {
    // Still under the user's ID: the 'direct' row before it failed, so there is no room to send to.
    if (queuedFor(row.roomId)) throw new TargetMissing(`outbox row ${row.id}: the direct room with ${row.roomId} could not be opened`);
    // Links to our other messages (render/event-link.ts) name their events, sent before this row.
    const linked = (): Record<string, unknown> => resolveOutboxLinks(row.content, row.roomId, (id) => getOutbox(this.db, id as OutboxId)?.eventId ?? null);
    switch (row.kind) {
      case "message":
        return this.transport.sendEvent(row.roomId, row.eventType, row.txnId, wellFormedContent(linked()));
      case "edit": {
        const target = this.targetOf(row);
        const own = linked();
        const body = typeof own["body"] === "string" ? own["body"] : "";
        const html = typeof own["formatted_body"] === "string" ? own["formatted_body"] : "";
        // The outer m.mentions is empty: an edit must not ping the people the first version already pinged.
        const content = {
          ...own, body: `* ${body}`, formatted_body: `* ${html}`, "m.mentions": {},
          "m.new_content": own, "m.relates_to": { rel_type: "m.replace", event_id: target },
        };
        return this.transport.sendEvent(row.roomId, row.eventType, row.txnId, wellFormedContent(content));
      }
      case "reaction": {
        const rel = (row.content["m.relates_to"] ?? {}) as Record<string, unknown>;
        return this.transport.sendEvent(row.roomId, "m.reaction", row.txnId, wellFormedContent({ "m.relates_to": { ...rel, event_id: this.targetOf(row) } }));
      }
      case "redaction": {
        const reason = typeof row.content["reason"] === "string" ? row.content["reason"].replace(LONE_SURROGATE, "\uFFFD") : undefined;
        return this.transport.redact(row.roomId, this.targetOf(row), row.txnId, reason);
      }
      case "upload": {
        let content = row.content;
        // A file uploaded in clear is not reused once the room turned encrypted meanwhile.
        const encrypt = await this.transport.encrypts(row.roomId);
        const uploaded = content["file"] !== undefined || (!encrypt && typeof content["url"] === "string");
        if (!uploaded) {
          if (!row.file) throw new TargetMissing(`upload row ${row.id} has no file`);
          const { url: _url, ...rest } = content;
          const media = await this.transport.upload(row.roomId, row.file.data, row.file.name, row.file.mime, encrypt);
          // Remember the media (and, encrypted, its key) so a retry does not upload the file again.
          content = { ...rest, ...media };
          updateContent(this.db, row.id, content);
        }
        return this.transport.sendEvent(row.roomId, row.eventType, row.txnId, wellFormedContent(content));
      }
      case "direct":
        throw new Error(`direct row ${row.id} is opened, not sent`);
      default: {
        const never: never = row.kind;
        throw new Error(`unknown outbox kind ${String(never)}`);
      }
    }
  }
}

class TargetMissing extends Error {}
