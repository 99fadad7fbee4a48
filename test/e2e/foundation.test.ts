// The foundation against a real Synapse: help in German, invites, start-up errors, commands sent
// while the bot was stopped, and exactly-once answers across SIGKILL.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess, REPO_ROOT } from "../support/bot-process.ts";
import { Person, bodyOf, isReplyTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");

interface World {
  bot: { userId: string; accessToken: string };
  anna: Person; // city
  ben: Person; // police
  eve: Person; // no agency
  room: string;
}

function botConfig(w: World, dataDir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    homeserverUrl: hs.url,
    accessToken: w.bot.accessToken,
    dataDir,
    rooms: [w.room],
    agencies: [
      { id: "city", name: "Stadt", users: [w.anna.userId], roles: { press: [w.anna.userId], planner: ["*"] } },
      { id: "police", name: "Polizei", users: [w.ben.userId], roles: { press: [w.ben.userId] } },
    ],
    logLevel: "info",
    ...extra,
  };
}

const fromBot = (w: World) => (ev: TimelineEvent) => ev.sender === w.bot.userId && ev.type === "m.room.message";

describe("foundation against Synapse", () => {
  let w: World;
  let dataDir: string;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    const id = Date.now().toString(36);
    const botUser = await registerUser(hs, `lagebot-${id}`, { displayName: "Lagebot" });
    const anna = await Person.create(hs, `anna-${id}`, "Anna Stadt");
    const ben = await Person.create(hs, `ben-${id}`, "Ben Polizei");
    const eve = await Person.create(hs, `eve-${id}`, "Eve");
    const room = await anna.createRoom({ name: "Lage", invite: [ben.userId, botUser.userId] });
    await ben.join(room);
    await anna.startSync();
    await eve.startSync();
    w = { bot: botUser, anna, ben, eve, room };
    dataDir = mkdtempSync(join(tmpdir(), "lagebot-e2e-"));
    bot = await BotProcess.start({ config: botConfig(w, dataDir) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await started?.anna.stopSync();
    await started?.eve.stopSync();
  });

  it("answers !hilfe in German, as a reply", async () => {
    const mark = w.anna.mark();
    const cmd = await w.anna.send(w.room, "!hilfe");
    const reply = await w.anna.waitFor((ev) => fromBot(w)(ev) && isReplyTo(ev, cmd), { after: mark, description: "help reply" });
    expect(bodyOf(reply)).toContain("Lagebot – Befehle");
    expect(reply.content["msgtype"]).toBe("m.notice");
  });

  it("declines a stranger's invite", async () => {
    const room = await w.eve.createRoom({ name: "Fremd", invite: [w.bot.userId] });
    const mark = w.eve.mark();
    const left = await w.eve.waitFor(
      (ev) => ev.room_id === room && ev.type === "m.room.member" && (ev as TimelineEvent & { state_key?: string }).state_key === w.bot.userId && ev.content["membership"] === "leave",
      { after: mark, description: "bot declines invite", timeoutMs: 30_000 },
    );
    expect(left.content["membership"]).toBe("leave");
  });

  it("answers once, after it starts, a command sent while it was stopped", async () => {
    expect(bot).not.toBeNull();
    await bot?.kill("SIGTERM");
    expect(bot?.exitCode).toBe(0);
    const mark = w.anna.mark();
    const cmd = await w.anna.send(w.room, "!status");
    bot = await BotProcess.start({ config: botConfig(w, dataDir) });
    await w.anna.waitFor((ev) => fromBot(w)(ev) && isReplyTo(ev, cmd), { after: mark, description: "status reply after restart" });
    await w.anna.collect(w.room, 3_000); // give a duplicate time to show up
    expect(w.anna.eventsSince(mark, w.room).filter((ev) => fromBot(w)(ev) && isReplyTo(ev, cmd))).toHaveLength(1);
  });

  it("answers every command exactly once across SIGKILLs mid-stream", async () => {
    const mark = w.anna.mark();
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      sent.push(await w.anna.send(w.room, i % 2 ? "!status" : "!hilfe"));
      if (i === 3 || i === 8) {
        await bot?.kill("SIGKILL");
        bot = await BotProcess.start({ config: botConfig(w, dataDir) });
      }
    }
    for (const id of sent) await w.anna.waitFor((ev) => fromBot(w)(ev) && isReplyTo(ev, id), { after: mark, description: `reply to ${id}`, timeoutMs: 60_000 });
    await w.anna.collect(w.room, 3_000);
    const replies = w.anna.eventsSince(mark, w.room).filter(fromBot(w));
    for (const id of sent) expect(replies.filter((ev) => isReplyTo(ev, id))).toHaveLength(1);
  });
});

describe("start-up errors", () => {
  it("lists every problem of an invalid config and writes nothing", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lagebot-bad-")), "data");
    const res = await BotProcess.runToExit({ homeserverUrl: "ftp://x", language: "fr", dataDir: dir, agencies: [] }, 20_000);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("homeserverUrl");
    expect(res.stderr).toContain("language");
    expect(res.stderr).toContain("agencies");
    expect(res.stderr).toContain("accessToken");
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses encryption when the native crypto library is missing, naming how to install it", async () => {
    const user = await registerUser(hs, `lagebot-crypto-${Date.now().toString(36)}`);
    const dir = mkdtempSync(join(tmpdir(), "lagebot-crypto-"));
    const res = await BotProcess.runToExit(
      {
        homeserverUrl: hs.url, accessToken: user.accessToken, dataDir: dir, encryption: true,
        agencies: [{ id: "a", name: "A", users: ["@a:x"] }, { id: "b", name: "B", users: ["@b:x"] }],
      },
      30_000,
      // Where the library is installed, the bot is made not to find its binary, as after a failed download.
      { NODE_OPTIONS: `--import=${pathToFileURL(join(REPO_ROOT, "test", "support", "hide-crypto.mjs")).href}` },
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("@matrix-org/matrix-sdk-crypto-nodejs");
    expect(res.stderr).toContain("npm run crypto");
    expect(res.stderr).toContain("npm rebuild");
  });
});
