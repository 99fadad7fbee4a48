// Delayed events (MSC4140, unstable prefix): the homeserver holds an event and sends it after a delay
// unless the bot cancels it first. Paths as Synapse 1.163 serves them (synapse/rest/client/
// delayed_events.py and room.py); support is read from /capabilities, where Synapse always lists
// `org.matrix.msc4140.delayed_events` but with max_delay_ms 0 unless `max_event_delay_duration` is set.
import type { RoomId } from "../ids.ts";
import { errcodeOf } from "./errors.ts";

const enc = encodeURIComponent;
const PREFIX = "/_matrix/client/unstable/org.matrix.msc4140";
const CAPABILITY = "org.matrix.msc4140.delayed_events";
const FEATURE = "org.matrix.msc4140";

/** client.doRequest of matrix-bot-sdk (method, path, query, body). */
export type Requester = (method: "GET" | "PUT" | "POST", path: string, qs?: Record<string, string> | null, body?: unknown) => Promise<unknown>;

export type DelaySupport = { supported: true; maxDelayMs: number | null } | { supported: false };

export interface PendingDelayed {
  delayId: string;
  roomId: string;
  type: string;
}

export interface DelayedEvents {
  detect(): Promise<DelaySupport>;
  /** Schedules `content` as a `type` event into the room after `delayMs`; the delay_id. */
  schedule(roomId: RoomId, type: string, txnId: string, content: unknown, delayMs: number): Promise<string>;
  /** Cancels it; false when the homeserver no longer has it (sent already, or cancelled). */
  cancel(delayId: string): Promise<boolean>;
  /** Every delayed event of the bot's account still waiting. */
  list(): Promise<PendingDelayed[]>;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function delayedEvents(request: Requester): DelayedEvents {
  return {
    async detect() {
      const caps = record(record(await request("GET", "/_matrix/client/v3/capabilities").catch(() => null))?.["capabilities"]);
      const cap = record(caps?.[CAPABILITY]);
      if (cap) {
        const max = typeof cap["max_delay_ms"] === "number" ? cap["max_delay_ms"] : null;
        return max === 0 ? { supported: false } : { supported: true, maxDelayMs: max };
      }
      // A server that does not list the capability may still name the feature in /versions.
      const versions = record(await request("GET", "/_matrix/client/versions").catch(() => null));
      return record(versions?.["unstable_features"])?.[FEATURE] === true ? { supported: true, maxDelayMs: null } : { supported: false };
    },
    async schedule(roomId, type, txnId, content, delayMs) {
      const res = record(await request("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`, { "org.matrix.msc4140.delay": String(Math.round(delayMs)) }, content));
      const id = res?.["delay_id"];
      if (typeof id !== "string" || id === "") throw new Error("homeserver answered a delayed send without a delay_id");
      return id;
    },
    async cancel(delayId) {
      try {
        await request("POST", `${PREFIX}/delayed_events/${enc(delayId)}`, null, { action: "cancel" });
        return true;
      } catch (e) {
        if (errcodeOf(e) === "M_NOT_FOUND") return false;
        throw e;
      }
    },
    async list() {
      const res = record(await request("GET", `${PREFIX}/delayed_events`));
      const all = Array.isArray(res?.["delayed_events"]) ? (res["delayed_events"] as unknown[]) : [];
      return all.flatMap((v) => {
        const d = record(v);
        const delayId = d?.["delay_id"];
        if (!d || typeof delayId !== "string") return [];
        const str = (v: unknown) => (typeof v === "string" ? v : "");
        return [{ delayId, roomId: str(d["room_id"]), type: str(d["type"]) }];
      });
    },
  };
}
