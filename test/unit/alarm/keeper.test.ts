// The bot-down alarm's timer logic with a fake clock and a fake homeserver that sends a delayed event
// when its delay runs out (vitest's fake timers drive both).
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AlarmKeeper } from "../../../src/alarm/keeper.ts";
import type { AlarmDeps } from "../../../src/alarm/keeper.ts";
import type { Database } from "../../../src/db/open.ts";
import type { RoomId } from "../../../src/ids.ts";
import type { DelayedEvents, DelaySupport } from "../../../src/matrix/delayed-events.ts";
import { EncryptionUnavailable } from "../../../src/matrix/encryption.ts";
import type { Rich } from "../../../src/render/rich.ts";
import { alarmState, armedAlarms } from "../../../src/store/alarm.ts";
import { finishSchedule, insertSchedule } from "../../../src/store/schedule.ts";
import { memoryDb, testConfig } from "../../support/db.ts";

const ROOM = "!room:stadt.example" as RoomId;
const OTHER = "!other:stadt.example" as RoomId;
const AFTER = 15_000;
// 10:00 in Berlin.
const T0 = Date.parse("2026-12-02T09:00:00Z");

interface Sent {
  roomId: string;
  type: string;
  content: unknown;
  at: number;
}

/** A homeserver's delayed events: sent by a (fake) timer when their delay runs out. */
class FakeServer implements DelayedEvents {
  support: DelaySupport = { supported: true, maxDelayMs: 86_400_000 };
  readonly pending = new Map<string, { roomId: string; type: string; content: unknown; timer: NodeJS.Timeout }>();
  readonly sent: Sent[] = [];
  cancels = 0;
  private n = 0;

  detect = () => Promise.resolve(this.support);
  schedule(roomId: RoomId, type: string, _txnId: string, content: unknown, delayMs: number): Promise<string> {
    const id = `d${++this.n}`;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      this.sent.push({ roomId, type, content, at: Date.now() });
    }, delayMs);
    this.pending.set(id, { roomId, type, content, timer });
    return Promise.resolve(id);
  }
  cancel(id: string): Promise<boolean> {
    this.cancels++;
    const p = this.pending.get(id);
    if (!p) return Promise.resolve(false);
    clearTimeout(p.timer);
    this.pending.delete(id);
    return Promise.resolve(true);
  }
  list() {
    return Promise.resolve([...this.pending].map(([delayId, p]) => ({ delayId, roomId: p.roomId, type: p.type })));
  }
}

const bodyOf = (content: unknown): string => String((content as Record<string, unknown>)["body"]);

describe("bot-down alarm keeper", () => {
  let db: Database;
  let server: FakeServer;
  let posted: { roomId: RoomId; text: string }[];
  let healthy: boolean;

  const keeper = (over: Partial<AlarmDeps> = {}, config: Record<string, unknown> = {}) =>
    new AlarmKeeper({
      db, config: testConfig({ alarm: { after: "15s" }, ...config }), api: server, log: pino({ level: "silent" }),
      seal: (_room, type, content) => Promise.resolve({ type, content }),
      rooms: () => [ROOM], healthy: () => healthy, now: () => Date.now(),
      content: (m: Rich) => ({ msgtype: "m.text", body: m.plain }),
      post: (roomId, m) => posted.push({ roomId, text: m.plain }),
      ...over,
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    db = memoryDb();
    server = new FakeServer();
    posted = [];
    healthy = true;
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
  });

  it("keeps one alarm per room and replaces it while healthy: none goes out", async () => {
    const k = keeper();
    await k.start();
    expect([...server.pending.values()].map((p) => p.roomId)).toEqual([ROOM]);
    await vi.advanceTimersByTimeAsync(10 * AFTER);
    expect(server.sent).toEqual([]);
    expect(server.pending.size).toBe(1);
    expect(alarmState(db)).toEqual({ on: true, afterMs: AFTER, encryptedSkipped: 0 });
    // Replaced every third of `after`: the text names the last moment the bot was alive.
    expect(bodyOf([...server.pending.values()][0]?.content)).toBe("Lagebot antwortet seit 10:02 nicht mehr — Erinnerungen und Freigaben ruhen.");
    await k.stop();
  });

  it("goes out `after` the last renewal once the bot stops renewing (crash or hang)", async () => {
    const k = keeper();
    await k.start();
    await vi.advanceTimersByTimeAsync(60_000);
    healthy = false; // from now on like a hung process: no renewal
    const lastAlive = Date.now();
    await vi.advanceTimersByTimeAsync(AFTER + 1_000);
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]?.roomId).toBe(ROOM);
    expect(bodyOf(server.sent[0]?.content)).toBe("Lagebot antwortet seit 10:01 nicht mehr — Erinnerungen und Freigaben ruhen.");
    expect(server.sent[0]?.at).toBeLessThanOrEqual(lastAlive + AFTER);
    await k.stop();
  });

  it("cancels every alarm on a clean stop and forgets them", async () => {
    const k = keeper({ rooms: () => [ROOM, OTHER] });
    await k.start();
    expect(server.pending.size).toBe(2);
    await k.stop();
    expect(server.pending.size).toBe(0);
    expect(armedAlarms(db)).toEqual({});
    await vi.advanceTimersByTimeAsync(5 * AFTER);
    expect(server.sent).toEqual([]);
  });

  it("after a crash whose alarm went out, the next start says it is back and what it caught up", async () => {
    const crashed = keeper();
    await crashed.start();
    healthy = false; // the process is gone: nothing renews, nothing cancels
    const lastAlive = Date.now();
    await vi.advanceTimersByTimeAsync(AFTER + 5_000);
    expect(server.sent).toHaveLength(1);
    // Two reminders posted late by the scheduler's catch-up, one on time, one in another room.
    const now = Date.now();
    for (const [room, late] of [[ROOM, true], [ROOM, true], [ROOM, false], [OTHER, true]] as const) {
      const id = insertSchedule(db, { job: "operations.reminder", roomId: room, dueAt: lastAlive + 1_000, ref: null, payload: {} }, lastAlive);
      finishSchedule(db, id, "done", late, now);
    }
    // The bot's own late jobs are not what people waited for: a greeting and the pinned card's refresh.
    for (const job of ["room.greet", "picture.pinRefresh"]) {
      finishSchedule(db, insertSchedule(db, { job, roomId: ROOM, dueAt: lastAlive + 1_000, ref: null, payload: {} }, lastAlive), "done", true, now);
    }
    healthy = true;
    vi.setSystemTime(Date.parse("2026-12-02T09:30:00Z"));
    await keeper().start();
    expect(posted).toEqual([{ roomId: ROOM, text: "Lagebot ist wieder erreichbar (seit 10:30). Nachgeholt: 2 Erinnerungen." }]);
    expect(server.pending.size).toBe(1);
  });

  it("a restart before the alarm was due cancels it quietly, and leftovers too", async () => {
    await keeper().start();
    // A stray delayed event of the bot's in the room (e.g. from a crash between renewing and saving).
    await server.schedule(ROOM, "m.room.message", "x", { body: "old" }, AFTER);
    const before = [...server.pending.keys()];
    await keeper().start();
    expect(posted).toEqual([]);
    for (const id of before) expect(server.pending.has(id)).toBe(false);
    expect(server.pending.size).toBe(1);
    await vi.advanceTimersByTimeAsync(AFTER + 1_000);
    expect(server.sent).toEqual([]);
  });

  it("says it is back when a renewal finds its alarm went out during an outage", async () => {
    await keeper().start();
    healthy = false;
    await vi.advanceTimersByTimeAsync(AFTER + 1_000);
    expect(server.sent).toHaveLength(1);
    healthy = true;
    await vi.advanceTimersByTimeAsync(AFTER / 3);
    expect(posted.map((p) => p.text)).toEqual([expect.stringMatching(/^Lagebot ist wieder erreichbar \(seit \d\d:\d\d\)\. Nachgeholt: 0 Erinnerungen\.$/)]);
  });

  it("is off when the homeserver lacks delayed events, when the config says so, or when `after` exceeds the server's limit", async () => {
    server.support = { supported: false };
    await keeper().start();
    expect(alarmState(db)).toEqual({ on: false, why: "server" });
    server.support = { supported: true, maxDelayMs: null };
    await keeper({}, { alarm: { enabled: false } }).start();
    expect(alarmState(db)).toEqual({ on: false, why: "config" });
    server.support = { supported: true, maxDelayMs: 10_000 };
    await keeper().start();
    expect(alarmState(db)).toEqual({ on: false, why: "limit", maxMs: 10_000 });
    expect(server.pending.size).toBe(0);
  });

  it("sends only what the sealer gives: encrypted where the room is, nothing where it cannot encrypt", async () => {
    const seal: AlarmDeps["seal"] = (room, type, content) =>
      room === OTHER ? Promise.reject(new EncryptionUnavailable("crypto off")) : Promise.resolve({ type: "m.room.encrypted", content: { algorithm: "m.megolm.v1.aes-sha2", ciphertext: JSON.stringify({ type, content }).length } });
    await keeper({ seal, rooms: () => [ROOM, OTHER] }).start();
    const all = [...server.pending.values()];
    expect(all.map((p) => [p.roomId, p.type])).toEqual([[ROOM, "m.room.encrypted"]]);
    expect(JSON.stringify(all[0]?.content)).not.toContain("Lagebot");
    expect(alarmState(db)).toEqual({ on: true, afterMs: AFTER, encryptedSkipped: 1 });
  });

  it("speaks English when the bot does", async () => {
    await keeper({}, { language: "en" }).start();
    expect(bodyOf([...server.pending.values()][0]?.content)).toBe("Lagebot has not been responding since 10:00 — reminders and approvals are on hold.");
  });
});
