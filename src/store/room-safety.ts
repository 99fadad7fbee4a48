// What the bot knows of each served room's members and of the state that decides who can read along
// (migration 009), and what it last reported about the room. Encryption is in room-encryption.ts.
import { z } from "zod";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

export interface Member {
  userId: UserId;
  membership: "join" | "invite";
  displayName: string | null;
}

/** m.room.server_acl as the spec reads it: an absent `allow` admits nobody, an absent `allow_ip_literals` is true. */
export interface ServerAcl {
  allow: string[];
  deny: string[];
  allowIpLiterals: boolean;
}

/** One state event, read: what it changes for room safety. A `null` value means the event is gone or empty. */
export type RoomStateChange =
  | { kind: "member"; userId: UserId; membership: string; displayName: string | null }
  | { kind: "joinRule"; value: string | null }
  | { kind: "guestAccess"; value: string | null }
  | { kind: "historyVisibility"; value: string | null }
  | { kind: "serverAcl"; acl: ServerAcl | null }
  /** An m.room.encryption event: the room is encrypted (for good). */
  | { kind: "encryption" };

export interface StoredRoomSafety {
  /** The whole room state has been read at least once (else only what sync brought is known). */
  complete: boolean;
  /** Whether the room state had m.room.encryption; null: not seen (only for the report, see 009). */
  encrypted: boolean | null;
  joinRule: string | null;
  guestAccess: string | null;
  historyVisibility: string | null;
  acl: ServerAcl | null;
  members: Member[];
}

const aclSchema = z.object({ allow: z.array(z.string()), deny: z.array(z.string()), allowIpLiterals: z.boolean() });

interface Row {
  encrypted: number | null;
  join_rule: string | null;
  guest_access: string | null;
  history_visibility: string | null;
  server_acl: string | null;
  complete_at: number | null;
}

const COLUMN = { joinRule: "join_rule", guestAccess: "guest_access", historyVisibility: "history_visibility" } as const;

function ensureRow(db: Database, roomId: RoomId, now: number): void {
  prepared(db, "INSERT INTO room_safety (room_id, updated_at) VALUES (?, ?) ON CONFLICT (room_id) DO NOTHING").run(roomId, now);
}

/** Applies one change (a state event seen in sync or in the full state). */
export function applyChange(db: Database, roomId: RoomId, change: RoomStateChange, now: number): void {
  switch (change.kind) {
    case "member":
      if (change.membership === "join" || change.membership === "invite") {
        prepared(
          db,
          `INSERT INTO room_members (room_id, user_id, membership, display_name, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (room_id, user_id) DO UPDATE SET membership = excluded.membership, display_name = excluded.display_name, updated_at = excluded.updated_at`,
        ).run(roomId, change.userId, change.membership, change.displayName?.slice(0, 256) ?? null, now);
      } else {
        prepared(db, "DELETE FROM room_members WHERE room_id = ? AND user_id = ?").run(roomId, change.userId);
      }
      return;
    case "joinRule":
    case "guestAccess":
    case "historyVisibility":
      ensureRow(db, roomId, now);
      prepared(db, `UPDATE room_safety SET ${COLUMN[change.kind]} = ?, updated_at = ? WHERE room_id = ?`).run(change.value?.slice(0, 64) || null, now, roomId);
      return;
    case "serverAcl":
      ensureRow(db, roomId, now);
      prepared(db, "UPDATE room_safety SET server_acl = ?, updated_at = ? WHERE room_id = ?").run(change.acl ? JSON.stringify(change.acl) : null, now, roomId);
      return;
    case "encryption":
      ensureRow(db, roomId, now);
      prepared(db, "UPDATE room_safety SET encrypted = 1, updated_at = ? WHERE room_id = ?").run(now, roomId);
      return;
    default: {
      const never: never = change;
      throw new Error(`unknown room state change ${JSON.stringify(never)}`);
    }
  }
}

/** Replaces what is known of the room by its whole current state; the room is then complete. */
export function replaceRoomState(db: Database, roomId: RoomId, changes: readonly RoomStateChange[], now: number): void {
  prepared(db, "DELETE FROM room_members WHERE room_id = ?").run(roomId);
  ensureRow(db, roomId, now);
  // The whole state: what it does not have, the room does not have (no encryption event: plaintext).
  prepared(
    db,
    "UPDATE room_safety SET encrypted = 0, join_rule = NULL, guest_access = NULL, history_visibility = NULL, server_acl = NULL, complete_at = ?, updated_at = ? WHERE room_id = ?",
  ).run(now, now, roomId);
  for (const c of changes) applyChange(db, roomId, c, now);
}

export function roomSafetyOf(db: Database, roomId: RoomId): StoredRoomSafety {
  const r = prepared<[string], Row>(db, "SELECT encrypted, join_rule, guest_access, history_visibility, server_acl, complete_at FROM room_safety WHERE room_id = ?").get(roomId);
  const members = prepared<[string], { user_id: string; membership: "join" | "invite"; display_name: string | null }>(
    db,
    "SELECT user_id, membership, display_name FROM room_members WHERE room_id = ? ORDER BY user_id",
  )
    .all(roomId)
    .map((m) => ({ userId: m.user_id as UserId, membership: m.membership, displayName: m.display_name }));
  const acl = r?.server_acl ? aclSchema.safeParse(JSON.parse(r.server_acl)) : null;
  return {
    complete: r?.complete_at !== null && r?.complete_at !== undefined,
    encrypted: r?.encrypted === null || r?.encrypted === undefined ? null : r.encrypted === 1,
    joinRule: r?.join_rule ?? null,
    guestAccess: r?.guest_access ?? null,
    historyVisibility: r?.history_visibility ?? null,
    // A stored ACL we cannot read admits nobody: reported as shutting the agencies out, not ignored.
    acl: acl === null ? null : acl.success ? acl.data : { allow: [], deny: [], allowIpLiterals: false },
    members,
  };
}

/** Whether the room's whole state has been read. */
export function isComplete(db: Database, roomId: RoomId): boolean {
  return prepared<[string], { one: number }>(db, "SELECT 1 AS one FROM room_safety WHERE room_id = ? AND complete_at IS NOT NULL").get(roomId) !== undefined;
}

/** The findings last posted into the room (their key), or null when none were (the room counts as clean). */
export function lastReported(db: Database, roomId: RoomId): string | null {
  return prepared<[string], { reported: string | null }>(db, "SELECT reported FROM room_safety WHERE room_id = ?").get(roomId)?.reported ?? null;
}

/** Records the findings just posted (null: the room was reported clean). */
export function recordReported(db: Database, roomId: RoomId, key: string | null, now: number): void {
  ensureRow(db, roomId, now);
  prepared(db, "UPDATE room_safety SET reported = ?, reported_at = ?, updated_at = ? WHERE room_id = ?").run(key, key === null ? null : now, now, roomId);
}
