// A homeserver outage between the bot and a real Synapse, made by a proxy: first the connection is
// refused, then (second half) the line is a black hole that accepts and never answers. The bot
// keeps running. Commands sent meanwhile are answered after recovery, reminders that fell due are
// posted once and marked late, nothing is doubled, `!status` names the outage and /health says 503
// during it and 200 after. One minute in every run; ten minutes with LAGEBOT_FAULT_LONG=1.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess, REPO_ROOT } from "../../support/bot-process.ts";
import { berlin, checkStore, faultWorld, isBotMessage, repliesTo, waitForReplies } from "../../support/faults.ts";
import type { FaultWorld } from "../../support/faults.ts";
import { bodyOf, isReplyTo } from "../../support/person.ts";
import type { Person, TimelineEvent } from "../../support/person.ts";
import { FaultProxy } from "../../support/proxy.ts";
import { ifSet } from "../../support/suite.ts";

const hs = inject("synapse");
const SEND = /^\/_matrix\/client\/v3\/rooms\/[^/]+\/send\/m\.room\.message\//;
const LONG = process.env["LAGEBOT_FAULT_LONG"] === "1";
// lateCommandAfter's default: a state change that waited longer is not run.
const LATE_MS = 10 * 60_000;
// The operators' endpoint, where this checkout has it.
const HEALTH = existsSync(join(REPO_ROOT, "src", "http", "server.ts"));

async function healthStatus(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
  await res.arrayBuffer();
  return res.status;
}

/** Polls /health until it answers `status`; returns what it answered last. */
async function healthBecomes(port: number, status: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await healthStatus(port);
  while (last !== status && Date.now() < deadline) {
    await sleep(250);
    last = await healthStatus(port);
  }
  return last;
}

describe.each([
  { minutes: 1, run: true },
  { minutes: 10, run: LONG },
])("outage of $minutes min", ({ minutes, run }) => {
  const outageMs = minutes * 60_000;
  // Reminders due a quarter and three quarters into the outage (the operation starts a minute after it).
  const offsets = [`${(outageMs * 0.75 + 60_000) / 1000}s`, `${(outageMs * 0.25 + 60_000) / 1000}s`];
  let w: FaultWorld;
  let proxy: FaultProxy;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    if (!run) return;
    w = await faultWorld(hs, `outage${minutes}`);
    proxy = await FaultProxy.start(hs.url);
    await Promise.all([w.anna.startSync(), w.ben.startSync()]);
    const extra: Record<string, unknown> = { homeserverUrl: proxy.url, reminders: { operations: offsets } };
    if (HEALTH) extra["metrics"] = { port: 0 };
    bot = await BotProcess.start({ config: w.config(extra) });
  });

  afterAll(async () => {
    if (!run) return;
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await Promise.all([started?.anna.stopSync(), started?.ben.stopSync()]);
    await ifSet(proxy)?.stop();
    started?.dispose();
  });

  it.skipIf(!run)("answers what was sent meanwhile, posts due reminders once and late, and says so", { timeout: outageMs + 5 * 60_000 }, async () => {
    if (!bot) throw new Error("no bot");
    const port = HEALTH ? endpointPort(bot) : 0;
    if (HEALTH) expect(await healthBecomes(port, 200, 30_000)).toBe(200);

    const mark = w.anna.mark();
    const outageAt = Date.now() + 8_000;
    const startsAt = new Date(outageAt + outageMs + 60_000);
    const plan = await w.anna.send(w.room, `!einsatz planen Streife Ausfall wann="${berlin(startsAt)}" ort=Markt polizei=1`);
    await waitForReplies(w.anna, w.botId, [plan], mark, 30_000);
    await sleep(Math.max(0, outageAt - Date.now()));

    // A reply in flight when the line goes: Synapse may have stored it, the bot never hears back.
    proxy.inject({ method: "PUT", path: SEND, times: 1, fault: { kind: "delay", ms: 10 * 60_000 } });
    const inflight = await w.anna.send(w.room, "!hilfe");
    await until(() => proxy.requests({ method: "PUT", path: SEND }).some((r) => r.fault === "delay"), 20_000, "the reply's PUT at the proxy");
    proxy.outage("refuse");
    const cutAt = Date.now();
    if (HEALTH) expect(await healthBecomes(port, 503, 30_000)).toBe(503);
    // Sent straight to Synapse while the bot cannot reach it.
    const during: Array<{ id: string; who: Person; text: string; at: number }> = [];
    for (const [who, text] of [[w.anna, "!status"], [w.anna, "!einsatz liste"], [w.ben, "!einsatz teilnehmen OP-1"]] as const) {
      during.push({ id: await who.send(w.room, text), who, text, at: Date.now() });
    }
    await sleep(Math.max(0, cutAt + outageMs / 2 - Date.now()));
    proxy.outage("blackhole");
    await sleep(Math.max(0, cutAt + outageMs - Date.now()));
    if (HEALTH) expect(await healthStatus(port)).toBe(503);
    // Only the plan reply got out (and the one in flight, if Synapse stored it before the cut).
    expect(w.anna.eventsSince(mark, w.room).filter((ev) => isBotMessage(w.botId)(ev) && !isReplyTo(ev, inflight))).toHaveLength(1);
    await proxy.restore();
    const restoredAt = Date.now();

    await waitForReplies(w.anna, w.botId, [inflight, ...during.map((d) => d.id)], mark, 120_000);
    const recoveredMs = Date.now() - restoredAt;
    const reminders = await waitForReminders(w, mark, 2, 60_000);
    if (HEALTH) expect(await healthBecomes(port, 200, 60_000)).toBe(200);
    await w.anna.collect(w.room, 3_000);

    // One reply per command; a state change older than lateCommandAfter (10 min) is refused as late.
    for (const id of [inflight, ...during.map((d) => d.id)]) expect(repliesTo(w.anna, w.botId, id, mark)).toHaveLength(1);
    const joinReply = repliesTo(w.anna, w.botId, during[2]?.id ?? "", mark)[0];
    const join = bodyOf(joinReply ?? { content: {} });
    const sentAt = during[2]?.at ?? 0;
    // The bot measured the wait somewhere between the recovery and its reply.
    if (restoredAt - sentAt > LATE_MS + 2_000) expect(join).toContain("erst nach");
    else if ((joinReply?.origin_server_ts ?? 0) - sentAt < LATE_MS - 2_000) expect(join).toContain("Polizei: 1 von 1");
    else expect(join).toMatch(/erst nach|Polizei: 1 von 1/);
    const status = bodyOf(repliesTo(w.anna, w.botId, during[0]?.id ?? "", mark)[0] ?? { content: {} });
    expect(status).toContain("Letzte Unterbrechung der Verbindung");
    expect(reminders).toHaveLength(2);
    for (const r of reminders) expect(r).toContain("verspätet; vorgesehen war");
    const posts = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId));
    const duplicates = posts.length - (2 + during.length + reminders.length);
    expect(duplicates).toBe(0);

    await bot.kill("SIGTERM");
    const store = checkStore(w.dataDir);
    expect(store.integrity).toBe("ok");
    expect(store.auditBroken).toBeNull();
    console.log(
      `outage ${minutes} min: commands answered after recovery ${during.length} + 1 in flight (last after ${Math.round(recoveredMs / 1000)} s), ` +
        `reminders posted late ${reminders.length}, health ${HEALTH ? "503 during, 200 after" : "not built"}, duplicates found ${duplicates}`,
    );
  });
});

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(50);
  }
}

/** The first `n` reminder posts after `mark` (waiting up to `timeoutMs`). */
async function waitForReminders(w: FaultWorld, mark: number, n: number, timeoutMs: number): Promise<string[]> {
  const isReminder = (ev: TimelineEvent) => isBotMessage(w.botId)(ev) && bodyOf(ev).startsWith("Erinnerung:");
  const deadline = Date.now() + timeoutMs;
  let found = w.anna.eventsSince(mark, w.room).filter(isReminder);
  while (found.length < n && Date.now() < deadline) {
    const last = found.at(-1)?.seq ?? mark;
    await w.anna.waitFor(isReminder, { after: last, roomId: w.room, timeoutMs: Math.max(1, deadline - Date.now()), description: `reminder ${found.length + 1} of ${n}` });
    found = w.anna.eventsSince(mark, w.room).filter(isReminder);
  }
  return found.map(bodyOf);
}

function endpointPort(bot: BotProcess): number {
  const line = bot.jsonLines().find((l) => typeof l["msg"] === "string" && l["msg"].includes("health and metrics endpoint"));
  const port = line?.["port"];
  if (typeof port !== "number") throw new Error(`no endpoint line in the bot's log:\n${bot.output().join("\n")}`);
  return port;
}
