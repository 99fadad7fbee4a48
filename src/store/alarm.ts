// What the bot-down alarm keeps between runs (in kv): the delayed event waiting in each room and when it
// falls due, and the alarm's state for !status; plus the count of scheduled posts caught up since a time.
import { z } from "zod";
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";
import { deleteValue, getValue, putValue } from "./kv.ts";

const ARMED_KEY = "alarm.armed";
const STATE_KEY = "alarm.state";

const armedSchema = z.record(z.string(), z.object({ delayId: z.string(), dueAt: z.number() }));
export type ArmedAlarms = Record<string, { delayId: string; dueAt: number }>;

const stateSchema = z.union([
  z.object({ on: z.literal(true), afterMs: z.number(), encryptedSkipped: z.number() }),
  z.object({ on: z.literal(false), why: z.enum(["server", "config"]) }),
  z.object({ on: z.literal(false), why: z.literal("limit"), maxMs: z.number() }),
]);
/** What !status says: on with its lead time (and rooms left out because they are encrypted and crypto is off), or off and why. */
export type AlarmState = z.infer<typeof stateSchema>;

function readJson<T>(db: Database, key: string, schema: z.ZodType<T>): T | null {
  const raw = getValue(db, key);
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function armedAlarms(db: Database): ArmedAlarms {
  return readJson(db, ARMED_KEY, armedSchema) ?? {};
}

export function saveArmedAlarms(db: Database, armed: ArmedAlarms): void {
  if (Object.keys(armed).length === 0) deleteValue(db, ARMED_KEY);
  else putValue(db, ARMED_KEY, JSON.stringify(armed));
}

export function alarmState(db: Database): AlarmState | null {
  return readJson(db, STATE_KEY, stateSchema);
}

export function saveAlarmState(db: Database, state: AlarmState | null): void {
  if (state === null) deleteValue(db, STATE_KEY);
  else putValue(db, STATE_KEY, JSON.stringify(state));
}

/** Scheduled posts of the room posted late since `since`, but for the bot's own `exceptJobs` (housekeeping, greetings …). */
export function caughtUpSince(db: Database, roomId: RoomId, since: number, exceptJobs: readonly string[]): number {
  return prepared<[string, number, string], { n: number }>(
    db,
    "SELECT count(*) AS n FROM schedule WHERE room_id = ? AND late = 1 AND done_at >= ? AND state = 'done' AND job NOT IN (SELECT value FROM json_each(?))",
  ).get(roomId, since, JSON.stringify(exceptJobs))?.n ?? 0;
}
