// Wires the parts together in start-up order: database → Matrix → inbox/dispatch → outbox →
// scheduler → sync; and takes them down in reverse on shutdown.
import { join } from "node:path";
import type { Logger } from "pino";
import { families } from "../commands/index.ts";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/open.ts";
import type { Database } from "./db/open.ts";
import type { RoomId, UserId } from "./ids.ts";
import { startCalendarFeed } from "./http/calendar-feed.ts";
import { assessHealth, databaseProbe } from "./http/health.ts";
import type { Health } from "./http/health.ts";
import { connect } from "./matrix/client.ts";
import type { Connection } from "./matrix/client.ts";
import { LateKeys } from "./matrix/late-keys.ts";
import { OutboxSender } from "./matrix/outbox.ts";
import { Metrics } from "./metrics.ts";
import { agencyOf } from "./pipeline/authorize.ts";
import { systemClock } from "./pipeline/context.ts";
import type { Clock } from "./pipeline/context.ts";
import { messagePath } from "./pipeline/path.ts";
import type { RuntimeInfo } from "./pipeline/family.ts";
import { Registry } from "./pipeline/registry.ts";
import { ensureRecurring } from "./records/recurring.ts";
import { Scheduler } from "./schedule/scheduler.ts";
import { appendAudit } from "./store/audit.ts";
import { keyWaitWindowMs } from "./config.ts";
import { outboxStats } from "./store/outbox.ts";
import { joinedRooms, recordInviteAnswer } from "./store/rooms.ts";
import { VERSION } from "./version.ts";
import { RoomSafety } from "./rooms/policy.ts";
import { RoomSafetyTracker } from "./rooms/tracker.ts";
import { PinLevelTracker } from "./matrix/pin-levels.ts";
import { Pinner } from "./matrix/pinner.ts";
import { outboxGuard } from "./rooms/withhold.ts";
import { AlarmKeeper } from "./alarm/keeper.ts";
import { delayedEvents } from "./matrix/delayed-events.ts";
import { messageContent } from "./pipeline/context.ts";
import { insertOutbox } from "./store/outbox.ts";

export interface Bot {
  db: Database;
  connection: Connection;
  runtime(): RuntimeInfo;
  /** For /health: syncing and the database writable. */
  health(): Health;
  ready: Promise<void>;
  stop(): Promise<void>;
}

export async function startBot(config: Config, log: Logger, clock: Clock = systemClock, metrics: Metrics = new Metrics()): Promise<Bot> {
  const startedAt = clock.now();
  const db = openDatabase(join(config.dataDir, "lagebot.sqlite"));
  let connection: Connection;
  try {
    connection = await connect(config, db, log);
  } catch (e) {
    db.close();
    throw e;
  }
  log.info({ userId: connection.userId, deviceId: connection.deviceId, encryption: connection.encryption.enabled }, connection.encryption.enabled ? "end-to-end encryption on" : `end-to-end encryption off: ${connection.encryption.why}`);

  const configured = new Set<string>(config.rooms);
  const invitedRooms = new Set<string>(joinedRooms(db));
  const serves = (room: RoomId) => configured.has(room) || invitedRooms.has(room);
  let decryptionFailures = 0;
  let lastDecryptionFailure: RuntimeInfo["lastDecryptionFailure"] = null;

  const runtime = (): RuntimeInfo => {
    const last = connection.lastSyncAt();
    return {
      version: VERSION, startedAt, encryption: connection.encryption,
      rooms: [...new Set([...configured, ...invitedRooms])] as RoomId[],
      syncAgeMs: last === null ? null : clock.now().getTime() - last,
      outbox: outboxStats(db), decryptionFailures, lastDecryptionFailure,
      homeserver: homeserverState(connection),
      unreachableServers: connection.unreachableServers(),
      waitingForKeys: inbox.waitingCount(),
      device: { id: connection.deviceId, ...connection.device() },
    };
  };

  const registry = new Registry(families);
  const roomSafety = new RoomSafety(db, config, connection.userId);
  const env = { db, config, clock, runtime, roomSafety };
  const outbox = new OutboxSender(db, metrics.instrument(connection.transport), log, () => connection.reachable(), outboxGuard(db, config, roomSafety, () => clock.now().getTime()));
  outbox.onFirstSend = (ms) => metrics.queued(ms);
  const scheduler = new Scheduler({ ...env, registry, log, afterFire: () => outbox.wake(), online: () => connection.reachable() });
  const keyWaitMs = connection.encryption.enabled ? keyWaitWindowMs(config) : null;
  const { inbox } = messagePath({
    db,
    pipeline: {
      ...env, registry, bot: { userId: connection.userId, displayName: connection.displayName }, log,
      onCommand: (family, outcome, ms) => metrics.command(family, outcome, ms),
      // Counted here, once per stored event: failed decryptions and encrypted events without crypto alike.
      onUndecryptable: (roomId) => {
        decryptionFailures++;
        lastDecryptionFailure = { roomId, at: clock.now() };
      },
    },
    inbox: { botUserId: connection.userId, keyWaitMs, serves, now: () => clock.now().getTime() },
    outbox,
    scheduler,
  });
  const lateKeys = new LateKeys({
    inbox, decrypt: (roomId, event) => connection.decrypt(roomId, event), log, now: () => clock.now().getTime(), caughtUp: () => caughtUp(connection),
    onReady: () => inbox.drain(), onDecrypted: (ms) => metrics.lateKey(ms),
  });
  metrics.bind({
    outbox: () => outboxStats(db), outboxRetries: () => outbox.retries, scheduledFired: () => scheduler.fired,
    schedulerLagMs: () => (scheduler.fired > 0 ? scheduler.lastLagMs : null), syncAgeMs: () => ageOf(connection.lastSyncAt()), decryptionFailures: () => decryptionFailures,
    waitingForKeys: () => inbox.waitingCount(),
  });
  const dbProblem = databaseProbe(db);
  // The personal calendar feeds, on a listener of their own; they read the database, so they close before it.
  const feed = config.calendar ? await startCalendarFeed({ db, config, clock, families, host: config.calendar.bind, port: config.calendar.port, log }) : null;

  // Work left from before a crash or shutdown: unhandled events, unsent messages, due posts.
  inbox.drain();
  outbox.wake();
  // Exactly one pending retention run (and weekly picture, if configured), also after a crash.
  ensureRecurring(env, runtime().rooms);
  scheduler.start();

  await joinConfiguredRooms(connection, config, log);
  // The pinned situation cards: pinned once sent (looked for every second, a query on a tiny table).
  const pinLevels = new PinLevelTracker(db, connection.userId, () => clock.now().getTime());
  const pinner = new Pinner({
    db, bot: connection.userId, log, now: () => clock.now().getTime(), queued: () => scheduler.wake(),
    request: (method, path, qs, body) => connection.client.doRequest(method, path, qs, body) as Promise<unknown>,
  });
  const pinTimer = setInterval(() => pinner.wake(), 1_000);
  pinTimer.unref();
  const rooms = new RoomSafetyTracker({
    db, config, safety: roomSafety, serves, fetchState: (roomId) => connection.roomState(roomId).then((state) => (pinLevels.fromState(roomId, state), state)), log, now: () => clock.now().getTime(), queued: () => scheduler.wake(), botUserId: connection.userId,
  });
  // Members and state of every served room, read whole (sync brings only changes); in the background.
  void rooms.readRooms([...new Set([...configured, ...invitedRooms])] as RoomId[]);

  let seenOutage = connection.lastOutage();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  await connection.start({
    onBatch: (events, saveToken) => {
      const at = connection.syncArrivedAt();
      for (const e of events) if (!e.historic) metrics.arrived(e.event, at);
      inbox.storeBatch(events, saveToken);
    },
    known: (eventId) => inbox.known(eventId),
    onSynced: () => {
      resolveReady();
      // Back after an outage: sends waiting out errors go now, and what fell due meanwhile, marked late.
      const outage = connection.lastOutage();
      if (outage !== seenOutage) {
        seenOutage = outage;
        outbox.retryNow();
      }
      scheduler.resume();
    },
    onInvite: (roomId, inviter) => void handleInvite(roomId, inviter),
    onDecryptionFailure: (roomId, eventId) => log.info({ roomId, eventId }, "could not decrypt event yet; it waits for its key"),
    onRoomKeys: () => lateKeys.trigger(),
    onRoomState: (sync) => {
      rooms.fromSync(sync);
      pinLevels.fromSync(sync);
    },
  });
  // After start: the crypto machine is ready, and events left waiting before a restart are tried again.
  if (keyWaitMs !== null) lateKeys.start();
  // The bot-down alarm starts once caught up: its "back" message counts what the scheduler caught up.
  const alarm = new AlarmKeeper({
    db, config, log, seal: connection.seal, rooms: () => runtime().rooms, healthy: () => connection.reachable(), now: () => clock.now().getTime(),
    api: delayedEvents((method, path, qs, body) => connection.client.doRequest(method, path, qs, body) as Promise<unknown>),
    content: (message) => messageContent(message, { notify: true }),
    post: (roomId, message) => {
      db.transaction(() => insertOutbox(db, { roomId, kind: "message", eventType: "m.room.message", content: messageContent(message, { notify: true }) }, clock.now().getTime()))();
      outbox.wake();
    },
  });
  let alarmStarted: Promise<void> = Promise.resolve();
  void ready.then(() => {
    alarmStarted = alarm.start().catch((e: unknown) => log.warn({ err: e }, "bot-down alarm could not start"));
  });

  async function handleInvite(roomId: RoomId, inviter: UserId): Promise<void> {
    const member = agencyOf(config, inviter) !== null;
    const allowed = configured.has(roomId) || member;
    try {
      if (allowed) {
        await connection.client.joinRoom(roomId);
        if (!configured.has(roomId)) invitedRooms.add(roomId);
        void rooms.readRoom(roomId);
      } else {
        await connection.client.leaveRoom(roomId);
      }
      const now = clock.now().getTime();
      db.transaction(() => {
        recordInviteAnswer(db, { roomId, configured: configured.has(roomId), inviter, joined: allowed, now });
        appendAudit(db, { at: now, actor: inviter, agency: agencyOf(config, inviter)?.id ?? null, action: "room.invite", target: roomId, roomId, eventId: null, outcome: allowed ? "ok" : "refused", details: {} });
      })();
      log.info({ roomId, inviter, accepted: allowed }, allowed ? "joined room on invite" : "declined invite from non-member");
    } catch (e) {
      log.warn({ err: e, roomId }, "could not answer invite");
    }
  }

  let stopping: Promise<void> | null = null;
  return {
    db,
    connection,
    runtime,
    health: () => assessHealth({ now: Date.now(), lastSyncAt: connection.lastSyncAt(), syncFailure: connection.syncFailure(), databaseProblem: dbProblem() }),
    ready,
    stop() {
      stopping ??= (async () => {
        // Handlers are synchronous: nothing is half-done when we get here. A clean stop sends no alarm.
        await Promise.race([alarm.stop().then(() => alarmStarted), new Promise((r) => setTimeout(r, 5_000).unref())]);
        connection.stop();
        lateKeys.stop();
        await lateKeys.idle(); // a decryption in flight writes to the inbox
        inbox.stop();
        scheduler.stop();
        clearInterval(pinTimer);
        await pinner.stop();
        await Promise.race([outbox.stop(), new Promise((r) => setTimeout(r, 5_000))]);
        await feed?.close();
        db.close();
      })();
      return stopping;
    },
  };
}

/** A sync completed since the bot started or the line came back (lastOutage.to is set when the first sync after it arrives). */
function caughtUp(c: Connection): boolean {
  const last = c.lastSyncAt();
  const outage = c.lastOutage();
  return last !== null && c.syncFailure() === null && (outage === null || last >= outage.to);
}

const ageOf = (at: number | null) => (at === null ? null : Date.now() - at);

function homeserverState(c: Connection): NonNullable<RuntimeInfo["homeserver"]> {
  const failure = c.syncFailure();
  const outage = c.lastOutage();
  return {
    unreachableSince: failure ? new Date(c.lastSyncAt() ?? failure.since) : null,
    lastOutage: outage ? { from: new Date(outage.from), to: new Date(outage.to) } : null,
  };
}

async function joinConfiguredRooms(connection: Connection, config: Config, log: Logger): Promise<void> {
  let joined: string[];
  try {
    joined = await connection.client.getJoinedRooms();
  } catch {
    return;
  }
  for (const room of config.rooms) {
    if (joined.includes(room)) continue;
    try {
      await connection.client.joinRoom(room);
      log.info({ roomId: room }, "joined configured room");
    } catch {
      log.warn({ roomId: room }, "configured room not joined yet (invite the bot)");
    }
  }
}
