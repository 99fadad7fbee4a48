/**
 * A human user with end-to-end encryption: matrix-js-sdk with its Rust crypto (wasm), as in Element Web,
 * and an in-memory crypto store (so one device, usable once). Wait as with Person: mark *before* acting.
 *
 *   const anna = await SecurePerson.start(hs, await registerUser(hs, `anna-${id}`));
 *   await anna.join(room);
 *   const m = anna.mark();
 *   const cmd = await anna.send(room, "!hilfe");
 *   const reply = await anna.waitFor((ev) => isReplyTo(ev, cmd), { after: m, description: "help reply" });
 *   expect(reply.wireType).toBe("m.room.encrypted");   // type and content are the clear ones
 *   await anna.stop();
 *
 * Timeline events after start are kept once each, decrypted. One that cannot be decrypted is kept with
 * `decryptionError` (type and content stay the wire ones); when a late room key decrypts it, its clear
 * form replaces it with a new `seq`, as if it arrived then.
 *
 * Sending goes to the client-server API; in encrypted rooms the SDK's crypto encrypts first, once the
 * local room state lists everyone the server lists as joined (so who joined just before gets the room
 * key). Reactions are encrypted too, as matrix-nio does; matrix-js-sdk itself, and so Element Web,
 * sends them in the clear: `react(…, { clear: true })`. The SDK logs only with LAGEBOT_DEBUG_SECURE=1.
 */
import { ClientEvent, MatrixEvent, MatrixEventEvent, Method, RoomEvent, RoomStateEvent, SyncState, createClient } from "matrix-js-sdk";
import type { MatrixClient, Room } from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { DeviceVerificationStatus } from "matrix-js-sdk/lib/crypto-api/index.js";
import { RustCrypto } from "matrix-js-sdk/lib/rust-crypto/rust-crypto.js";
import { z } from "zod";
import { describeEvent } from "./person.ts";
import { sdkContext } from "./sdk-quiet.ts";
import type { SdkContext } from "./sdk-quiet.ts";
import { downloadAttachment } from "./attachments.ts";
import { MatrixHttpError, matrixRequest } from "./synapse.ts";
import type { HomeserverRef } from "./synapse.ts";

/** One timeline event as a SecurePerson has it. `seq` orders events by when they became readable. */
export interface SecureEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string; // clear (the wire type when decryption failed)
  state_key?: string | undefined;
  content: Record<string, unknown>; // clear, with `m.relates_to` (kept in the clear on the wire as well)
  wireType: string; // "m.room.encrypted" when it was encrypted
  decryptionError?: string | undefined; // a DecryptionFailureCode such as MEGOLM_UNKNOWN_INBOUND_SESSION_ID
  origin_server_ts: number;
  seq: number;
}

/** `after`: only events after this mark (default: now); `timeoutMs` default 20 s. */
export type SecureWaitOptions = { after?: number; roomId?: string; timeoutMs?: number; description?: string };

const contentSchema = z.record(z.string(), z.unknown());
const eventIdSchema = z.object({ event_id: z.string() });
const loginSchema = z.object({ user_id: z.string(), access_token: z.string(), device_id: z.string() });
const keyIdsSchema = z.record(z.string(), z.unknown());
const keysSchema = z.object({
  device_keys: z.record(z.string(), z.record(z.string(), z.object({ signatures: z.record(z.string(), keyIdsSchema).optional() }))).optional(),
  self_signing_keys: z.record(z.string(), z.object({ keys: keyIdsSchema })).optional(),
});

export class SecurePerson {
  readonly userId: string;
  readonly deviceId: string;
  /** The SDK client, for what this class does not cover (timers of direct calls outlive stop(), ≤ 110 s). */
  readonly client: MatrixClient;
  private readonly hs: Pick<HomeserverRef, "url">;
  private readonly accessToken: string;
  private readonly ctx: SdkContext = { timers: new Set(), stopped: false };
  private readonly events: SecureEvent[] = [];
  private readonly byId = new Map<string, SecureEvent>();
  private readonly nudges = new Set<() => void>();
  private seq = 0;
  private live = false;
  private keysUploaded = false;
  private held: { url: string; init: RequestInit }[] | undefined;
  private lastSyncError: string | undefined;

  private constructor(hs: Pick<HomeserverRef, "url">, user: { userId: string; accessToken: string; deviceId: string }) {
    this.hs = hs;
    this.userId = user.userId;
    this.deviceId = user.deviceId;
    this.accessToken = user.accessToken;
    const opts = { baseUrl: hs.url, accessToken: user.accessToken, userId: user.userId, deviceId: user.deviceId, fetchFn: this.fetchFn };
    this.client = this.sdk(() => createClient(opts));
  }

  /** Uses an existing device (e.g. registerUser()'s) that has no keys uploaded yet. */
  static async start(hs: Pick<HomeserverRef, "url">, user: { userId: string; accessToken: string; deviceId: string }): Promise<SecurePerson> {
    const p = new SecurePerson(hs, user);
    try {
      await p.sdk(() => p.begin());
    } catch (e) {
      await p.stop();
      throw e;
    }
    return p;
  }

  /** Logs in with the password (POST /login): a NEW device of the same user, then starts it. */
  static async login(hs: Pick<HomeserverRef, "url">, user: { userId: string; password: string }): Promise<SecurePerson> {
    const body = { type: "m.login.password", identifier: { type: "m.id.user", user: user.userId }, password: user.password };
    const res = await matrixRequest({ method: "POST", url: `${hs.url}/_matrix/client/v3/login`, body }, loginSchema);
    return SecurePerson.start(hs, { userId: res.user_id, accessToken: res.access_token, deviceId: res.device_id });
  }

  /** Resolves after the first sync, once this device's keys are on the server (so others can encrypt to it). */
  private async begin(): Promise<void> {
    const c = this.client;
    await c.initRustCrypto({ useIndexedDB: false });
    const nudge = (): void => this.nudge();
    for (const e of [ClientEvent.Sync, RoomStateEvent.Members, CryptoEvent.DevicesUpdated, CryptoEvent.UserTrustStatusChanged] as const) c.on(e, nudge);
    c.on(ClientEvent.Sync, (state, _prev, data) => {
      if (state === SyncState.Prepared) this.live = true;
      this.lastSyncError = state === SyncState.Error ? (data?.error?.message ?? "sync error") : undefined;
    });
    c.on(RoomEvent.Timeline, (ev, _room, toStart, removed) => {
      if (this.live && toStart !== true && !removed) void c.decryptEventIfNeeded(ev).finally(() => this.record(ev));
    });
    c.on(MatrixEventEvent.Decrypted, (ev) => this.byId.has(ev.getId() ?? "") && this.record(ev));
    await c.startClient({ initialSyncLimit: 1 });
    await this.until("the first sync and the upload of its device keys", 30_000, () => (this.live && this.keysUploaded ? true : undefined));
  }

  /** While held, to-device messages (room keys) are answered 200 at once but queued. */
  private readonly fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (this.held !== undefined && init?.method === "PUT" && url.includes("/_matrix/client/v3/sendToDevice/")) {
      this.held.push({ url, init: { ...init, signal: null } });
      return Response.json({});
    }
    const res = await fetch(input, init);
    if (res.ok && url.includes("/keys/upload") && typeof init?.body === "string" && init.body.includes('"device_keys"')) {
      this.keysUploaded = true;
      this.nudge();
    }
    return res;
  };

  /** Ends sync, crypto, the SDK's timers and every wait (they reject); held to-device messages are dropped. */
  stop(): Promise<void> {
    if (!this.ctx.stopped) {
      this.ctx.stopped = true;
      this.held = undefined;
      this.client.stopClient();
      this.client.http.abort();
      this.client.removeAllListeners();
      this.ctx.timers.forEach((t) => clearTimeout(t));
      this.nudge();
    }
    return Promise.resolve();
  }

  /** Joins and resolves once the local room state has every joined member. */
  async join(roomId: string): Promise<void> {
    await this.sdk(() => this.client.joinRoom(roomId));
    await this.roomReady(roomId);
  }

  /** Sends an `m.room.message` (m.text), encrypted in encrypted rooms; returns its event ID. */
  send(roomId: string, body: string, opts: { replyTo?: string; html?: string } = {}): Promise<string> {
    const content: Record<string, unknown> = { msgtype: "m.text", body };
    if (opts.html !== undefined) Object.assign(content, { format: "org.matrix.custom.html", formatted_body: opts.html });
    if (opts.replyTo !== undefined) content["m.relates_to"] = { "m.in_reply_to": { event_id: opts.replyTo } };
    return this.sendEvent(roomId, "m.room.message", content);
  }

  /** Reacts with `key` (an `m.annotation`), encrypted in encrypted rooms unless `clear` (as Element Web). */
  react(roomId: string, eventId: string, key: string, opts: { clear?: boolean } = {}): Promise<string> {
    return this.sendEvent(roomId, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } }, opts);
  }

  /** Redacts an event (redactions are never encrypted); returns the redaction's event ID. */
  redact(roomId: string, eventId: string): Promise<string> {
    return this.put(`/rooms/${enc(roomId)}/redact/${enc(eventId)}/${enc(this.client.makeTxnId())}`, {});
  }

  /** Sends any event (say an m.file), encrypted in encrypted rooms unless `clear`; returns its event ID. */
  async sendEvent(roomId: string, type: string, content: Record<string, unknown>, opts: { clear?: boolean } = {}): Promise<string> {
    const room = await this.roomReady(roomId);
    if (opts.clear === true || !room.hasEncryptionStateEvent()) return this.put(`/rooms/${enc(roomId)}/send/${enc(type)}/${enc(this.client.makeTxnId())}`, content);
    const ev = new MatrixEvent({ type, content, room_id: roomId, sender: this.userId });
    await this.sdk(() => this.rustCrypto().encryptEvent(ev, room));
    return this.put(`/rooms/${enc(roomId)}/send/${enc(ev.getWireType())}/${enc(this.client.makeTxnId())}`, ev.getWireContent());
  }

  private async put(path: string, body: Record<string, unknown>): Promise<string> {
    return eventIdSchema.parse(await this.sdk(() => this.client.http.authedRequest<unknown>(Method.Put, path, undefined, body))).event_id;
  }

  /** The room, once its local state lists as joined everyone the server does (the crypto encrypts to those). */
  private async roomReady(roomId: string): Promise<Room> {
    const joined = Object.keys((await this.sdk(() => this.client.getJoinedRoomMembers(roomId))).joined);
    return this.until(`its room state of ${roomId} to list ${joined.join(", ")} as joined`, 20_000, () => {
      const room = this.client.getRoom(roomId);
      return room && joined.every((u) => room.getMember(u)?.membership === "join") ? room : undefined;
    });
  }

  private rustCrypto(): RustCrypto {
    const crypto = this.client.getCrypto();
    if (!(crypto instanceof RustCrypto)) throw new Error(`${this.userId}: the client has no Rust crypto`);
    return crypto;
  }

  private sdk<T>(fn: () => T): T {
    return sdkContext.run(this.ctx, fn);
  }

  private record(ev: MatrixEvent): void {
    const [eventId, roomId, sender] = [ev.getId(), ev.getRoomId(), ev.getSender()];
    if (eventId === undefined || eventId.startsWith("~") || roomId === undefined || sender === undefined || this.ctx.stopped) return;
    const failed = ev.isDecryptionFailure();
    const old = this.byId.get(eventId);
    if (old && (old.decryptionError === undefined || failed)) return; // kept once; only a late decryption replaces
    if (old) this.events.splice(this.events.indexOf(old), 1);
    const stored: SecureEvent = {
      event_id: eventId,
      room_id: roomId,
      sender,
      type: failed ? ev.getWireType() : ev.getType(),
      state_key: ev.getStateKey(),
      content: contentSchema.parse(failed ? ev.getWireContent() : ev.getContent()),
      wireType: ev.getWireType(),
      decryptionError: failed ? (ev.decryptionFailureReason ?? "unknown") : undefined,
      origin_server_ts: ev.getTs(),
      seq: ++this.seq,
    };
    this.events.push(stored);
    this.byId.set(eventId, stored);
    this.nudge();
  }

  /** The current position: `waitFor(…, { after: mark })` and `eventsSince(mark)` see only later events. */
  mark(): number {
    return this.seq;
  }

  /** Events that became readable after `mark`, in that order (optionally of one room). */
  eventsSince(mark: number, roomId?: string): SecureEvent[] {
    return this.events.filter((e) => e.seq > mark && (roomId === undefined || e.room_id === roomId));
  }

  /** The first event after `opts.after` (default: now) that matches; the timeout error lists what came. */
  waitFor(pred: (ev: SecureEvent) => boolean, opts: SecureWaitOptions = {}): Promise<SecureEvent> {
    const after = opts.after ?? this.seq;
    const what = `${opts.description ?? "a matching event"}${opts.roomId === undefined ? "" : ` in ${opts.roomId}`} (after #${after})`;
    return this.until(what, opts.timeoutMs ?? 20_000, () => this.eventsSince(after, opts.roomId).find(pred), () => {
      const since = this.eventsSince(after, opts.roomId);
      const lines = since.slice(-10).map((e) => `  ${describeEvent(e)}${e.decryptionError ? ` [undecryptable: ${e.decryptionError}]` : e.wireType === e.type ? "" : ` [was ${e.wireType}]`}`);
      return [`Events since then (${since.length} in all):`, ...(lines.length > 0 ? lines : ["  (none)"])].join("\n");
    });
  }

  /** Resolves once the crypto knows this device of `userId`, i.e. has downloaded their keys. */
  async waitForDevice(userId: string, deviceId: string, timeoutMs = 20_000): Promise<DeviceVerificationStatus> {
    const crypto = this.rustCrypto();
    if (!(await this.sdk(() => crypto.getUserDeviceInfo([userId]))).has(userId)) {
      // It keeps keys only of users it tracks; preparing to encrypt in a room tracks its members.
      for (const room of this.client.getRooms()) if (room.hasEncryptionStateEvent() && room.getMember(userId)?.membership === "join") this.sdk(() => crypto.prepareToEncrypt(room));
    }
    return this.until(`the keys of ${userId}'s device ${deviceId}`, timeoutMs, async () => (await this.sdk(() => crypto.getDeviceVerificationStatus(userId, deviceId))) ?? undefined);
  }

  /** Whether another user's device is signed by its owner's cross-signing identity, as the crypto judges it. */
  async deviceSignedByOwner(userId: string, deviceId: string, timeoutMs = 20_000): Promise<boolean> {
    await this.waitForDevice(userId, deviceId, timeoutMs);
    // Should the server have a signature by the owner's self-signing key, wait for the crypto to fetch
    // and check it (it does once a sync says the user's keys changed).
    const keys = keysSchema.parse(await this.sdk(() => this.client.downloadKeysForUsers([userId])));
    const selfSigning = Object.keys(keys.self_signing_keys?.[userId]?.keys ?? {});
    const onServer = Object.keys(keys.device_keys?.[userId]?.[deviceId]?.signatures?.[userId] ?? {}).some((k) => selfSigning.includes(k));
    const status = await this.until(`the crypto to accept the owner's signature on ${userId}'s device ${deviceId} that the server has`, timeoutMs, async () => {
      const s = await this.sdk(() => this.rustCrypto().getDeviceVerificationStatus(userId, deviceId));
      return s && (s.signedByOwner || !onServer) ? s : undefined;
    });
    return status.signedByOwner;
  }

  /** Sets up cross-signing and signs this device with it (Synapse takes the first upload without a password, MSC3967). */
  async crossSign(): Promise<void> {
    await this.sdk(() => this.rustCrypto().bootstrapCrossSigning({ authUploadDeviceSigningKeys: async (makeRequest) => makeRequest(null) }));
  }

  /**
   * Late keys: from now on, to-device messages (room keys) are answered 200 to the SDK but queued. The
   * room sessions are discarded first, so that the next message in each room needs a new key.
   */
  async holdToDevice(): Promise<void> {
    for (const room of this.client.getRooms()) if (room.hasEncryptionStateEvent()) await this.sdk(() => this.rustCrypto().forceDiscardSession(room.roomId));
    this.held ??= [];
  }

  /** Sends the held to-device messages for real, in order, and stops holding. */
  async releaseToDevice(): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    for (const r of held) {
      const res = await fetch(r.url, r.init);
      if (!res.ok) throw new MatrixHttpError("PUT", r.url, res.status, await res.text());
    }
  }

  /** An attachment of m.file/m.image content: `file` (encrypted: hash checked, then decrypted) or a plain `url`. */
  async downloadFile(content: Record<string, unknown>): Promise<{ data: Buffer; encrypted: boolean }> {
    return downloadAttachment(this.hs, this.accessToken, content);
  }

  private nudge(): void {
    for (const wake of [...this.nudges]) wake();
  }

  /** `check()`'s first defined value, checked again on each sync, event and crypto update. */
  private async until<T>(what: string, timeoutMs: number, check: () => T | undefined | Promise<T | undefined>, detail?: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    const fail = (why: string): Error => new Error([`${this.userId} ${why} ${what}.`, detail?.(), this.lastSyncError && `Last sync error: ${this.lastSyncError}`].filter(Boolean).join("\n"));
    for (;;) {
      let wake = (): void => undefined;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      this.nudges.add(wake); // before checking, so that no change slips through
      try {
        if (this.ctx.stopped) throw fail("was stopped while waiting for");
        const found = await check();
        if (found !== undefined) return found;
        if (Date.now() >= deadline) throw fail(`waited ${timeoutMs} ms in vain for`);
        const timer = setTimeout(wake, deadline - Date.now());
        await woken;
        clearTimeout(timer);
      } finally {
        this.nudges.delete(wake);
      }
    }
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
