// The other agency's server down, as the city side lives it: the police homeserver stopped for a
// minute, and the link between the two servers cut for one minute (ten with LAGEBOT_FAULT_LONG=1 or
// LAGEBOT_FEDERATION_LONG=1, as CI runs it) while police users go on working on their own server. The city side keeps working throughout; what the
// police sent meanwhile arrives late and is handled by the rules that exist (a command older than
// lateCommandAfter is not run and the sender is asked to repeat it; a ✅ is counted and the card
// updated); nothing is doubled on either server.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { berlin } from "../../support/converse.ts";
import { federatedBot } from "../../support/federated-bot.ts";
import type { FederatedBot } from "../../support/federated-bot.ts";
import { useFederation } from "../../support/federation-client.ts";
import { bodyOf, isReplyTo, relatesTo } from "../../support/person.ts";
import type { Person, TimelineEvent } from "../../support/person.ts";
import { ifSet } from "../../support/suite.ts";

const running = inject("federationRunning");
// The ten-minute cut: with LAGEBOT_FAULT_LONG=1 (all long fault runs) or LAGEBOT_FEDERATION_LONG=1 (CI).
const LONG = process.env["LAGEBOT_FAULT_LONG"] === "1" || process.env["LAGEBOT_FEDERATION_LONG"] === "1";
// After the link returns each server retries on its own schedule (see FEDERATION_RETRY).
const CATCH_UP_MS = 150_000;

const messagesSchema = z.object({ chunk: z.array(z.looseObject({ event_id: z.string(), sender: z.string(), type: z.string(), content: z.record(z.string(), z.unknown()) })) });

/** The room's latest events as `who`'s own server stores them (not /sync, which Person dedupes). */
async function stored(who: Person, room: string): Promise<z.infer<typeof messagesSchema>["chunk"]> {
  return (await who.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=200`, undefined, messagesSchema)).chunk;
}

const newBody = (ev: TimelineEvent): string => {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof Reflect.get(c, "body") === "string" ? String(Reflect.get(c, "body")) : "";
};

async function card(w: FederatedBot, text: string): Promise<TimelineEvent> {
  const mark = w.anna.mark();
  const cmd = await w.anna.send(w.room, text);
  const c = await w.anna.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, cmd) && /^Entwurf PR-\d+/.test(bodyOf(ev)), { after: mark, description: "the card" });
  await w.ben.waitFor((ev) => ev.sender === w.botId && ev.type === "m.reaction" && relatesTo(ev).eventId === c.event_id && relatesTo(ev).key === "❌", { after: 0, timeoutMs: 30_000, description: "the seeded ❌ on polizei.test" });
  return c;
}

describe.skipIf(!running)("the police homeserver stopped for a minute", () => {
  const fed = useFederation({ faults: true });
  let w: FederatedBot;
  beforeAll(async () => {
    w = await federatedBot(fed, "stop", { reminders: { operations: ["40s"] } });
  }, 120_000);
  afterAll(() => ifSet(w)?.stop());

  it("keeps the city side working; police users get what was posted meanwhile once, after the restart", async () => {
    const stopAt = Math.ceil(Date.now() / 1000) * 1000 + 5_000;
    // The reminder falls due 30 s into the outage.
    const plan = await w.ask(w.anna, `!einsatz planen Nachtstreife wann="${berlin(new Date(stopAt + 70_000), true)}" polizei=1`);
    expect(bodyOf(plan)).toContain("OP-1");
    const [cityMark, policeMark] = [w.anna.mark(), w.pia.mark()];
    await fed.stop("police");
    const t0 = Date.now();
    expect(bodyOf(await w.ask(w.anna, "!einsatz zeigen OP-1"))).toContain("Nachtstreife");
    const reminder = await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).includes("Erinnerung: Einsatz OP-1"), { after: cityMark, timeoutMs: 60_000, description: "the reminder during the outage" });
    expect(bodyOf(reminder)).not.toMatch(/verspätet/);
    await sleep(Math.max(0, 60_000 - (Date.now() - t0)));
    await fed.start("police");

    await w.pia.waitFor((ev) => ev.event_id === reminder.event_id, { after: policeMark, timeoutMs: CATCH_UP_MS, description: "the reminder on polizei.test after the restart" });
    expect(bodyOf(await w.ask(w.pia, "!einsatz teilnehmen OP-1", 60_000))).toContain("Polizei: 1 von 1");
    for (const who of [w.anna, w.pia]) {
      const reminders = (await stored(who, w.room)).filter((ev) => ev.sender === w.botId && bodyOf(ev).includes("Erinnerung: Einsatz OP-1"));
      expect(reminders.map((ev) => ev.event_id)).toEqual([reminder.event_id]);
    }
  }, 300_000);
});

describe.each([
  { minutes: 1, run: true },
  { minutes: 10, run: LONG },
])("the link between the servers cut for $minutes min", ({ minutes, run }) => {
  const fed = useFederation({ faults: true });
  let w: FederatedBot;
  beforeAll(async () => {
    if (run) w = await federatedBot(fed, `cut${minutes}`);
  }, 120_000);
  afterAll(() => ifSet(w)?.stop());

  it.skipIf(!run)("city side answers meanwhile; the police ✅ is counted when it arrives, the police command is run or, if too late, asked again; nothing doubled", async () => {
    const draft = await card(w, `!presse entwurf Hinweis ${minutes}\nDer Markt öffnet später.`);
    await w.anna.react(w.room, draft.event_id, "✅");
    expect(bodyOf(await w.ask(w.anna, `!einsatz planen Streife Altstadt wann="${berlin(new Date(Date.now() + 86_400_000))}" polizei=1`))).toContain("OP-1");
    const cityMark = w.anna.mark();

    await fed.partition();
    const cutAt = Date.now();
    const bens = await w.ben.react(w.room, draft.event_id, "✅");
    const pias = await w.pia.send(w.room, "!einsatz teilnehmen OP-1");
    // The city side is not held up by the police side being away.
    expect(bodyOf(await w.ask(w.anna, "!einsatz zeigen OP-1"))).toContain("Polizei: 0 von 1");
    expect(bodyOf(await w.ask(w.carl, "!status"))).toContain("Lagebot");
    await sleep(Math.max(0, minutes * 60_000 - (Date.now() - cutAt)));
    await fed.heal();

    const approved = await w.anna.waitFor((ev) => ev.sender === w.botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === draft.event_id && /von allen Behörden freigegeben/.test(newBody(ev)), { after: cityMark, timeoutMs: CATCH_UP_MS, description: "the card approved by the late police ✅" });
    expect(approved).toBeDefined();
    const answer = await w.pia.waitFor((ev) => ev.sender === w.botId && ev.type === "m.room.message" && isReplyTo(ev, pias), { after: 0, timeoutMs: CATCH_UP_MS, description: "the answer to Pia's command on polizei.test" });
    if (minutes < 10) expect(bodyOf(answer)).toContain("Polizei: 1 von 1");
    else expect(bodyOf(answer)).toMatch(/erst nach (\d+ Min\.|\d+ Std\.|einer Minute) beim Bot angekommen und wurde deshalb nicht ausgeführt\. Bitte senden Sie ihn erneut/);
    expect(bodyOf(await w.ask(w.anna, "!einsatz zeigen OP-1"))).toContain(minutes < 10 ? "Polizei: 1 von 1" : "Polizei: 0 von 1");

    await w.anna.collect(w.room, 3_000);
    const city = await stored(w.anna, w.room);
    expect(city.filter((ev) => ev.event_id === bens)).toHaveLength(1);
    expect(city.filter((ev) => ev.sender === w.botId && isReplyTo({ content: ev.content }, pias))).toHaveLength(1);
    expect(city.filter((ev) => ev.sender === w.botId && /PR-1 \(Version 1\) ist von allen Behörden freigegeben/.test(bodyOf(ev)))).toHaveLength(1);
  }, (LONG ? 15 : 5) * 60_000);
});
