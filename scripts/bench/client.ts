// A lean Matrix client for the benchmark: PUT a message, and one /sync loop that stamps the arrival
// of every event. No schema parsing and no per-event search, so the load generator stays cheap.
import { randomBytes } from "node:crypto";

export interface Seen {
  eventId: string;
  roomId: string;
  sender: string;
  type: string;
  /** `m.in_reply_to` target, if any. */
  replyTo: string | null;
  body: string;
  /** Length of the HTML body (0 without one). */
  htmlLength: number;
  originTs: number;
  /** performance.now() when the sync response holding it had arrived. */
  arrivedAt: number;
}

type RawEvent = { event_id?: string; sender?: string; type?: string; origin_server_ts?: number; content?: Record<string, unknown> };
type RawSync = { next_batch: string; rooms?: { join?: Record<string, { timeline?: { events?: RawEvent[]; limited?: boolean } }> } };

export class BenchUser {
  readonly hs: string;
  readonly userId: string;
  readonly token: string;
  private txn = 0;
  private readonly prefix = randomBytes(4).toString("hex");
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** Rooms where a sync had a gap: events were missed and results cannot be trusted. */
  readonly gaps = new Set<string>();

  constructor(hs: string, userId: string, token: string) {
    this.hs = hs;
    this.userId = userId;
    this.token = token;
  }

  async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Record<string, unknown>> {
    for (;;) {
      const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" } };
      if (body !== undefined) init.body = JSON.stringify(body);
      if (signal) init.signal = signal;
      const res = await fetch(`${this.hs}${path}`, init);
      const text = await res.text();
      const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      // The bench lifts rate limits; a 429 here means that failed, so wait it out but say so.
      if (res.status === 429) {
        process.stderr.write(`429 for ${this.userId}: ${text}\n`);
        await new Promise((r) => setTimeout(r, typeof json["retry_after_ms"] === "number" ? json["retry_after_ms"] : 500));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return json;
    }
  }

  /** Sends a text message; resolves with its event ID once the homeserver accepted it. */
  async send(roomId: string, body: string): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/b${this.prefix}.${++this.txn}`;
    const res = await this.request("PUT", path, { msgtype: "m.text", body });
    return String(res["event_id"]);
  }

  async join(roomId: string): Promise<void> {
    await this.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
  }

  async createRoom(name: string, invite: string[]): Promise<string> {
    const res = await this.request("POST", "/_matrix/client/v3/createRoom", { preset: "private_chat", name, invite });
    return String(res["room_id"]);
  }

  /** Starts syncing from now on (events before are skipped) and calls `onEvent` for each new one. */
  async startSync(onEvent: (e: Seen) => void): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1000 }, state: { lazy_load_members: true } }, presence: { not_types: ["*"] }, account_data: { not_types: ["*"] } }));
    const first = (await this.request("GET", `/_matrix/client/v3/sync?timeout=0&filter=${filter}&_=${Date.now()}`, undefined, abort.signal)) as unknown as RawSync;
    let since = first.next_batch;
    // stopSync() aborts while a request is out: read the flag anew, not as narrowed above.
    const stopped = () => abort.signal.aborted;
    this.loop = (async () => {
      while (!abort.signal.aborted) {
        let s: RawSync;
        try {
          s = (await this.request("GET", `/_matrix/client/v3/sync?timeout=10000&since=${encodeURIComponent(since)}&filter=${filter}`, undefined, abort.signal)) as unknown as RawSync;
        } catch (e) {
          if (stopped()) return;
          process.stderr.write(`sync of ${this.userId} failed: ${e instanceof Error ? e.message : String(e)}\n`);
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        const arrivedAt = performance.now();
        since = s.next_batch;
        for (const [roomId, room] of Object.entries(s.rooms?.join ?? {})) {
          if (room.timeline?.limited) this.gaps.add(roomId);
          for (const ev of room.timeline?.events ?? []) onEvent(toSeen(roomId, ev, arrivedAt));
        }
      }
    })();
  }

  async stopSync(): Promise<void> {
    this.abort?.abort();
    await this.loop?.catch(() => undefined);
    this.loop = null;
  }
}

function toSeen(roomId: string, ev: RawEvent, arrivedAt: number): Seen {
  const content = ev.content ?? {};
  const rel = content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined;
  return {
    eventId: ev.event_id ?? "", roomId, sender: ev.sender ?? "", type: ev.type ?? "",
    replyTo: rel?.["m.in_reply_to"]?.event_id ?? null, body: typeof content["body"] === "string" ? content["body"] : "",
    htmlLength: typeof content["formatted_body"] === "string" ? content["formatted_body"].length : 0,
    originTs: ev.origin_server_ts ?? 0, arrivedAt,
  };
}
