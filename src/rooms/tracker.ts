// Keeps room_members and room_safety current for the served rooms: from every sync (state and
// timeline, stored before anything of that sync is handled or sent) and from a read of the whole
// room state (GET /state) at start and when the bot joins. When a room's findings may have changed,
// the room family's report job is queued; it posts only if they differ from the last report.
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { describeError, errcodeOf } from "../matrix/errors.ts";
import { asStateEvent, readStateChange, syncStateEvents } from "../matrix/room-state.ts";
import type { StateEvent, SyncRooms } from "../matrix/room-state.ts";
import { knownMembership, markGreeted } from "../store/greetings.ts";
import { applyChange, isComplete, lastReported, replaceRoomState } from "../store/room-safety.ts";
import { cancelSchedule, insertSchedule } from "../store/schedule.ts";
import type { RoomSafety } from "./policy.ts";
import { findingsKey } from "./safety.ts";
import { roomSafetyMessages } from "./messages.ts";

/** The room family's job that posts the report (commands/room/index.ts). */
export const REPORT_JOB = "room.report";
export const reportRef = (roomId: RoomId): string => `room:report:${roomId}`;
/** The room family's job that greets a person who joined (issue 20). */
export const GREET_JOB = "room.greet";

const RELEVANT = new Set(["m.room.member", "m.room.join_rules", "m.room.guest_access", "m.room.history_visibility", "m.room.server_acl", "m.room.encryption"]);
const PARALLEL_READS = 4;
const RETRY_READ_MS = 30_000;
/** Changes that come together (a room being set up, several settings changed) make one report. */
export const REPORT_DELAY_MS = 2_000;

export interface TrackerOptions {
  db: Database;
  config: Config;
  safety: RoomSafety;
  serves: (roomId: RoomId) => boolean;
  /** GET /rooms/{room}/state: every current state event. */
  fetchState: (roomId: RoomId) => Promise<unknown>;
  log: Logger;
  now: () => number;
  /** A report job was queued (wake the scheduler). */
  queued: () => void;
  /** The bot itself, never greeted. */
  botUserId?: UserId | null;
}

export class RoomSafetyTracker {
  private readonly o: TrackerOptions;
  /** Rooms whose whole state is being read, with the sync events that arrived meanwhile (applied again on top). */
  private readonly reading = new Map<RoomId, StateEvent[]>();
  private readonly reads = new Map<RoomId, Promise<void>>();
  /** Rooms whose read failed (not for want of membership), and when to try again. */
  private readonly retries = new Map<RoomId, number>();

  constructor(o: TrackerOptions) {
    this.o = o;
  }

  /** Stores what a sync says of the served rooms' members and state; synchronous, before its events are handled. */
  fromSync(sync: SyncRooms): void {
    const { db, now } = this.o;
    for (const [roomId, at] of this.retries) {
      if (at > now()) continue;
      this.retries.delete(roomId);
      void this.readRoom(roomId);
    }
    const touched: RoomId[] = [];
    const greeted: UserId[] = [];
    db.transaction(() => {
      for (const { roomId, events } of syncStateEvents(sync)) {
        if (!this.o.serves(roomId)) continue;
        const relevant = events.filter((e) => RELEVANT.has(e.type));
        if (relevant.length === 0) continue;
        this.reading.get(roomId)?.push(...relevant);
        // Only joins after the bot first read the room: the members it found there are not new.
        const greets = this.o.config.greeting.enabled && isComplete(db, roomId);
        for (const e of relevant) {
          const change = readStateChange(e);
          if (!change) continue;
          if (greets && change.kind === "member" && change.membership === "join") if (this.greet(roomId, change.userId)) greeted.push(change.userId);
          applyChange(db, roomId, change, now());
        }
        touched.push(roomId);
      }
    })();
    if (greeted.length > 0) this.o.queued();
    for (const roomId of touched) {
      if (isComplete(db, roomId)) this.nudge(roomId);
      else void this.readRoom(roomId);
    }
  }

  /** Queues the greeting of someone who now joined, once per person and room; true if queued. Inside the sync's transaction. */
  private greet(roomId: RoomId, userId: UserId): boolean {
    const { db, now } = this.o;
    if (userId === this.o.botUserId || knownMembership(db, roomId, userId) === "join") return false;
    if (!markGreeted(db, roomId, userId, now())) return false;
    insertSchedule(db, { job: GREET_JOB, roomId, dueAt: now() + REPORT_DELAY_MS, ref: `room:greet:${roomId}:${userId}`, payload: { user: userId } }, now());
    return true;
  }

  /** Reads the whole state of each room (at start), a few at a time. */
  async readRooms(rooms: readonly RoomId[]): Promise<void> {
    const queue = [...rooms];
    const worker = async () => {
      for (let room = queue.shift(); room !== undefined; room = queue.shift()) await this.readRoom(room);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, queue.length) }, worker));
  }

  /** Reads the room's whole state (the bot joined, or its state was never read) and re-assesses it. */
  readRoom(roomId: RoomId): Promise<void> {
    const running = this.reads.get(roomId);
    if (running) return running;
    const p = this.read(roomId).finally(() => {
      this.reads.delete(roomId);
      this.reading.delete(roomId);
    });
    this.reads.set(roomId, p);
    return p;
  }

  private async read(roomId: RoomId): Promise<void> {
    const { db, log, now } = this.o;
    this.reading.set(roomId, []);
    let raw: unknown;
    try {
      raw = await this.o.fetchState(roomId);
    } catch (e) {
      // Not (yet) in the room: its join, seen in sync, reads it again. Anything else: tried again later.
      const forbidden = errcodeOf(e) === "M_FORBIDDEN";
      if (!forbidden) this.retries.set(roomId, now() + RETRY_READ_MS);
      log[forbidden ? "info" : "warn"]({ roomId, reason: describeError(e) }, "could not read the room's state for the safety check");
      return;
    }
    const events = (Array.isArray(raw) ? raw : []).map(asStateEvent).filter((e) => e !== null);
    const later = this.reading.get(roomId) ?? [];
    db.transaction(() => {
      replaceRoomState(db, roomId, events.map(readStateChange).filter((c) => c !== null), now());
      // What sync brought while the read was under way may be newer than the read: it applies on top.
      for (const e of later) {
        const change = readStateChange(e);
        if (change) applyChange(db, roomId, change, now());
      }
    })();
    this.nudge(roomId);
  }

  /** Queues the report job when the room's findings differ from what was last reported. */
  private nudge(roomId: RoomId): void {
    const { db, now, safety, config } = this.o;
    const a = safety.assessment(roomId);
    if (!a.complete || findingsKey(a.findings) === lastReported(db, roomId)) return;
    db.transaction(() => {
      cancelSchedule(db, reportRef(roomId), now());
      insertSchedule(db, { job: REPORT_JOB, roomId, dueAt: now() + REPORT_DELAY_MS, ref: reportRef(roomId), payload: { label: roomSafetyMessages[config.language].reportLabel } }, now());
    })();
    this.o.queued();
  }
}
