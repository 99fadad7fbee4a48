// Late joiners against a real Synapse (issue 20): `!presse zeigen` posts the current card again and
// the old one points to it, with only reactions on the new card counting; a person who joins is
// greeted once with what awaits their agency, and someone of no agency with nothing of that.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot } from "../support/converse.ts";
import { Person, bodyOf, isReplyTo, relatesTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City press approver, creator of the room. */
  anna: Person;
  /** Police press approver. */
  ben: Person;
  /** Police member, joins later. */
  carl: Person;
  /** Of no agency, joins last. */
  eve: Person;
  room: string;
  bot: BotProcess;
}

let w: World;

beforeAll(async () => {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `ljbot-${id}`, { displayName: "Lagebot" });
  const [anna, ben, carl, eve] = (await Promise.all(
    ["anna", "ben", "carl", "eve"].map((n) => Person.create(hs, `lj-${n}-${id}`, n.charAt(0).toUpperCase() + n.slice(1))),
  )) as [Person, Person, Person, Person];
  const room = await anna.createRoom({ name: "Lage", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await Promise.all([anna, ben, carl, eve].map((p) => p.startSync()));
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-lj-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { press: [anna.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId, carl.userId], roles: { press: [ben.userId] } },
      ],
      // Eve, of no agency, joins on purpose.
      roomSafety: "warn",
    },
  });
  w = { botId: botUser.userId, anna, ben, carl, eve, room, bot };
  // The bot has read the room whole before anyone joins: those it found there are not greeted.
  expect(bodyOf(await askBot(anna, room, w.botId, "!raum"))).not.toContain("noch vollständig gelesen");
}, 120_000);

afterAll(async () => {
  await w.bot.kill("SIGTERM");
  await Promise.all([w.anna, w.ben, w.carl, w.eve].map((p) => p.stopSync()));
});

const fromBot = (ev: TimelineEvent) => ev.sender === w.botId && ev.type === "m.room.message";
const newBody = (ev: TimelineEvent): string => {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof (c as Record<string, unknown>)["body"] === "string" ? String((c as Record<string, unknown>)["body"]) : "";
};

/** Sends a command whose answer is a card; returns the card's event ID once its ❌ is seeded. */
async function cardFor(text: string): Promise<string> {
  const mark = w.anna.mark();
  const cmd = await w.anna.send(w.room, text);
  const card = await w.anna.waitFor((ev) => fromBot(ev) && isReplyTo(ev, cmd) && /^Entwurf PR-\d+ \(Version \d+\)/.test(bodyOf(ev)), { after: mark, description: `card for ${text.split("\n")[0]}` });
  await w.anna.waitFor((ev) => ev.sender === w.botId && ev.type === "m.reaction" && relatesTo(ev).eventId === card.event_id && relatesTo(ev).key === "❌", { after: mark, description: "seeded ❌" });
  return card.event_id;
}

const cardEdit = (card: string, pattern: RegExp, after: number): Promise<TimelineEvent> =>
  w.anna.waitFor((ev) => ev.sender === w.botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card && pattern.test(newBody(ev)), { after, description: `card edit matching ${pattern}` });

const greeting = (who: Person, after: number): Promise<TimelineEvent> =>
  w.anna.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Willkommen,") && JSON.stringify(ev.content).includes(who.userId), { after, description: `greeting of ${who.userId}` });

describe("!presse zeigen", () => {
  it("posts the card again, edits the old card to point to it, and counts a ✅ only on the new card", async () => {
    const old = await cardFor("!presse entwurf Sperrung Brücke\nDie Brücke ist am Montag gesperrt.");
    let mark = w.anna.mark();
    const fresh = await cardFor("!presse zeigen PR-1");
    const edit = await cardEdit(old, /Diese Karte ist veraltet/, mark);
    expect(newBody(edit)).toBe(
      [
        `PR-1 (Version 1): Diese Karte ist veraltet – aktuell: https://matrix.to/#/${encodeURIComponent(w.room)}/${encodeURIComponent(fresh)}`,
        "Titel: Sperrung Brücke",
        "Reaktionen auf diese Karte zählen nicht mehr; bitte auf der aktuellen Karte reagieren.",
      ].join("\n"),
    );

    mark = w.anna.mark();
    await w.ben.react(w.room, old, "✅");
    const hint = await w.anna.waitFor((ev) => fromBot(ev) && /Ihr ✅ auf einer veralteten Karte von PR-1 zählt nicht/.test(bodyOf(ev)), { after: mark, description: "hint on the old card" });
    expect(bodyOf(hint)).toContain(encodeURIComponent(fresh));
    expect(bodyOf(await askBot(w.anna, w.room, w.botId, "!presse status PR-1"))).toMatch(/Freigabe ausstehend: Stadt und Polizei/);

    mark = w.anna.mark();
    await w.ben.react(w.room, fresh, "✅");
    await cardEdit(fresh, /Freigabe ausstehend: Stadt$/m, mark);
  });
});

describe("greeting who joins", () => {
  it("greets a new police member once, naming the draft awaiting police approval; not again after leaving and rejoining", async () => {
    await cardFor("!presse entwurf Warnung Glätte\nAuf den Brücken ist es glatt.");
    let mark = w.anna.mark();
    await w.anna.invite(w.room, w.carl.userId);
    await w.carl.join(w.room);
    const g = await greeting(w.carl, mark);
    expect(g.content["msgtype"]).toBe("m.notice");
    expect(bodyOf(g)).toBe(
      [
        "Willkommen, Carl! Über den Lagebot stimmen die beteiligten Behörden hier Einsätze, Pressemitteilungen und Gremientermine miteinander ab.",
        "Eine Übersicht aller Befehle gibt !hilfe.",
        "Offen für Polizei:",
        "• PR-2 „Warnung Glätte“ (Version 1) wartet auf die Freigabe durch Polizei – die Karte zeigt !presse zeigen PR-2.",
      ].join("\n"),
    );
    expect(String(g.content["formatted_body"])).toContain(`https://matrix.to/#/${w.carl.userId}`);

    mark = w.anna.mark();
    await w.carl.leave(w.room);
    await w.anna.invite(w.room, w.carl.userId);
    await w.carl.join(w.room);
    // The greeting would come 2 s after the join; a command answered well after that shows nothing came.
    const later = await w.anna.collect(w.room, 6_000);
    expect(bodyOf(await askBot(w.carl, w.room, w.botId, "!presse status PR-2"))).toContain("PR-2");
    expect(later.filter((ev) => ev.seq > mark && fromBot(ev) && bodyOf(ev).startsWith("Willkommen,"))).toEqual([]);
  });

  it("tells someone of no agency only what the bot is and !hilfe", async () => {
    const mark = w.anna.mark();
    await w.anna.invite(w.room, w.eve.userId);
    await w.eve.join(w.room);
    const g = await greeting(w.eve, mark);
    expect(bodyOf(g)).toBe(
      "Willkommen, Eve! Über den Lagebot stimmen die beteiligten Behörden hier Einsätze, Pressemitteilungen und Gremientermine miteinander ab.\nEine Übersicht aller Befehle gibt !hilfe.",
    );
  });
});
