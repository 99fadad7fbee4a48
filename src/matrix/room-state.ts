// The state events of the joined rooms in a sync response, in the order they apply: the `state`
// section (state before the timeline) first, then state events in the timeline. One reading of the
// sync for everything that tracks room state (encryption, room safety).
import { z } from "zod";
import { asRoomId, asUserId } from "../ids.ts";
import type { RoomId } from "../ids.ts";
import type { RoomStateChange } from "../store/room-safety.ts";

type RawEvent = Record<string, unknown>;
type RoomSection = { state?: { events?: RawEvent[] }; timeline?: { events?: RawEvent[] } };
export type SyncRooms = { rooms?: { join?: Record<string, RoomSection> } };

export interface StateEvent {
  type: string;
  stateKey: string;
  sender: string;
  content: Record<string, unknown>;
}

const stateEvent = z.object({
  type: z.string(),
  state_key: z.string(),
  sender: z.string().catch(""),
  // Content we cannot read counts as empty (a redacted event, say).
  content: z.record(z.string(), z.unknown()).catch({}),
});

/** A raw event as a state event, or null when it is none (no type or state_key). */
export function asStateEvent(e: unknown): StateEvent | null {
  const parsed = stateEvent.safeParse(e);
  return parsed.success ? { type: parsed.data.type, stateKey: parsed.data.state_key, sender: parsed.data.sender, content: parsed.data.content } : null;
}

/** Per joined room of the sync, its state events in the order they apply. Rooms without any are left out. */
export function syncStateEvents(sync: SyncRooms): Array<{ roomId: RoomId; events: StateEvent[] }> {
  const out: Array<{ roomId: RoomId; events: StateEvent[] }> = [];
  for (const [rawId, room] of Object.entries(sync.rooms?.join ?? {})) {
    const roomId = asRoomId(rawId);
    if (!roomId) continue;
    const events = [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])].map(asStateEvent).filter((e) => e !== null);
    if (events.length > 0) out.push({ roomId, events });
  }
  return out;
}

/** The last event of this type and state key (the one in force), or undefined. */
export function latestState(events: readonly StateEvent[], type: string, stateKey = ""): StateEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e && e.type === type && e.stateKey === stateKey) return e;
  }
  return undefined;
}

const member = z.looseObject({ membership: z.string().max(64), displayname: z.unknown().optional() });
const aclContent = z.looseObject({
  allow: z.array(z.unknown()).optional(),
  deny: z.array(z.unknown()).optional(),
  allow_ip_literals: z.unknown().optional(),
});
const strings = (xs: readonly unknown[] | undefined): string[] => (xs ?? []).filter((x): x is string => typeof x === "string").slice(0, 500);
const word = (content: Record<string, unknown>, key: string): string | null => {
  const v = content[key];
  return typeof v === "string" && v.length > 0 ? v : null;
};

/** What a state event changes for room safety, or null when it does not matter for it. */
export function readStateChange(ev: StateEvent): RoomStateChange | null {
  switch (ev.type) {
    case "m.room.member": {
      const userId = asUserId(ev.stateKey);
      if (!userId) return null;
      const c = member.safeParse(ev.content);
      // A member event we cannot read (redacted, say) keeps nobody in the room.
      if (!c.success) return { kind: "member", userId, membership: "leave", displayName: null };
      const name = typeof c.data.displayname === "string" ? c.data.displayname : null;
      return { kind: "member", userId, membership: c.data.membership, displayName: name };
    }
    case "m.room.join_rules":
      return ev.stateKey === "" ? { kind: "joinRule", value: word(ev.content, "join_rule") } : null;
    case "m.room.guest_access":
      return ev.stateKey === "" ? { kind: "guestAccess", value: word(ev.content, "guest_access") } : null;
    case "m.room.history_visibility":
      return ev.stateKey === "" ? { kind: "historyVisibility", value: word(ev.content, "history_visibility") } : null;
    case "m.room.encryption":
      return ev.stateKey === "" ? { kind: "encryption" } : null;
    case "m.room.server_acl": {
      if (ev.stateKey !== "") return null;
      // Read as the spec does: an absent `allow` (also in an emptied event) admits no server at all.
      const c = aclContent.safeParse(ev.content);
      if (!c.success) return { kind: "serverAcl", acl: { allow: [], deny: [], allowIpLiterals: false } };
      return { kind: "serverAcl", acl: { allow: strings(c.data.allow), deny: strings(c.data.deny), allowIpLiterals: c.data.allow_ip_literals !== false } };
    }
    default:
      return null;
  }
}
