// Crash safety against a real Synapse: three people send a stream of commands while the bot is
// killed with SIGKILL at random moments (during start-up and while working) and restarted on the
// same data directory. Afterwards every command has exactly one reply and ran at most once, every
// reminder that fell due was posted exactly once, SQLite is intact and the audit chain verifies.
// LAGEBOT_FAULT_KILLS raises the number of kills (default 50).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../../support/bot-process.ts";
import { bodyOf } from "../../support/person.ts";
import type { Person } from "../../support/person.ts";
import { berlin, checkStore, envInt, faultWorld, isBotMessage, openBotDb, randomInt, repliesTo, waitForReplies } from "../../support/faults.ts";
import type { FaultWorld } from "../../support/faults.ts";
import { ifSet } from "../../support/suite.ts";

const hs = inject("synapse");
const KILLS = envInt("LAGEBOT_FAULT_KILLS", 50);
const OFFSETS = ["10s", "30s", "50s"];
// The reminders of the four operations planned before the storm (OP-1 … OP-4; OP-2 and OP-3 start
// together, so their reminders go out as one message); later plans lie weeks ahead.
const SEEDED = 4;
const SEEDED_REMINDERS = `job = 'op.reminder' AND json_extract(payload, '$.id') <= ${SEEDED}`;

interface Sent {
  eventId: string;
  text: string;
  by: string;
}

describe("crash: SIGKILL at random moments", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "crash");
    await Promise.all([w.anna.startSync(), w.ben.startSync(), w.carl.startSync()]);
    bot = await BotProcess.start({ config: w.config({ reminders: { operations: OFFSETS } }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGKILL");
    await Promise.all([started?.anna.stopSync(), started?.ben.stopSync(), started?.carl.stopSync()]);
    started?.dispose();
  });

  it("answers every command exactly once and posts every due reminder exactly once", { timeout: 20 * 60_000 }, async () => {
    const mark = w.anna.mark();
    // Reminders that fall due while the storm goes on (start in 70–130 s, reminders 10–50 s before).
    const seeds: string[] = [];
    const base = Date.now();
    for (const [i, inMs] of [70_000, 100_000, 100_000, 130_000].entries()) {
      seeds.push(await w.anna.send(w.room, `!op plan Streife ${i + 1} wann="${berlin(new Date(base + inMs))}" ort="Platz ${i + 1}" polizei=1`));
    }
    await waitForReplies(w.anna, w.botId, seeds, mark, 30_000);

    const sent: Sent[] = [];
    let storming = true;
    let benJoined = false;
    const next = (p: Person, name: string, n: number): string => {
      // A few malformed commands (fewer than the error budget of 5 per minute, so none is muted).
      if (n % 17 === 0 && n <= 3 * 17) return "!einsatz plnen";
      if (p !== w.ben) return pick(CITY_COMMANDS)(n, name);
      const c = pick(BEN_COMMANDS)(n, name);
      if (c !== "join/leave") return c;
      // Alternating, so each one succeeds exactly once (a failure would cost error budget).
      benJoined = !benJoined;
      return benJoined ? "!einsatz teilnehmen OP-1" : "!einsatz austragen OP-1";
    };
    const stream = async (p: Person, name: string) => {
      for (let n = 1; storming; n++) {
        const text = next(p, name, n);
        sent.push({ eventId: await p.send(w.room, text), text, by: name });
        await sleep(randomInt(300, 1200));
      }
    };
    const streams = [stream(w.anna, "anna"), stream(w.ben, "ben"), stream(w.carl, "carl")];

    let kills = 0;
    if (!bot) throw new Error("no bot");
    let current: BotProcess = bot;
    try {
      while (kills < KILLS) {
        // 50–400 ms after "ready", or (one kill in four) after the spawn: start-up drains the inbox,
        // wakes the outbox and catches up on due posts before the first sync.
        await sleep(randomInt(50, 400));
        expect(current.running, `the bot died by itself:\n${current.output().slice(-30).join("\n")}`).toBe(true);
        expect((await current.kill("SIGKILL")).signal).toBe("SIGKILL");
        kills++;
        current = bot = await current.restart({ waitForReady: kills % 4 !== 0 });
      }
    } finally {
      storming = false;
      await Promise.all(streams);
    }
    await current.waitForLine(/\bready\b/, 60_000);

    // Everything answered, every reminder that fell due posted: then look for duplicates.
    await waitForReplies(w.anna, w.botId, sent.map((s) => s.eventId), mark, 120_000);
    const db = openBotDb(w.dataDir);
    const lastDue = db.prepare<[], { d: number | null }>(`SELECT MAX(due_at) AS d FROM schedule WHERE ${SEEDED_REMINDERS}`).get()?.d ?? 0;
    db.close();
    await sleep(Math.max(0, lastDue - Date.now()) + 3_000);
    await w.anna.collect(w.room, 4_000);
    await current.kill("SIGTERM");

    const duplicates: string[] = [];
    const unanswered: string[] = [];
    for (const s of sent) {
      const n = repliesTo(w.anna, w.botId, s.eventId, mark).length;
      if (n === 0) unanswered.push(`${s.by}: ${s.text}`);
      if (n > 1) duplicates.push(`${n} replies to ${s.by}: ${s.text}`);
    }

    const store = openBotDb(w.dataDir);
    const reminders = store
      .prepare<[], { due_at: number; state: string; late: number; payload: string }>(`SELECT due_at, state, late, payload FROM schedule WHERE ${SEEDED_REMINDERS} ORDER BY due_at`)
      .all();
    // A command that changes state ran at most once: at most one successful audit row per event.
    const twice = store.prepare<[], { event_id: string; n: number }>("SELECT event_id, COUNT(*) AS n FROM audit WHERE outcome = 'ok' AND event_id IS NOT NULL GROUP BY event_id HAVING n > 1").all();
    const plans = sent.filter((s) => s.text.startsWith("!einsatz planen")).length;
    const operations = store.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM operations").get()?.n ?? -1;
    store.close();

    // Each reminder of a message (reminders due together share one, apart by a blank line).
    const posts = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).flatMap((ev) => bodyOf(ev).split("\n\n").map((part) => part.split("\n")[0] ?? ""));
    const reminderPosts = new Map<string, number>();
    for (const line of posts.filter((l) => l.startsWith("Erinnerung: Einsatz"))) reminderPosts.set(line, (reminderPosts.get(line) ?? 0) + 1);
    for (const [line, n] of reminderPosts) if (n > 1) duplicates.push(`${n}× ${line}`);

    const store2 = checkStore(w.dataDir);
    console.log(
      `crash: kills survived ${kills}, commands checked ${sent.length}, reminders due ${reminders.length} (${reminders.filter((r) => r.late).length} caught up late), ` +
        `reminder posts ${[...reminderPosts.values()].reduce((a, b) => a + b, 0)}, duplicates found ${duplicates.length + twice.length}, ` +
        `integrity ${store2.integrity}, audit rows ${store2.auditRows}`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(unanswered).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(twice).toEqual([]);
    expect(reminders.length).toBe(OFFSETS.length * SEEDED);
    expect(reminders.every((r) => r.state === "done")).toBe(true);
    expect(reminderPosts.size).toBe(reminders.length);
    // OP-2 and OP-3 start together: each of their reminders is one message naming both.
    const together = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).filter((ev) => /Erinnerung: Einsatz OP-2/.test(bodyOf(ev)));
    expect(together.map((ev) => /Erinnerung: Einsatz OP-3/.test(bodyOf(ev)))).toEqual(OFFSETS.map(() => true));
    expect(operations).toBe(SEEDED + plans);
    expect(store2.integrity).toBe("ok");
    expect(store2.auditBroken).toBeNull();
  });
});

type Command = (n: number, name: string) => string;
const CITY_COMMANDS: readonly Command[] = [
  () => "!status",
  () => "!hilfe",
  () => "!einsatz liste",
  (n) => `!einsatz zeigen OP-${1 + (n % 3)}`,
  (n, name) => `!einsatz planen Kontrolle ${name} ${n} wann="${berlin(new Date(Date.now() + 30 * 86_400_000))}" ort=Markt`,
  (n) => `!presse entwurf Mitteilung ${n}\nText der Mitteilung ${n}.`,
];
const BEN_COMMANDS: readonly Command[] = [
  () => "!status",
  () => "!einsatz liste",
  () => "join/leave",
  (n) => `!einsatz zeigen OP-${1 + (n % 3)}`,
  () => "!presse liste",
];

function pick<T>(list: readonly T[]): T {
  const item = list[randomInt(0, list.length - 1)];
  if (item === undefined) throw new Error("empty list");
  return item;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
