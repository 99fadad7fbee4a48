/**
 * Lagebot in the federated world (federation.ts): the bot's account on the city's server, a shared
 * room created there, city users on stadt.test and police users on polizei.test, agencies decided by
 * `servers` only (no listed users), as in a real two-server deployment.
 *
 *   const fed = useFederation();
 *   const w = await federatedBot(fed, "fb", { reminders: { operations: ["20s"] } });
 *   const reply = await w.ask(w.ben, "!lage");   // a police user's command, answered over federation
 *   await w.stop();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BotProcess } from "./bot-process.ts";
import { Person, isReplyTo } from "./person.ts";
import type { TimelineEvent } from "./person.ts";
import { registerUser } from "./synapse.ts";
import type { HomeserverRef } from "./synapse.ts";

export interface FederatedBot {
  botId: string;
  /** City press officer, planner and chair (stadt.test). */
  anna: Person;
  /** City member without the press role (stadt.test). */
  carl: Person;
  /** Police press officer (polizei.test). */
  ben: Person;
  /** Police member without the press role (polizei.test). */
  pia: Person;
  room: string;
  dataDir: string;
  bot: BotProcess;
  config: Record<string, unknown>;
  /** Sends `text` as `who` and resolves with the bot's reply as `who`'s own server delivers it. */
  ask(who: Person, text: string, timeoutMs?: number): Promise<TimelineEvent>;
  /** The bot's events (not its membership) that `who` saw in the room after `mark`. */
  fromBot(who: Person, mark: number): TimelineEvent[];
  stop(): Promise<void>;
}

const isMember = (membership: string, userId: string) => (ev: TimelineEvent) => ev.type === "m.room.member" && ev.state_key === userId && ev.content["membership"] === membership;

export async function federatedBot(fed: { city: HomeserverRef; police: HomeserverRef }, tag: string, extra: Record<string, unknown> = {}): Promise<FederatedBot> {
  const id = `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const botUser = await registerUser(fed.city, `fbot-${id}`, { displayName: "Lagebot" });
  const [anna, carl, ben, pia] = await Promise.all([
    Person.create(fed.city, `anna-${id}`, "Anna Stadt"),
    Person.create(fed.city, `carl-${id}`, "Carl Stadt"),
    Person.create(fed.police, `ben-${id}`, "Ben Polizei"),
    Person.create(fed.police, `pia-${id}`, "Pia Polizei"),
  ]);
  await Promise.all([anna, carl, ben, pia].map((p) => p.startSync()));
  const mark = anna.mark();
  const room = await anna.createRoom({ name: `Lage ${tag}`, invite: [carl.userId, ben.userId, pia.userId, botUser.userId] });
  // A remote join that overtakes the inviting server's own copy of the invite is refused (403).
  await Promise.all([ben, pia].map((p) => anna.waitFor(isMember("invite", p.userId), { after: mark, roomId: room, description: `${p.userId}'s invite` })));
  await Promise.all([carl.join(room), ben.join(room), pia.join(room)]);
  await Promise.all([ben, pia].map((p) => anna.waitFor(isMember("join", p.userId), { after: mark, roomId: room, timeoutMs: 30_000, description: `${p.userId}'s join over federation` })));
  const dataDir = mkdtempSync(join(tmpdir(), `lagebot-fed-${tag}-`));
  const config: Record<string, unknown> = {
    homeserverUrl: fed.city.url,
    accessToken: botUser.accessToken,
    dataDir,
    rooms: [room],
    language: "de",
    agencies: [
      { id: "city", name: "Stadt", servers: [fed.city.serverName], roles: { press: [anna.userId], planner: ["*"], chair: [anna.userId] } },
      { id: "police", name: "Polizei", servers: [fed.police.serverName], roles: { press: [ben.userId], planner: ["*"], chair: [ben.userId] } },
    ],
    ...extra,
  };
  const bot = await BotProcess.start({ config });
  await Promise.all([anna, ben].map((p) => p.waitFor(isMember("join", botUser.userId), { after: 0, roomId: room, timeoutMs: 30_000, description: "the bot's join" })));
  const w: FederatedBot = {
    botId: botUser.userId, anna, carl, ben, pia, room, dataDir, bot, config,
    async ask(who, text, timeoutMs = 30_000) {
      const m = who.mark();
      const cmd = await who.send(room, text);
      return who.waitFor((ev) => ev.sender === botUser.userId && ev.type === "m.room.message" && isReplyTo(ev, cmd), { after: m, timeoutMs, description: `reply to ${text.split("\n")[0] ?? text}` });
    },
    fromBot(who, m) {
      return who.eventsSince(m, room).filter((ev) => ev.sender === botUser.userId && ev.type !== "m.room.member");
    },
    async stop() {
      await w.bot.kill("SIGTERM");
      await Promise.all([anna, carl, ben, pia].map((p) => p.stopSync()));
      if (!process.env["LAGEBOT_KEEP_SYNAPSE"]) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return w;
}
