/**
 * An encrypted room against the shared Synapse with users of both agencies on an independent client
 * (SecurePerson: matrix-js-sdk + Rust crypto in wasm, as Element Web), and the bot with encryption on.
 * Anna also has a plain Person whose sync shows the room as the servers store it (the wire).
 *
 *   const w = await e2eeWorld(hs, "e2ee", { keyWaitWindow: "3s" });
 *   const reply = await w.ask(w.anna, "!status");       // sent encrypted, answer decrypted
 *   expect(reply.wireType).toBe("m.room.encrypted");
 *   expect(w.clearFromBot()).toEqual([]);               // nothing of the bot's in clear on the wire
 *   await w.stop();
 *
 * The native crypto library must load: `cryptoMissing()` says why not (tests skip, or fail under CI).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BotProcess } from "./bot-process.ts";
import { Person, describeEvent, isReplyTo } from "./person.ts";
import type { TimelineEvent } from "./person.ts";
import { SecurePerson } from "./secure-person.ts";
import type { SecureEvent } from "./secure-person.ts";
import { registerUser } from "./synapse.ts";
import type { HomeserverRef, RegisteredUser } from "./synapse.ts";

export { cryptoMissing, e2eeRequired } from "./crypto-probe.ts";

export interface E2eeWorld {
  botUser: RegisteredUser;
  botId: string;
  /** City: planner, press, chair, auditor. */
  anna: SecurePerson;
  annaUser: RegisteredUser;
  /** Police: press approver and planner. */
  ben: SecurePerson;
  benUser: RegisteredUser;
  /** Anna's plain view of the room: what the servers store. */
  wire: Person;
  room: string;
  dataDir: string;
  bot: BotProcess;
  config(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Sends a command as `who` and resolves with the bot's (decrypted) reply to it. */
  ask(who: SecurePerson, text: string, timeoutMs?: number): Promise<SecureEvent>;
  /** The bot's events on the wire that were not encrypted (redactions and its own membership excepted). */
  clearFromBot(): TimelineEvent[];
  stop(): Promise<void>;
}

export async function e2eeWorld(hs: HomeserverRef, tag: string, opts: { keyWaitWindow?: string; homeserverUrl?: string; extra?: Record<string, unknown> } = {}): Promise<E2eeWorld> {
  const id = `${tag}-${Date.now().toString(36)}`;
  const [botUser, annaUser, benUser] = await Promise.all([
    registerUser(hs, `bot-${id}`, { displayName: "Lagebot" }),
    registerUser(hs, `anna-${id}`, { displayName: "Anna Stadt" }),
    registerUser(hs, `ben-${id}`, { displayName: "Ben Polizei" }),
  ]);
  const wire = new Person(hs, annaUser.userId, annaUser.accessToken, annaUser.deviceId);
  const room = await wire.createRoom({ name: `Lage verschlüsselt ${tag}`, encrypted: true, invite: [benUser.userId, botUser.userId] });
  await wire.startSync();
  const [anna, ben] = await Promise.all([SecurePerson.start(hs, annaUser), SecurePerson.start(hs, benUser)]);
  await ben.join(room);
  const dataDir = mkdtempSync(join(tmpdir(), `lagebot-${tag}-`));
  const config = (extra: Record<string, unknown> = {}) => ({
    homeserverUrl: opts.homeserverUrl ?? hs.url,
    accessToken: botUser.accessToken,
    dataDir,
    rooms: [room],
    encryption: true,
    keyWaitWindow: opts.keyWaitWindow ?? "10m",
    agencies: [
      { id: "city", name: "Stadt", users: [annaUser.userId], roles: { press: [annaUser.userId], planner: ["*"], chair: [annaUser.userId], auditor: [annaUser.userId] } },
      { id: "police", name: "Polizei", users: [benUser.userId], roles: { press: [benUser.userId], planner: ["*"], chair: [] } },
    ],
    logLevel: "info",
    // Off unless a test asks (bot-down-alarm.test.ts): its encrypted delayed sends would count as the bot's sends.
    alarm: { enabled: false },
    ...opts.extra,
    ...extra,
  });
  const bot = await BotProcess.start({ config: config() });
  // The bot's join must be in both clients' room state before they encrypt, or it gets no key.
  await wire.waitFor((ev) => ev.type === "m.room.member" && ev.state_key === botUser.userId && ev.content["membership"] === "join", { roomId: room, after: 0, timeoutMs: 30_000, description: "the bot's join" }).catch(() => undefined);
  const world: E2eeWorld = {
    botUser, botId: botUser.userId, anna, annaUser, ben, benUser, wire, room, dataDir, bot, config,
    async ask(who, text, timeoutMs = 30_000) {
      const mark = who.mark();
      const cmd = await who.send(room, text);
      return who.waitFor((ev) => ev.sender === botUser.userId && ev.type === "m.room.message" && isReplyTo(ev, cmd), { after: mark, timeoutMs, description: `the bot's reply to ${text.split("\n")[0] ?? text}` });
    },
    clearFromBot() {
      return wire.eventsSince(0, room).filter((ev) => ev.sender === botUser.userId && !["m.room.encrypted", "m.room.redaction", "m.room.member"].includes(ev.type));
    },
    async stop() {
      await world.bot.kill("SIGTERM");
      await Promise.all([anna.stop(), ben.stop(), wire.stopSync()]);
      if (!process.env["LAGEBOT_KEEP_SYNAPSE"]) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** For failure messages: the bot's clear events on the wire. */
export const describeClear = (events: TimelineEvent[]): string => events.map(describeEvent).join("\n");
