// The benchmark's world: one Synapse with its default message rate limit, lifted per user with the
// admin API (as an operator would do for the bot), users of both agencies, 10 rooms for Lagebot and
// 10 for the echo bot, and an observer whose sync stamps the arrival of every reply.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { z } from "zod";
import { REPO_ROOT } from "../../test/support/bot-process.ts";
import { matrixRequest, registerUser, startSynapse } from "../../test/support/synapse.ts";
import type { RegisteredUser, SynapseHandle } from "../../test/support/synapse.ts";
import { BenchUser } from "./client.ts";
import type { Seen } from "./client.ts";
import { parseScrape } from "./stats.ts";
import type { Scrape } from "./stats.ts";

export const ROOMS = 10;

export interface World {
  hs: SynapseHandle;
  synapseVersion: string;
  bot: RegisteredUser;
  echo: RegisteredUser;
  /** City member with planner and press roles; the observer in every room. */
  anna: BenchUser;
  /** Police press approver. */
  ben: BenchUser;
  /** City members, one per room, for the paced and burst runs. */
  senders: BenchUser[];
  lageRooms: string[];
  echoRooms: string[];
  /** Fresh rooms for Lagebot's side of the comparison with the peer (same members as the peer's). */
  sideRooms: string[];
  /** The peer's account and its rooms, when the bench compares with it. */
  peer: { user: RegisteredUser; rooms: string[] } | null;
  replies: Replies;
}

/** Replies (and other posts) of the bots as the observer sees them. */
export class Replies {
  private readonly bots: Set<string>;
  private readonly byTarget = new Map<string, Seen[]>();
  private readonly waiters = new Map<string, (s: Seen) => void>();
  private readonly postWaiters = new Set<() => void>();
  /** The bots' messages that are not replies (reminders, and the peer's answers), in arrival order. */
  readonly posts: Seen[] = [];
  /** performance.now() of the last event of a bot the observer saw. */
  private lastBotEvent = 0;
  constructor(bots: string[]) {
    this.bots = new Set(bots);
  }
  /** Synapse's origin_server_ts of every event the observer saw (commands too), by event ID. */
  readonly stamps = new Map<string, number>();
  readonly onEvent = (e: Seen): void => {
    this.stamps.set(e.eventId, e.originTs);
    if (this.bots.has(e.sender)) this.lastBotEvent = e.arrivedAt;
    if (!this.bots.has(e.sender) || e.type !== "m.room.message") return;
    if (e.replyTo === null) {
      this.posts.push(e);
      for (const w of [...this.postWaiters]) w();
      return;
    }
    const list = this.byTarget.get(e.replyTo) ?? [];
    list.push(e);
    this.byTarget.set(e.replyTo, list);
    this.waiters.get(e.replyTo)?.(e);
    this.waiters.delete(e.replyTo);
  };
  /** The first reply to `eventId` (already seen or still to come). */
  wait(eventId: string, timeoutMs: number): Promise<Seen> {
    const seen = this.byTarget.get(eventId)?.[0];
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(eventId);
        reject(new Error(`no reply to ${eventId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(eventId, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
  }
  /** The first post by `sender` in `roomId` at index `from` of `posts` or later (already seen or still to come). */
  waitPost(roomId: string, sender: string, from: number, timeoutMs: number): Promise<Seen> {
    const find = () => this.posts.slice(from).find((p) => p.roomId === roomId && p.sender === sender);
    const seen = find();
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (!hit) return;
        this.postWaiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.postWaiters.delete(check);
        reject(new Error(`no post by ${sender} in ${roomId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.postWaiters.add(check);
    });
  }
  /** Resolves once no bot event has arrived for `quietMs` (follow-ups such as card edits are out). */
  async settle(quietMs: number): Promise<void> {
    for (;;) {
      const wait = this.lastBotEvent + quietMs - performance.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  count(eventId: string): number {
    return this.byTarget.get(eventId)?.length ?? 0;
  }
}

const versionSchema = z.object({ server_version: z.string() });

export async function buildWorld(opts: { peer: boolean }): Promise<World> {
  // Synapse's own default for messages (0.2/s, burst 10): the bench must lift it per user.
  const hs = await startSynapse({ rcMessagePerSecond: 0.2, rcMessageBurst: 10 });
  const admin = await registerUser(hs, "bench-admin", { admin: true });
  const { server_version } = await matrixRequest({ method: "GET", url: `${hs.url}/_synapse/admin/v1/server_version`, accessToken: admin.accessToken }, versionSchema);
  const lift = (userId: string) =>
    matrixRequest(
      { method: "POST", url: `${hs.url}/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`, accessToken: admin.accessToken, body: { messages_per_second: 0, burst_count: 0 } },
      z.object({}).loose(),
    );
  const user = async (name: string, display: string) => {
    const u = await registerUser(hs, name, { displayName: display });
    await lift(u.userId);
    return u;
  };
  const bot = await user("lagebot", "Lagebot");
  const echo = await user("echobot", "Echo");
  const peerUser = opts.peer ? await user("reminderbot", "Reminder Bot") : null;
  const asBench = (u: RegisteredUser) => new BenchUser(hs.url, u.userId, u.accessToken);
  const anna = asBench(await user("anna", "Anna Stadt"));
  const ben = asBench(await user("ben", "Ben Polizei"));
  const senders: BenchUser[] = [];
  for (let i = 0; i < ROOMS; i++) senders.push(asBench(await user(`sender${i}`, `Sachbearbeitung ${i}`)));

  const lageRooms: string[] = [];
  const echoRooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const sender = senders[i] as BenchUser;
    const lage = await anna.createRoom(`Lage ${i}`, [bot.userId, ben.userId, sender.userId]);
    // The same members in both kinds of room: the homeserver's work per event depends on them.
    const e = await anna.createRoom(`Echo ${i}`, [echo.userId, ben.userId, sender.userId]);
    await sender.join(lage);
    await sender.join(e);
    await ben.join(lage);
    await ben.join(e);
    lageRooms.push(lage);
    echoRooms.push(e);
  }
  // The comparison with the peer gets rooms of its own on both sides, alike and fresh.
  const sideRooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const sender = senders[i] as BenchUser;
    const room = await anna.createRoom(`Lage Vergleich ${i}`, [bot.userId, ben.userId, sender.userId]);
    for (const u of [sender, ben]) await u.join(room);
    sideRooms.push(room);
  }
  let peer: World["peer"] = null;
  if (peerUser) {
    // The peer joins before it starts: it ignores messages older than its join.
    const asPeer = asBench(peerUser);
    const rooms: string[] = [];
    for (let i = 0; i < ROOMS; i++) {
      const sender = senders[i] as BenchUser;
      const room = await anna.createRoom(`Erinnerungen ${i}`, [peerUser.userId, ben.userId, sender.userId]);
      for (const u of [asPeer, sender, ben]) await u.join(room);
      rooms.push(room);
    }
    peer = { user: peerUser, rooms };
  }
  const replies = new Replies([bot.userId, echo.userId, ...(peerUser ? [peerUser.userId] : [])]);
  await anna.startSync(replies.onEvent);
  return { hs, synapseVersion: server_version, bot, echo, anna, ben, senders, lageRooms, echoRooms, sideRooms, peer, replies };
}

/** Lagebot's config for the bench (without dataDir): every bench user is a member, anna and ben approve press texts. */
export function lagebotConfig(w: World, rooms: string[]): Record<string, unknown> {
  return {
    homeserverUrl: w.hs.url,
    accessToken: w.bot.accessToken,
    rooms,
    agencies: [
      { id: "city", name: "Stadt", users: [w.anna.userId, ...w.senders.map((s) => s.userId)], roles: { press: [w.anna.userId], planner: ["*"] } },
      { id: "police", name: "Polizei", users: [w.ben.userId], roles: { press: [w.ben.userId] } },
    ],
    logLevel: "info",
    metrics: { port: 0 },
  };
}

export async function scrape(port: number): Promise<Scrape> {
  return parseScrape(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
}

/** Starts the echo bot as its own process, like Lagebot; resolves once it syncs. */
export async function startEcho(w: World): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/bench/echo-bot.ts", w.hs.url, ...w.echoRooms], {
    cwd: REPO_ROOT, env: { ...process.env, ECHO_TOKEN: w.echo.accessToken }, stdio: ["ignore", "pipe", "inherit"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (c: string) => c.includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`echo bot exited with ${code}`)));
  });
  return child;
}
