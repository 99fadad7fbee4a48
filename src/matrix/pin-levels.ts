// What pinning a message takes in a room: the power level of m.room.pinned_events against the bot's,
// read from m.room.power_levels as the spec does (absent event: everyone 0, nothing needs more than 0).
// Kept per room from every sync and every full read of the room's state, so `!lage anheften` can
// refuse at once, before it posts anything.
import { z } from "zod";
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { recordPinLevels } from "../store/pinned-picture.ts";
import type { PinLevels } from "../store/pinned-picture.ts";
import { asStateEvent, latestState, syncStateEvents } from "./room-state.ts";
import type { SyncRooms } from "./room-state.ts";

export const PINNED_EVENTS = "m.room.pinned_events";
const POWER_LEVELS = "m.room.power_levels";

const level = z.number().int().catch(0);
const powerLevels = z.looseObject({
  users: z.record(z.string(), z.unknown()).catch({}).optional(),
  users_default: z.unknown().optional(),
  events: z.record(z.string(), z.unknown()).catch({}).optional(),
  state_default: z.unknown().optional(),
});

/** Pinning needs `events[m.room.pinned_events]`, else `state_default` (50); the bot has `users[bot]`, else `users_default` (0). */
export function pinLevels(content: Record<string, unknown> | null, bot: UserId): PinLevels {
  if (content === null) return { needed: 0, bot: 0 };
  const c = powerLevels.safeParse(content);
  if (!c.success) return { needed: 50, bot: 0 };
  const num = (v: unknown, fallback: number): number => (v === undefined ? fallback : level.parse(v));
  const stateDefault = num(c.data.state_default, 50);
  return { needed: num(c.data.events?.[PINNED_EVENTS], stateDefault), bot: num(c.data.users?.[bot], num(c.data.users_default, 0)) };
}

export class PinLevelTracker {
  private readonly db: Database;
  private readonly bot: UserId;
  private readonly now: () => number;

  constructor(db: Database, bot: UserId, now: () => number) {
    this.db = db;
    this.bot = bot;
    this.now = now;
  }

  /** A sync: rooms whose power levels it changes. */
  fromSync(sync: SyncRooms): void {
    const changed = syncStateEvents(sync).flatMap(({ roomId, events }) => {
      const pl = latestState(events, POWER_LEVELS);
      return pl ? [{ roomId, content: pl.content }] : [];
    });
    if (changed.length === 0) return;
    this.db.transaction(() => {
      for (const { roomId, content } of changed) recordPinLevels(this.db, roomId, pinLevels(content, this.bot), this.now());
    })();
  }

  /** The room's whole state (GET /state), as read at start and on joining. */
  fromState(roomId: RoomId, raw: unknown): void {
    const events = (Array.isArray(raw) ? raw : []).map(asStateEvent).filter((e) => e !== null);
    const pl = latestState(events, POWER_LEVELS);
    recordPinLevels(this.db, roomId, pinLevels(pl?.content ?? null, this.bot), this.now());
  }
}
