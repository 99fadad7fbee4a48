// Lagebot across two homeservers: the bot on stadt.test, police users on polizei.test, agencies told
// apart by server only. Police commands, a police press officer's ✅ and its redaction, a revision
// and the release, reminders reaching police users, !lage on both servers, and the encrypted room
// with the police on their own server (device lists and room keys over federation).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { berlin } from "../../support/converse.ts";
import { cryptoMissing, e2eeRequired } from "../../support/crypto-probe.ts";
import { federatedBot } from "../../support/federated-bot.ts";
import type { FederatedBot } from "../../support/federated-bot.ts";
import { useFederation } from "../../support/federation-client.ts";
import { Person, bodyOf, isReplyTo, mentionsOf, relatesTo } from "../../support/person.ts";
import type { TimelineEvent } from "../../support/person.ts";
import { SecurePerson } from "../../support/secure-person.ts";
import { registerUser } from "../../support/synapse.ts";
import { BotProcess } from "../../support/bot-process.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ifSet } from "../../support/suite.ts";

const running = inject("federationRunning");
const missing = cryptoMissing();
if (running && missing && e2eeRequired()) throw new Error(`the native crypto library must load here (CI): ${missing}`);

const newBody = (ev: { content: Record<string, unknown> }): string => {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof Reflect.get(c, "body") === "string" ? String(Reflect.get(c, "body")) : "";
};

/** A command whose answer is a press card; resolves with the card as `viewer` (another server) sees it. */
async function cardFor(w: FederatedBot, who: Person, viewer: Person, text: string): Promise<TimelineEvent> {
  const mark = viewer.mark();
  const cmd = await who.send(w.room, text);
  const card = await viewer.waitFor((ev) => ev.sender === w.botId && ev.type === "m.room.message" && isReplyTo(ev, cmd) && /^Entwurf PR-\d+ \(Version \d+\)/.test(bodyOf(ev)), { after: mark, timeoutMs: 30_000, description: `card for ${text.split("\n")[0] ?? ""}` });
  // The bot seeds ✅ and ❌ on every card; later reactions should not race them.
  await viewer.waitFor((ev) => ev.sender === w.botId && ev.type === "m.reaction" && relatesTo(ev).eventId === card.event_id && relatesTo(ev).key === "❌", { after: mark, timeoutMs: 30_000, description: "seeded ❌" });
  return card;
}

function cardEdit(w: FederatedBot, viewer: Person, card: string, pattern: RegExp, after: number): Promise<TimelineEvent> {
  return viewer.waitFor((ev) => ev.sender === w.botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card && pattern.test(newBody(ev)), { after, timeoutMs: 30_000, description: `card edit matching ${pattern}` });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

describe.skipIf(!running)("Lagebot with the police on their own homeserver", () => {
  const fed = useFederation();
  let w: FederatedBot;
  beforeAll(async () => {
    w = await federatedBot(fed, "bot", { reminders: { operations: ["20s"], pressPending: ["1d"] } });
  }, 120_000);
  afterAll(() => ifSet(w)?.stop());

  it("takes police members by their server: their commands are answered, seen on both servers", async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const mark = w.anna.mark();
    const plan = await w.ask(w.pia, `!einsatz planen Streife Markt wann="${berlin(start)}" ort=Marktplatz stadt=1 polizei=1`);
    expect(bodyOf(plan)).toMatch(/Einsatz OP-1 „[^“]*“ geplant/);
    // The same reply, by event ID, on the city's server.
    await w.anna.waitFor((ev) => ev.event_id === plan.event_id, { after: mark, description: "the reply on stadt.test" });
    expect(bodyOf(await w.ask(w.pia, "!einsatz teilnehmen OP-1"))).toContain("Polizei: 1 von 1");
    expect(bodyOf(await w.ask(w.carl, "!einsatz teilnehmen OP-1"))).toContain("Stadt: 1 von 1");
  });

  it("counts a police press officer's ✅ sent from polizei.test, takes back its redaction, and releases a revision approved by both", async () => {
    const first = await cardFor(w, w.anna, w.ben, "!presse entwurf Sperrung Brücke\nDie Brücke ist am Montag gesperrt.");
    expect(bodyOf(first)).toMatch(/Freigabe ausstehend: Stadt und Polizei/);
    let mark = w.ben.mark();
    const bens = await w.ben.react(w.room, first.event_id, "✅");
    await w.anna.react(w.room, first.event_id, "✅");
    await cardEdit(w, w.ben, first.event_id, /von allen Behörden freigegeben/, mark);

    mark = w.ben.mark();
    await w.ben.redact(w.room, bens);
    await cardEdit(w, w.ben, first.event_id, /Freigabe ausstehend: Polizei$/m, mark);

    mark = w.ben.mark();
    const second = await cardFor(w, w.anna, w.ben, "!presse überarbeiten PR-1\nDie Brücke ist am Montag ab 8 Uhr gesperrt.");
    expect(bodyOf(second)).toMatch(/Entwurf PR-1 \(Version 2\) – Freigabe ausstehend: Stadt und Polizei/);
    await cardEdit(w, w.ben, first.event_id, /ersetzt durch Version 2/, mark);
    mark = w.ben.mark();
    await w.ben.react(w.room, second.event_id, "✅");
    await w.anna.react(w.room, second.event_id, "✅");
    await cardEdit(w, w.ben, second.event_id, /von allen Behörden freigegeben/, mark);

    mark = w.ben.mark();
    await w.anna.send(w.room, "!presse veröffentlichen PR-1");
    const release = await w.ben.waitFor((ev) => ev.sender === w.botId && /PRESSEMITTEILUNG PR-1 \(Version 2\)/.test(bodyOf(ev)), { after: mark, timeoutMs: 30_000, description: "the release on polizei.test" });
    expect(bodyOf(release)).toContain("ab 8 Uhr");
  });

  it("delivers an operation reminder to police users on their server, mentioning the police joiner", async () => {
    const now = Math.ceil(Date.now() / 1000) * 1000;
    const start = new Date(now + 45_000);
    const plan = await w.ask(w.anna, `!einsatz planen Kontrolle Nacht wann="${berlin(start, true)}" polizei=1`);
    const op = /OP-\d+/.exec(bodyOf(plan))?.[0] ?? "OP-?";
    expect(bodyOf(await w.ask(w.pia, `!einsatz teilnehmen ${op}`))).toContain("Polizei: 1 von 1");
    const mark = w.pia.mark();
    const reminder = await w.pia.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).includes(`Erinnerung: Einsatz ${op}`), { after: mark, timeoutMs: 60_000, description: "the reminder on polizei.test" });
    expect(reminder.origin_server_ts).toBeGreaterThanOrEqual(start.getTime() - 20_000);
    expect(mentionsOf(reminder)).toContain(w.pia.userId);
    await w.pia.collect(w.room, 3_000);
    expect(w.fromBot(w.pia, mark).filter((ev) => bodyOf(ev).includes(`Erinnerung: Einsatz ${op}`))).toHaveLength(1);
  }, 90_000);

  it("answers !lage to either agency, the same event on both servers; federation round trips measured beside one-server ones", async () => {
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now();
      const fromCity = await w.ask(w.anna, "!lage");
      local.push(performance.now() - t0);
      t0 = performance.now();
      const fromPolice = await w.ask(w.ben, "!lage");
      remote.push(performance.now() - t0);
      // The same picture for both: the same records in the same order (its times carry the minute,
      // which may turn between the two asks).
      const records = (ev: TimelineEvent) => [...bodyOf(ev).matchAll(/\b(?:OP|PR|HS|AI|TOP)-\d+/g)].map((m) => m[0]);
      expect(bodyOf(fromPolice)).toMatch(/^Lagebild /);
      expect(records(fromPolice)).toEqual(records(fromCity));
      await w.anna.waitFor((ev) => ev.event_id === fromPolice.event_id, { after: 0, description: "the police's !lage reply on stadt.test" });
    }
    expect(bodyOf(await w.ask(w.ben, "!lage"))).toContain("OP-1");
    console.log(`federation: !lage round trip p50 ${median(local).toFixed(0)} ms on one server, ${median(remote).toFixed(0)} ms from polizei.test (ratio ${(median(remote) / median(local)).toFixed(2)})`);
  });
});

describe.skipIf(!running || missing !== null)("an encrypted room with the police on their own homeserver", () => {
  const fed = useFederation();
  let anna: SecurePerson;
  let ben: SecurePerson;
  let wire: Person;
  let room: string;
  let botId: string;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    const id = `enc${Date.now().toString(36)}`;
    const [botUser, annaUser, benUser] = await Promise.all([
      registerUser(fed.city, `fbot-${id}`, { displayName: "Lagebot" }),
      registerUser(fed.city, `anna-${id}`, { displayName: "Anna Stadt" }),
      registerUser(fed.police, `ben-${id}`, { displayName: "Ben Polizei" }),
    ]);
    botId = botUser.userId;
    wire = new Person(fed.city, annaUser.userId, annaUser.accessToken, annaUser.deviceId);
    await wire.startSync();
    const mark = wire.mark();
    room = await wire.createRoom({ name: "Lage verschlüsselt", encrypted: true, invite: [benUser.userId, botUser.userId] });
    await wire.waitFor((ev) => ev.type === "m.room.member" && ev.state_key === benUser.userId && ev.content["membership"] === "invite", { after: mark, roomId: room, description: "Ben's invite" });
    [anna, ben] = await Promise.all([SecurePerson.start(fed.city, annaUser), SecurePerson.start(fed.police, benUser)]);
    await ben.join(room);
    bot = await BotProcess.start({
      config: {
        homeserverUrl: fed.city.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-fed-enc-")), rooms: [room], encryption: true,
        agencies: [
          { id: "city", name: "Stadt", servers: [fed.city.serverName], roles: { press: [annaUser.userId], planner: ["*"], chair: [annaUser.userId] } },
          { id: "police", name: "Polizei", servers: [fed.police.serverName], roles: { press: [benUser.userId], planner: ["*"], chair: [benUser.userId] } },
        ],
      },
    });
    await wire.waitFor((ev) => ev.type === "m.room.member" && ev.state_key === botId && ev.content["membership"] === "join", { after: 0, roomId: room, timeoutMs: 30_000, description: "the bot's join" });
  }, 120_000);
  afterAll(async () => {
    await bot?.kill("SIGTERM");
    await Promise.all([ifSet(anna)?.stop(), ifSet(ben)?.stop(), ifSet(wire)?.stopSync()]);
  });

  it("decrypts a police command sent from polizei.test and answers encrypted, readable there; a ✅ from there counts", async () => {
    let mark = ben.mark();
    const cmd = await ben.send(room, "!presse entwurf Hinweis Kirmes\nAm Wochenende gilt ein Glasverbot.");
    const card = await ben.waitFor((ev) => ev.sender === botId && ev.type === "m.room.message" && isReplyTo(ev, cmd), { after: mark, timeoutMs: 45_000, description: "the card, decrypted on polizei.test" });
    expect(card.wireType).toBe("m.room.encrypted");
    expect(String(card.content["body"])).toMatch(/Entwurf PR-1 \(Version 1\) – Freigabe ausstehend: Stadt und Polizei/);
    await ben.waitFor((ev) => ev.sender === botId && ev.type === "m.reaction" && relatesTo(ev).key === "❌", { after: mark, timeoutMs: 30_000, description: "seeded ❌" });

    mark = anna.mark();
    await ben.react(room, card.event_id, "✅");
    await anna.react(room, card.event_id, "✅");
    await anna.waitFor((ev) => ev.sender === botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card.event_id && /von allen Behörden freigegeben/.test(newBody(ev)), { after: mark, timeoutMs: 30_000, description: "the approved card" });
    // Nothing of the bot's in clear on the wire.
    expect(wire.eventsSince(0, room).filter((ev) => ev.sender === botId && !["m.room.encrypted", "m.room.redaction", "m.room.member"].includes(ev.type))).toEqual([]);
  }, 120_000);
});
