// Restart semantics against a real Synapse, with a short catch-up window and late-command limit
// (20 s each): a reminder that fell due during the downtime inside the window is posted once and
// marked late; an older one is listed in one summary; state-changing commands that waited too long
// are answered "arrived late" and not run, reads are answered; an approval by reaction still counts.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../../support/bot-process.ts";
import { berlin, checkStore, faultWorld, isBotMessage, openBotDb, repliesTo, waitForReplies } from "../../support/faults.ts";
import type { FaultWorld } from "../../support/faults.ts";
import { bodyOf, relatesTo } from "../../support/person.ts";
import type { TimelineEvent } from "../../support/person.ts";
import { ifSet } from "../../support/suite.ts";

const hs = inject("synapse");
// The operation starts 60 s after it is planned, reminders fall due 10 s and 48 s after planning; the
// bot is down from 7 s to 55 s: the first reminder is then older than the window, the second is not.
const START_IN_MS = 60_000;
const OFFSETS = ["50s", "12s"];
const DOWN_AT_MS = 7_000;
const UP_AT_MS = 55_000;

describe("restart after downtime", () => {
  let w: FaultWorld;
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "restart");
    await Promise.all([w.anna.startSync(), w.ben.startSync()]);
    bot = await BotProcess.start({ config: w.config({ reminders: { operations: OFFSETS }, catchUpWindow: "20s", lateCommandAfter: "20s" }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await Promise.all([started?.anna.stopSync(), started?.ben.stopSync()]);
    started?.dispose();
  });

  it("posts what is inside the catch-up window late, summarises the rest, refuses stale changes", { timeout: 5 * 60_000 }, async () => {
    if (!bot) throw new Error("no bot");
    const mark = w.anna.mark();
    const plannedAt = Date.now();
    const plan = await w.anna.send(w.room, `!einsatz planen Streife Neustart wann="${berlin(new Date(plannedAt + START_IN_MS))}" ort=Markt polizei=1`);
    const draft = await w.anna.send(w.room, "!presse entwurf Neustart\nDer Bot startet neu.");
    await waitForReplies(w.anna, w.botId, [plan, draft], mark, 30_000);
    const card = repliesTo(w.anna, w.botId, draft, mark)[0];
    if (!card) throw new Error("no card");
    expect(Date.now(), "the bot answered too slowly to be stopped before the first reminder").toBeLessThan(plannedAt + DOWN_AT_MS);
    await sleep(Math.max(0, plannedAt + DOWN_AT_MS - Date.now()));

    expect((await bot.kill("SIGTERM")).code).toBe(0);
    const downAt = Date.now();
    const reaction = await w.ben.react(w.room, card.event_id, "✅");
    const late = {
      join: await w.ben.send(w.room, "!einsatz teilnehmen OP-1"),
      approve: await w.anna.send(w.room, "!presse freigeben PR-1"),
      show: await w.anna.send(w.room, "!einsatz zeigen OP-1"),
    };
    await sleep(Math.max(0, plannedAt + UP_AT_MS - Date.now()));
    bot = await bot.restart();
    const downMs = Date.now() - downAt;

    await waitForReplies(w.anna, w.botId, Object.values(late), mark, 60_000);
    // The reaction counts: the card is edited to show the police approval.
    const edited = await w.anna.waitFor((ev) => isBotMessage(w.botId)(ev) && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card.event_id && newBody(ev).includes("Polizei: freigegeben"), {
      after: mark, description: "the card edited to show the police approval",
    });
    expect(newBody(edited)).toContain("Polizei: freigegeben von Ben Polizei");
    await w.anna.collect(w.room, 3_000);

    const reply = (id: string) => repliesTo(w.anna, w.botId, id, mark).map(bodyOf);
    expect(reply(late.join)).toHaveLength(1);
    expect(reply(late.join)[0]).toContain("nicht ausgeführt");
    expect(reply(late.approve)).toHaveLength(1);
    expect(reply(late.approve)[0]).toContain("nicht ausgeführt");
    expect(reply(late.show)).toHaveLength(1);
    expect(reply(late.show)[0]).toContain("OP-1 · Streife Neustart");
    expect(reply(late.show)[0]).toContain("Polizei: noch niemand");

    const posts = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).map(bodyOf);
    const duplicates = Object.values(late).reduce((n, id) => n + Math.max(0, reply(id).length - 1), 0);
    const reminders = posts.filter((b) => b.startsWith("Erinnerung: Einsatz OP-1"));
    const summaries = posts.filter((b) => b.startsWith("Während der Bot nicht erreichbar war"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain("beginnt in 12 Sek.");
    expect(reminders[0]).toContain("verspätet; vorgesehen war");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toContain("Erinnerung OP-1 (50 Sek. vorher)");

    await bot.kill("SIGTERM");
    const db = openBotDb(w.dataDir);
    const rows = db.prepare<[], { state: string; late: number }>("SELECT state, late FROM schedule WHERE job = 'op.reminder' ORDER BY due_at").all();
    const reactionRow = db.prepare<[string], { outcome: string }>("SELECT outcome FROM inbox WHERE event_id = ?").get(reaction);
    db.close();
    expect(rows).toEqual([{ state: "missed", late: 1 }, { state: "done", late: 1 }]);
    expect(reactionRow?.outcome).toBe("reaction");
    const store = checkStore(w.dataDir);
    expect(store.integrity).toBe("ok");
    expect(store.auditBroken).toBeNull();
    console.log(
      `restart: down ${Math.round(downMs / 1000)} s, reminders posted late ${reminders.length}, summarised ${summaries.length}, ` +
        `late commands refused 2, reads answered 1, approvals by reaction counted 1, duplicates found ${duplicates}`,
    );
  });
});

function newBody(ev: TimelineEvent): string {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof (c as Record<string, unknown>)["body"] === "string" ? String((c as Record<string, unknown>)["body"]) : "";
}
