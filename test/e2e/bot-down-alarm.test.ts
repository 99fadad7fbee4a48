// The bot-down alarm against a real Synapse (delayed events enabled in test/support/synapse.ts), with
// alarm.after = 15 s: after SIGKILL the homeserver posts the alarm; after SIGTERM it posts nothing; the
// restart after an alarm says the bot is back and what it caught up; !status tells on or off.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { berlin, faultWorld, isBotMessage, repliesTo, waitForReplies } from "../support/faults.ts";
import type { FaultWorld } from "../support/faults.ts";
import { cryptoMissing, describeClear, e2eeRequired, e2eeWorld } from "../support/e2ee-world.ts";
import type { E2eeWorld } from "../support/e2ee-world.ts";
import { bodyOf } from "../support/person.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const missing = cryptoMissing();
if (missing && e2eeRequired()) throw new Error(`the native crypto library must load here (CI): ${missing}`);
const AFTER_MS = 15_000;
const ARMED = /bot-down alarm armed/;
const DOWN = /^Lagebot antwortet seit (\d\d:\d\d) nicht mehr — Erinnerungen und Freigaben ruhen\.$/;
const BACK = /^Lagebot ist wieder erreichbar \(seit \d\d:\d\d\)\. Nachgeholt: (\d+) Erinnerung(?:en)?\.$/;

/** "HH:MM" in Berlin of an instant. */
const hhmm = (ms: number) => berlin(new Date(ms)).slice(11, 16);

async function status(w: FaultWorld): Promise<string> {
  const mark = w.anna.mark();
  const cmd = await w.anna.send(w.room, "!status");
  await waitForReplies(w.anna, w.botId, [cmd], mark, 30_000);
  return bodyOf(repliesTo(w.anna, w.botId, cmd, mark)[0] ?? { content: {} });
}

describe("bot-down alarm after a crash", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "alarm-crash");
    await w.anna.startSync();
    // One reminder 30 s after planning: it falls due while the bot is down.
    bot = await BotProcess.start({ config: w.config({ alarm: { after: "15s" }, reminders: { operations: ["60s"] } }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await started?.anna.stopSync();
    started?.dispose();
  });

  it("the homeserver posts the alarm after SIGKILL; the restart says the bot is back and what it caught up", { timeout: 3 * 60_000 }, async () => {
    if (!bot) throw new Error("no bot");
    await bot.waitForLine(ARMED, 30_000);
    expect(await status(w)).toContain("Ausfall-Alarm: an, 15 Sek. Vorlauf");
    const mark = w.anna.mark();
    const plannedAt = Date.now();
    const plan = await w.anna.send(w.room, `!einsatz planen Streife Alarm wann="${berlin(new Date(plannedAt + 90_000))}" ort=Markt polizei=1`);
    await waitForReplies(w.anna, w.botId, [plan], mark, 30_000);

    await bot.kill("SIGKILL");
    const killedAt = Date.now();
    const alarm = await w.anna.waitFor((ev) => isBotMessage(w.botId)(ev) && DOWN.test(bodyOf(ev)), {
      after: mark, timeoutMs: AFTER_MS + 20_000, description: "the bot-down alarm",
    });
    // Sent by the homeserver `after` the last renewal (at most a third of that before the kill).
    expect(alarm.origin_server_ts).toBeGreaterThanOrEqual(killedAt + AFTER_MS - AFTER_MS / 3 - 1_500);
    const since = DOWN.exec(bodyOf(alarm))?.[1];
    expect([hhmm(killedAt - AFTER_MS / 3 - 1_000), hhmm(killedAt)]).toContain(since);

    // Restarted after the reminder fell due: it is posted late, and counted.
    await sleep(Math.max(0, plannedAt + 36_000 - Date.now()));
    bot = await bot.restart();
    const back = await w.anna.waitFor((ev) => isBotMessage(w.botId)(ev) && BACK.test(bodyOf(ev)), {
      after: mark, timeoutMs: 30_000, description: "the bot's message that it is back",
    });
    expect(bodyOf(back)).toMatch(/^Lagebot ist wieder erreichbar \(seit \d\d:\d\d\)\. Nachgeholt: 1 Erinnerung\.$/);
    await bot.waitForLine(ARMED, 30_000);
    await w.anna.collect(w.room, 2_000);
    const posts = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).map(bodyOf);
    expect(posts.filter((b) => DOWN.test(b))).toHaveLength(1);
    expect(posts.filter((b) => BACK.test(b))).toHaveLength(1);
  });
});

describe("bot-down alarm after a clean shutdown", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "alarm-term");
    await w.anna.startSync();
    bot = await BotProcess.start({ config: w.config({ alarm: { after: "15s" } }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await started?.anna.stopSync();
    started?.dispose();
  });

  it("SIGTERM cancels the alarm: nothing is posted after the delay, and the restart says nothing either", { timeout: 3 * 60_000 }, async () => {
    if (!bot) throw new Error("no bot");
    await bot.waitForLine(ARMED, 30_000);
    const mark = w.anna.mark();
    expect((await bot.kill("SIGTERM")).code).toBe(0);
    await w.anna.collect(w.room, AFTER_MS + 8_000);
    bot = await bot.restart();
    await bot.waitForLine(ARMED, 30_000);
    await w.anna.collect(w.room, 3_000);
    const posts = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).map(bodyOf);
    expect(posts.filter((b) => DOWN.test(b) || BACK.test(b))).toEqual([]);
  });

  it("switched off in the config: no alarm, and !status says so", { timeout: 2 * 60_000 }, async () => {
    if (!bot) throw new Error("no bot");
    await bot.kill("SIGTERM");
    bot = await BotProcess.start({ config: w.config({ alarm: { enabled: false, after: "15s" } }) });
    expect(await status(w)).toContain("Ausfall-Alarm: aus (in der Konfiguration ausgeschaltet)");
    const mark = w.anna.mark();
    await bot.kill("SIGKILL");
    await w.anna.collect(w.room, AFTER_MS + 5_000);
    expect(w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).map(bodyOf).filter((b) => DOWN.test(b))).toEqual([]);
    bot = await bot.restart();
  });
});

describe.skipIf(missing !== null)("bot-down alarm in an encrypted room", () => {
  let w: E2eeWorld;

  beforeAll(async () => {
    w = await e2eeWorld(hs, "alarm-e2ee", { extra: { alarm: { after: "15s" } } });
  });

  afterAll(async () => {
    await ifSet(w)?.stop();
  });

  it("the alarm is encrypted before the homeserver holds it, and members read it after SIGKILL", { timeout: 3 * 60_000 }, async () => {
    await w.bot.waitForLine(ARMED, 30_000);
    const mark = w.ben.mark();
    await w.bot.kill("SIGKILL");
    const alarm = await w.ben.waitFor((ev) => ev.sender === w.botId && ev.type === "m.room.message" && DOWN.test(String(ev.content["body"])), {
      after: mark, timeoutMs: AFTER_MS + 20_000, description: "the decrypted bot-down alarm",
    });
    expect(alarm.wireType).toBe("m.room.encrypted");
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    w.bot = await w.bot.restart();
  });
});
