// How outbox rows reach the homeserver: PUT with the row's txnId, encrypted whenever the room is or
// may be encrypted (EncryptionGuard decides; the SDK's own room tracker takes a failed state lookup
// for "not encrypted"), and files encrypted client-side in encrypted rooms.
import type { MatrixClient } from "matrix-bot-sdk";
import { asEventId, asRoomId } from "../ids.ts";
import type { EventId, RoomId } from "../ids.ts";
import { DIRECT_ENCRYPTION, DIRECT_HISTORY } from "./direct.ts";
import type { DirectTransport } from "./direct.ts";
import { errcodeOf } from "./errors.ts";
import type { EncryptionSettings } from "../store/room-encryption.ts";
import { EncryptionUnavailable } from "./encryption.ts";
import { cryptoOf, cryptoRoomsOf } from "./crypto-client.ts";
import type { EncryptionGuard } from "./encryption.ts";
import type { Transport } from "./outbox.ts";

const enc = encodeURIComponent;

/** An event as it goes out into a room: encrypted (m.room.encrypted) whenever the room is or may be. */
export type Sealer = (roomId: RoomId, type: string, content: Record<string, unknown>) => Promise<{ type: string; content: unknown }>;

/** The outbox's encryption decision, for events sent another way (delayed events of the bot-down alarm). */
export function sealer(client: MatrixClient, guard: EncryptionGuard, cryptoEnabled: boolean): Sealer {
  const mustEncrypt = encryptionCheck(client, guard, cryptoEnabled);
  return async (roomId, type, content) => {
    const crypto = (await mustEncrypt(roomId)) ? cryptoOf(client) : undefined;
    return crypto ? { type: "m.room.encrypted", content: await crypto.encryptRoomEvent(roomId, type, content) } : { type, content };
  };
}

function encryptionCheck(client: MatrixClient, guard: EncryptionGuard, cryptoEnabled: boolean): (roomId: RoomId) => Promise<EncryptionSettings | null> {
  /** The settings to encrypt with (the SDK's store told first), or null for a plaintext room. */
  return async function mustEncrypt(roomId: RoomId): Promise<EncryptionSettings | null> {
    // Either store saying "encrypted" is enough: ours (from sync and lookups) or the SDK's own.
    const sdkAlgorithm = (await cryptoRoomsOf(client)?.getRoom(roomId))?.algorithm;
    let settings: EncryptionSettings | null = null;
    try {
      settings = await guard.settingsFor(roomId);
    } catch (e) {
      if (!sdkAlgorithm) throw e;
    }
    settings ??= sdkAlgorithm ? { algorithm: sdkAlgorithm } : null;
    if (!settings) return null;
    if (!cryptoEnabled || !cryptoOf(client)) throw new EncryptionUnavailable(`room ${roomId} is encrypted, but the bot runs with "encryption": false`);
    await tellSdk(client, roomId, settings, guard.historyVisibility(roomId));
    return settings;
  };
}

export function matrixTransport(client: MatrixClient, guard: EncryptionGuard, cryptoEnabled: boolean): Transport {
  const mustEncrypt = encryptionCheck(client, guard, cryptoEnabled);
  const seal = sealer(client, guard, cryptoEnabled);
  return {
    async sendEvent(roomId, type, txnId, content) {
      const { type: sendType, content: body } = await seal(roomId, type, content);
      const res = (await client.doRequest("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/${enc(sendType)}/${enc(txnId)}`, null, body)) as { event_id?: string };
      return eventIdOf(res);
    },
    async redact(roomId, target, txnId, reason) {
      const res = (await client.doRequest("PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/redact/${enc(target)}/${enc(txnId)}`, null, reason ? { reason } : {})) as {
        event_id?: string;
      };
      return eventIdOf(res);
    },
    encrypts: async (roomId) => (await mustEncrypt(roomId)) !== null,
    async upload(roomId, data, name, mime, encrypt) {
      if (encrypt) {
        const crypto = cryptoOf(client);
        if (!crypto) throw new EncryptionUnavailable(`room ${roomId} is encrypted, but the bot runs with "encryption": false`);
        // The server sees ciphertext of a generic type and no file name; name and type travel in the encrypted event.
        const { buffer, file } = await crypto.encryptMedia(data);
        const url = await client.uploadContent(buffer, "application/octet-stream");
        return { file: { ...file, url } };
      }
      return { url: await client.uploadContent(data, mime, name) };
    },
    direct: directRooms(client, cryptoEnabled),
  };
}

function directRooms(client: MatrixClient, encrypts: boolean): DirectTransport {
  return {
    encrypts,
    async create(user, encrypted) {
      const initialState: unknown[] = [{ type: "m.room.history_visibility", state_key: "", content: { history_visibility: DIRECT_HISTORY } }];
      if (encrypted) initialState.push({ type: "m.room.encryption", state_key: "", content: DIRECT_ENCRYPTION });
      // private_chat: the user may write, the bot alone administers the room.
      const body = { preset: "private_chat", is_direct: true, invite: [user], initial_state: initialState };
      const res = (await client.doRequest("POST", "/_matrix/client/v3/createRoom", null, body)) as { room_id?: string };
      const roomId = asRoomId(res.room_id ?? "");
      if (!roomId) throw new Error("homeserver answered createRoom without a room_id");
      return roomId;
    },
    async membership(roomId, user) {
      try {
        const res = (await client.doRequest("GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.member/${enc(user)}`)) as { membership?: unknown };
        return typeof res.membership === "string" ? res.membership : null;
      } catch (e) {
        if (errcodeOf(e) === "M_NOT_FOUND") return null;
        throw e;
      }
    },
    async invite(roomId, user) {
      await client.doRequest("POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, null, { user_id: user });
    },
  };
}

/**
 * The SDK encrypts only for rooms its own store calls encrypted, and fills that store from a state
 * lookup that may fail (and then never asks again); what we know from sync or our own lookup goes into
 * it first. The history visibility decides whether invited members get the bot's room keys.
 */
export async function tellSdk(client: MatrixClient, roomId: RoomId, settings: EncryptionSettings, historyVisibility: string | null): Promise<void> {
  const store = cryptoRoomsOf(client);
  if (!store) return;
  const known = await store.getRoom(roomId);
  if (known?.algorithm && (historyVisibility === null || known.historyVisibility === historyVisibility)) return;
  const { rotation_period_ms: ms, rotation_period_msgs: msgs, ...rest } = settings;
  await store.storeRoom(roomId, {
    ...known, ...rest,
    ...(ms === undefined ? {} : { rotation_period_ms: ms }),
    ...(msgs === undefined ? {} : { rotation_period_msgs: msgs }),
    ...(historyVisibility === null ? {} : { historyVisibility }),
  });
}

function eventIdOf(res: { event_id?: string }): EventId {
  const id = asEventId(res.event_id ?? "");
  if (!id) throw new Error("homeserver answered without an event_id");
  return id;
}
