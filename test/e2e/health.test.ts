// The operators' endpoint against a real Synapse: /health while syncing, when the homeserver goes
// away and when it is back; /metrics counting a command. The bot reaches Synapse through a small TCP
// pass-through here, so the test can cut the line without stopping the shared Synapse.
import { connect, createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { Person, isReplyTo } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");

/** Forwards TCP connections to the homeserver until `cut()`; `restore()` listens again on the same port. */
class Line {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly target: URL;
  constructor(target: string) {
    this.target = new URL(target);
  }
  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    const addr = server.address();
    if (addr && typeof addr === "object") this.port = addr.port;
    this.server = server;
  }
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

interface HealthBody {
  status: string;
  reasons: string[];
}

async function health(port: number): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as HealthBody };
}

/** Polls /health until it answers `status` (the bot notices a cut line only when its sync fails). */
async function healthBecomes(port: number, status: number, timeoutMs: number): Promise<{ status: number; body: HealthBody }> {
  const deadline = Date.now() + timeoutMs;
  let last = await health(port);
  while (last.status !== status && Date.now() < deadline) {
    await sleep(200);
    last = await health(port);
  }
  return last;
}

function endpointPort(bot: BotProcess): number {
  const line = bot.jsonLines().find((l) => typeof l["msg"] === "string" && l["msg"].includes("health and metrics endpoint"));
  const port = line?.["port"];
  if (typeof port !== "number") throw new Error(`no endpoint line in the bot's log:\n${bot.output().join("\n")}`);
  return port;
}

describe("health and metrics endpoint", () => {
  const line = new Line(hs.url);
  let bot: BotProcess | null = null;
  let port = 0;
  let anna: Person;
  let room = "";
  let botUserId = "";

  beforeAll(async () => {
    const id = Date.now().toString(36);
    const botUser = await registerUser(hs, `lagebot-health-${id}`, { displayName: "Lagebot" });
    botUserId = botUser.userId;
    anna = await Person.create(hs, `anna-health-${id}`, "Anna Stadt");
    room = await anna.createRoom({ name: "Lage", invite: [botUser.userId] });
    await anna.startSync();
    await line.open();
    bot = await BotProcess.start({
      config: {
        homeserverUrl: `http://127.0.0.1:${line.port}`,
        accessToken: botUser.accessToken,
        rooms: [room],
        agencies: [
          { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"] } },
          { id: "police", name: "Polizei", users: [`@nobody-${id}:${hs.serverName}`] },
        ],
        metrics: { port: 0 },
      },
    });
    port = endpointPort(bot);
  });

  afterAll(async () => {
    await bot?.kill("SIGTERM");
    await ifSet(anna)?.stopSync();
    await line.cut();
  });

  it("answers /health with 200 while the bot is syncing", async () => {
    const h = await healthBecomes(port, 200, 10_000);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: "ok", reasons: [] });
  });

  it("counts an answered command in /metrics by family and outcome", async () => {
    const mark = anna.mark();
    const cmd = await anna.send(room, "!op list");
    await anna.waitFor((ev) => ev.sender === botUserId && isReplyTo(ev, cmd), { after: mark, description: "reply to !op list" });
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(/^lagebot_commands_total\{family="op",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^lagebot_command_duration_seconds_count\{family="op"\} 1$/m);
    expect(text).toMatch(/^lagebot_bot_added_seconds_count [1-9]/m);
    expect(text).toMatch(/^lagebot_outbox_wait_seconds_count [1-9]/m);
    expect(text).toMatch(/^lagebot_outbox_pending 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it("logs no message contents at info level", async () => {
    const mark = anna.mark();
    await anna.send(room, "Vertraulich: Zeuge 4711");
    const cmd = await anna.send(room, "!op list week");
    // Events are handled in order: once this reply is there, the chat line has been seen too.
    await anna.waitFor((ev) => ev.sender === botUserId && isReplyTo(ev, cmd), { after: mark, description: "reply to !op list week" });
    const out = bot?.output().join("\n") ?? "";
    expect(out).toContain("ready");
    expect(out).not.toContain("4711");
    expect(out).not.toContain("list week");
  });

  it("answers 404 for anything but /health and /metrics", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/admin`);
    expect(res.status).toBe(404);
  });

  it("answers 503 naming the unreachable homeserver, and 200 again once it is back", async () => {
    await line.cut();
    const down = await healthBecomes(port, 503, 30_000);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.reasons.join("\n")).toMatch(/homeserver unreachable since \d{4}-\d\d-\d\dT/);

    await line.open(); // same port: the bot's configured URL works again
    // The SDK waits 5–15 s before it syncs again; a new event makes that sync return at once
    // instead of long-polling for 25 s.
    await anna.send(room, "Verbindung wieder da");
    const up = await healthBecomes(port, 200, 45_000);
    expect(up.body).toMatchObject({ status: "ok", reasons: [] });
    expect(bot?.output().join("\n")).not.toContain("Verbindung wieder da");
  });
});
