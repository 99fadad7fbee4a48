// What the bot hears from the sync loop, and the SDK listeners that tell it: each timeline event into
// the batch being collected (stored once the sync is processed), invites, failed decryptions and
// arriving room keys.
import type { MatrixClient } from "matrix-bot-sdk";
import { asUserId } from "../ids.ts";
import type { RoomId, UserId } from "../ids.ts";
import type { SyncRooms } from "./encryption.ts";
import type { IncomingEvent } from "./inbox.ts";
import type { SyncState } from "./sync-state.ts";

export interface SyncHooks {
  /**
   * A sync batch's timeline events, in order (backfilled ones first). `saveToken` saves the batch's
   * sync token and must be called in the same transaction that stores the events.
   */
  onBatch(events: IncomingEvent[], saveToken: () => void): void;
  /** Whether this event is already stored (backfill stops there). */
  known(eventId: string): boolean;
  onInvite(roomId: RoomId, inviter: UserId): void;
  onSynced(): void;
  onDecryptionFailure(roomId: RoomId, eventId: string): void;
  /** Room keys arrived (to-device): events waiting for their key can be tried again. */
  onRoomKeys(): void;
  /** The sync's room state (members, join rules …), synchronously, before any of its events is stored or handled. */
  onRoomState?(sync: SyncRooms): void;
}

const ROOM_KEY_TYPES = new Set(["m.room_key", "m.forwarded_room_key"]);

export function listen(client: MatrixClient, state: SyncState, h: SyncHooks): void {
  state.hooks = h;
  client.on("room.event", (roomId: string, event: Record<string, unknown>) => {
    if (typeof event["event_id"] !== "string") return;
    state.batch.add({ roomId: roomId as RoomId, event, historic: state.historic.has(event["event_id"]) });
  });
  client.on("room.failed_decryption", (roomId: string, event: Record<string, unknown>) => h.onDecryptionFailure(roomId as RoomId, String(event["event_id"])));
  client.on("room.invite", (roomId: string, event: Record<string, unknown>) => {
    const inviter = asUserId(typeof event["sender"] === "string" ? event["sender"] : "");
    if (inviter) h.onInvite(roomId as RoomId, inviter);
  });
  client.on("to_device.decrypted", (msg: Record<string, unknown>) => {
    if (typeof msg["type"] === "string" && ROOM_KEY_TYPES.has(msg["type"])) h.onRoomKeys();
  });
}
