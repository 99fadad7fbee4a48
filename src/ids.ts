// Branded identifiers: a room ID can never be passed where a user ID is expected.

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Brand<string, "UserId">;
export type RoomId = Brand<string, "RoomId">;
export type EventId = Brand<string, "EventId">;

const USER_RE = /^@[^:\s]+:[^\s]+$/;
// Room version 12 room IDs have no ":server" part.
const ROOM_RE = /^![^:\s]+(:[^\s]+)?$/;
const EVENT_RE = /^\$[^\s]+$/;

export function asUserId(s: string): UserId | null {
  return USER_RE.test(s) ? (s as UserId) : null;
}
export function asRoomId(s: string): RoomId | null {
  return ROOM_RE.test(s) ? (s as RoomId) : null;
}
export function asEventId(s: string): EventId | null {
  return EVENT_RE.test(s) ? (s as EventId) : null;
}

/** The server part of a Matrix user ID ("@a:stadt.example" → "stadt.example"). */
export function serverOf(user: UserId): string {
  return user.slice(user.indexOf(":") + 1);
}

// Typed record IDs shown to users: OP-7, PR-3, TOP-12, AI-5, HS-2.
export const RECORD_PREFIXES = ["OP", "PR", "TOP", "AI", "HS"] as const;
export type RecordPrefix = (typeof RECORD_PREFIXES)[number];
export type RecordId<P extends RecordPrefix> = Brand<number, P>;

// "OP-7", "op7", "#7", "7", and the sentence's punctuation around it: "OP-7.", "OP-7,", "(OP-7)".
const RECORD_RE = /^\(?#?(?:([A-Za-z]+)-?)?(\d{1,9})[.,;:!?)]*$/;

/**
 * Reads "OP-7", "op7", "Op-07", "OP-7." or "(OP-7)" as 7, and a bare "7" too: every verb takes one
 * kind of ID, so the number alone is clear. Null when the prefix differs or the number is missing.
 */
export function parseRecordId<P extends RecordPrefix>(prefix: P, input: string): RecordId<P> | null {
  const m = RECORD_RE.exec(input.trim());
  if (!m || (m[1] !== undefined && m[1].toUpperCase() !== prefix)) return null;
  const n = Number(m[2]);
  return n > 0 ? (n as RecordId<P>) : null;
}

/** The kind of ID written where another was asked for ("PR" in "PR-3."), or null. */
export function otherRecordPrefix(prefix: RecordPrefix, input: string): RecordPrefix | null {
  const found = RECORD_RE.exec(input.trim())?.[1]?.toUpperCase();
  return RECORD_PREFIXES.find((p) => p === found && p !== prefix) ?? null;
}

export function formatRecordId(prefix: RecordPrefix, n: number): string {
  return `${prefix}-${n}`;
}
