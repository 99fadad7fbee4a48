// zod schemas of the events we read from the network, normalised into one discriminated union.
import { z } from "zod";
import { asEventId, asRoomId, asUserId } from "../ids.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";

const MAX_BODY = 64 * 1024;

const envelope = z.object({
  event_id: z.string().min(1).max(255),
  sender: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  origin_server_ts: z.number().int().nonnegative(),
  content: z.record(z.string(), z.unknown()),
  redacts: z.string().optional(),
  state_key: z.string().optional(),
});

const relatesTo = z.object({
  rel_type: z.string().optional(),
  event_id: z.string().optional(),
  key: z.string().max(64).optional(),
  "m.in_reply_to": z.object({ event_id: z.string() }).optional(),
});

const messageContent = z.object({
  msgtype: z.string(),
  body: z.string(),
  format: z.string().optional(),
  formatted_body: z.string().optional(),
  "m.relates_to": relatesTo.optional(),
});

const reactionContent = z.object({
  "m.relates_to": z.object({ rel_type: z.literal("m.annotation"), event_id: z.string(), key: z.string().max(64) }),
});

interface Base {
  eventId: EventId;
  roomId: RoomId;
  sender: UserId;
  ts: number;
}

export type Incoming =
  | (Base & {
      kind: "message";
      msgtype: string;
      body: string;
      formattedBody: string | undefined;
      relType: string | undefined;
      replyTo: EventId | undefined;
      /** The event an edit (m.replace) replaces. */
      replaces: EventId | undefined;
      tooLong: boolean;
    })
  | (Base & { kind: "reaction"; target: EventId; key: string })
  | (Base & { kind: "redaction"; redacts: EventId })
  | (Base & { kind: "undecryptable"; relType: string | undefined })
  | { kind: "invalid"; reason: string };

// U+0000 means nothing in a chat message, and SQLite's length() stops at it, so a text beginning
// with one would fail the tables' length CHECKs (an internal error instead of an answer).
const withoutNul = (s: string): string => s.replaceAll("\u0000", "");

/** Normalises a raw event; anything malformed becomes { kind: "invalid" } instead of throwing. */
export function readEvent(roomIdRaw: string, raw: unknown): Incoming {
  const env = envelope.safeParse(raw);
  if (!env.success) return { kind: "invalid", reason: "envelope" };
  const e = env.data;
  const eventId = asEventId(e.event_id);
  const roomId = asRoomId(roomIdRaw);
  const sender = asUserId(e.sender);
  if (!eventId || !roomId || !sender) return { kind: "invalid", reason: "ids" };
  const base: Base = { eventId, roomId, sender, ts: e.origin_server_ts };
  switch (e.type) {
    case "m.room.message": {
      const c = messageContent.safeParse(e.content);
      if (!c.success) return { kind: "invalid", reason: "message content" };
      const rel = c.data["m.relates_to"];
      const replyTo = rel?.["m.in_reply_to"]?.event_id;
      return {
        ...base,
        kind: "message",
        msgtype: c.data.msgtype,
        body: withoutNul(c.data.body).slice(0, MAX_BODY),
        formattedBody: c.data.formatted_body === undefined ? undefined : withoutNul(c.data.formatted_body).slice(0, MAX_BODY),
        relType: rel?.rel_type,
        replyTo: replyTo ? (asEventId(replyTo) ?? undefined) : undefined,
        replaces: rel?.rel_type === "m.replace" && rel.event_id ? (asEventId(rel.event_id) ?? undefined) : undefined,
        tooLong: c.data.body.length > MAX_BODY,
      };
    }
    case "m.reaction": {
      const c = reactionContent.safeParse(e.content);
      const target = c.success ? asEventId(c.data["m.relates_to"].event_id) : null;
      if (!c.success || !target) return { kind: "invalid", reason: "reaction content" };
      return { ...base, kind: "reaction", target, key: c.data["m.relates_to"].key };
    }
    case "m.room.redaction": {
      // Room version 11 moved `redacts` into content; older rooms have it at the top level.
      const fromContent = typeof e.content["redacts"] === "string" ? e.content["redacts"] : undefined;
      const redacts = asEventId(fromContent ?? e.redacts ?? "");
      if (!redacts) return { kind: "invalid", reason: "redaction target" };
      return { ...base, kind: "redaction", redacts };
    }
    case "m.room.encrypted": {
      // The relation stays in clear on an encrypted event: a reaction or edit is told apart unread.
      const rel = relatesTo.safeParse(e.content["m.relates_to"]);
      return { ...base, kind: "undecryptable", relType: rel.success ? rel.data.rel_type : undefined };
    }
    default:
      return { kind: "invalid", reason: `type ${e.type}` };
  }
}

/** Event types worth storing in the inbox. */
export const INBOX_TYPES = new Set(["m.room.message", "m.reaction", "m.room.redaction", "m.room.encrypted"]);
