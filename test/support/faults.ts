/**
 * Shared ground for the fault suites (test/e2e/faults, test/e2e/e2ee.test.ts): a room with members of
 * two agencies and a bot account, the bot's config, and what a test checks in the bot's database.
 *
 *   const w = await faultWorld(hs, "crash");
 *   const bot = await BotProcess.start({ config: w.config({ homeserverUrl: proxy.url }) });
 *   const mark = w.anna.mark();
 *   const cmd = await w.anna.send(w.room, "!status");
 *   await waitForReplies(w.anna, w.botId, [cmd], mark, 30_000);
 *   await bot.kill("SIGTERM");
 *   const store = checkStore(w.dataDir);          // integrity_check, audit chain
 *   w.dispose();                                   // in afterAll
 */
import { berlin as berlinWallClock } from "./converse.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { verifyAudit } from "../../src/store/audit.ts";
import { Person, isReplyTo } from "./person.ts";
import type { TimelineEvent } from "./person.ts";
import { registerUser } from "./synapse.ts";
import type { HomeserverRef, RegisteredUser } from "./synapse.ts";

export interface FaultWorld {
  bot: RegisteredUser;
  botId: string;
  /** City: planner and press approver. */
  anna: Person;
  /** Police: press approver. */
  ben: Person;
  /** City: member, planner (everyone in the city plans), no press role. */
  carl: Person;
  room: string;
  dataDir: string;
  /** The bot's config for this world; `extra` overrides keys (e.g. homeserverUrl → the proxy). */
  config(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Removes the data directory (after the bot stopped), unless LAGEBOT_KEEP_SYNAPSE keeps it for a look. */
  dispose(): void;
}

export async function faultWorld(hs: HomeserverRef, tag: string): Promise<FaultWorld> {
  const id = `${tag}-${Date.now().toString(36)}`;
  const bot = await registerUser(hs, `bot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna Stadt");
  const ben = await Person.create(hs, `ben-${id}`, "Ben Polizei");
  const carl = await Person.create(hs, `carl-${id}`, "Carl Stadt");
  const room = await anna.createRoom({ name: `Lage ${tag}`, invite: [ben.userId, carl.userId, bot.userId] });
  await ben.join(room);
  await carl.join(room);
  const dataDir = mkdtempSync(join(tmpdir(), `lagebot-${tag}-`));
  const config = (extra: Record<string, unknown> = {}) => ({
    homeserverUrl: hs.url,
    accessToken: bot.accessToken,
    dataDir,
    rooms: [room],
    agencies: [
      { id: "city", name: "Stadt", users: [anna.userId, carl.userId], roles: { press: [anna.userId], planner: ["*"] } },
      { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId], planner: [] } },
    ],
    logLevel: "info",
    // Off unless a test asks: its delayed sends would take faults injected on /send/ and count as sends.
    alarm: { enabled: false },
    // Off too: the fault tests count every message of the bot, and the greetings of the users joining
    // after the bot's first read would be among them (test/e2e/late-joiners.test.ts tests greetings).
    greeting: { enabled: false },
    ...extra,
  });
  const dispose = () => {
    if (!process.env["LAGEBOT_KEEP_SYNAPSE"]) rmSync(dataDir, { recursive: true, force: true });
  };
  return { bot, botId: bot.userId, anna, ben, carl, room, dataDir, config, dispose };
}

/** Europe/Berlin wall clock "YYYY-MM-DD HH:mm:ss" of an instant, as commands take it. */
export const berlin = (d: Date): string => berlinWallClock(d, true);

export const isBotMessage = (botId: string) => (ev: TimelineEvent) => ev.sender === botId && ev.type === "m.room.message";

/** The bot's replies to `eventId` among what `person` received after `mark`. */
export function repliesTo(person: Person, botId: string, eventId: string, mark = 0): TimelineEvent[] {
  return person.eventsSince(mark).filter((ev) => isBotMessage(botId)(ev) && isReplyTo(ev, eventId));
}

/** Waits until every command has at least one reply (rejects naming the first one without). */
export async function waitForReplies(person: Person, botId: string, commands: readonly string[], mark: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of commands) {
    const left = Math.max(1, deadline - Date.now());
    await person.waitFor((ev) => isBotMessage(botId)(ev) && isReplyTo(ev, id), { after: mark, timeoutMs: left, description: `the bot's reply to ${id}` });
  }
}

/** Opens the bot's database read-only (after the bot stopped, or alongside it: WAL allows readers). */
export function openBotDb(dataDir: string): Database {
  return new BetterSqlite3(join(dataDir, "lagebot.sqlite"), { readonly: true, fileMustExist: true });
}

/** What must hold after any fault: SQLite intact, audit chain unbroken. */
export function checkStore(dataDir: string): { integrity: string; auditRows: number; auditBroken: string | null } {
  const db = openBotDb(dataDir);
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    const audit = verifyAudit(db);
    return {
      integrity: String(integrity),
      auditRows: audit.rows,
      auditBroken: audit.firstBad ? `row ${audit.firstBad.id}: ${audit.firstBad.problem}` : null,
    };
  } finally {
    db.close();
  }
}

/** An integer in [min, max]. */
export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** A positive integer from the environment, else the fallback. */
export function envInt(name: string, fallback: number): number {
  const n = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
