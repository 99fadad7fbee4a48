// Press statements against a real Synapse: approvals by real reactions and redactions from users of
// both agencies, revisions, releases now and at an embargo time, nudges, and the four-eyes rule.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot } from "../support/converse.ts";
import { Person, bodyOf, isReplyTo, mentionsOf, relatesTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City press approver. */
  anna: Person;
  /** Police press approver. */
  ben: Person;
  /** City member without the press role. */
  carl: Person;
  /** A second city press approver. */
  dora: Person;
  /** On the same server, in the room, but in no agency. */
  eve: Person;
  room: string;
  bot: BotProcess;
}

async function world(tag: string, opts: { selfApproval: boolean; pressPending: string[] }): Promise<World> {
  const id = `${tag}${Date.now().toString(36)}`;
  const botUser = await registerUser(hs, `prbot-${id}`, { displayName: "Lagebot" });
  const [anna, ben, carl, dora, eve] = await Promise.all(
    ["anna", "ben", "carl", "dora", "eve"].map((n) => Person.create(hs, `${n}-${id}`, n.charAt(0).toUpperCase() + n.slice(1))),
  ) as [Person, Person, Person, Person, Person];
  const room = await anna.createRoom({ name: "Presse", invite: [ben.userId, carl.userId, dora.userId, eve.userId, botUser.userId] });
  await Promise.all([ben, carl, dora, eve].map((p) => p.join(room)));
  await Promise.all([anna, ben, carl, dora, eve].map((p) => p.startSync()));
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-pr-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId, carl.userId, dora.userId], roles: { press: [anna.userId, dora.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId] } },
      ],
      reminders: { pressPending: opts.pressPending },
      press: { selfApproval: opts.selfApproval },
      // Eve, of no agency, is in the room on purpose.
      roomSafety: "warn",
    },
  });
  return { botId: botUser.userId, anna, ben, carl, dora, eve, room, bot };
}

async function stop(w: World | undefined): Promise<void> {
  if (!w) return;
  await w.bot.kill("SIGTERM");
  await Promise.all([w.anna, w.ben, w.carl, w.dora, w.eve].map((p) => p.stopSync()));
}

const fromBot = (w: World) => (ev: TimelineEvent) => ev.sender === w.botId && ev.type === "m.room.message";

const ask = async (w: World, who: Person, text: string): Promise<string> => bodyOf(await askBot(who, w.room, w.botId, text));

/** Sends a command whose answer is a new card; returns the card's event ID and body. */
async function cardFor(w: World, who: Person, text: string): Promise<{ id: string; body: string }> {
  const mark = w.anna.mark();
  const cmd = await who.send(w.room, text);
  const card = await w.anna.waitFor((ev) => fromBot(w)(ev) && isReplyTo(ev, cmd) && /^Entwurf PR-\d+ \(Version \d+\)/.test(bodyOf(ev)), { after: mark, description: `card for ${text.split("\n")[0]}` });
  // The bot seeds ✅ and ❌ on every card; wait for them so later reactions are not racing them.
  await w.anna.waitFor((ev) => ev.sender === w.botId && ev.type === "m.reaction" && relatesTo(ev).eventId === card.event_id && relatesTo(ev).key === "❌", { after: mark, description: "seeded ❌" });
  return { id: card.event_id, body: bodyOf(card) };
}

const newBody = (ev: TimelineEvent): string => {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof (c as Record<string, unknown>)["body"] === "string" ? String((c as Record<string, unknown>)["body"]) : "";
};

/** The next edit of a card whose new text matches. */
function cardEdit(w: World, card: string, pattern: RegExp, after: number): Promise<TimelineEvent> {
  return w.anna.waitFor(
    (ev) => ev.sender === w.botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card && pattern.test(newBody(ev)),
    { after, description: `card edit matching ${pattern}` },
  );
}

/** A bot message (not a reply to anyone in particular) whose body matches. */
function botSays(w: World, pattern: RegExp, after: number, timeoutMs = 20_000): Promise<TimelineEvent> {
  return w.anna.waitFor((ev) => fromBot(w)(ev) && relatesTo(ev).relType !== "m.replace" && pattern.test(bodyOf(ev)), { after, timeoutMs, description: `bot message matching ${pattern}` });
}

describe("!presse with approval by both agencies", () => {
  let w: World;
  // Started first so its nudge (25 s) falls due while the other tests run.
  let nudgeDraftAt = 0;
  beforeAll(async () => {
    w = await world("a", { selfApproval: true, pressPending: ["25s"] });
    nudgeDraftAt = w.anna.mark();
    const card = await cardFor(w, w.carl, "!presse entwurf Sperrung Altstadtfest\nDie Altstadt ist am Samstag ab 18 Uhr gesperrt.");
    const mark = w.anna.mark();
    await w.ben.react(w.room, card.id, "✅");
    await cardEdit(w, card.id, /Freigabe ausstehend: Stadt$/m, mark);
  });
  afterAll(() => stop(w));

  it("counts ✅ only from each agency's approvers: strangers, non-approvers and the bot change nothing", async () => {
    const card = await cardFor(w, w.anna, "!presse entwurf Kontrolle Hauptbahnhof\nStadt und Polizei kontrollieren am Freitag gemeinsam.");
    expect(card.body).toMatch(/Freigabe ausstehend: Stadt und Polizei/);
    let mark = w.anna.mark();
    await w.eve.react(w.room, card.id, "✅");
    await w.carl.react(w.room, card.id, "✅");
    await w.ben.react(w.room, card.id, "✅\uFE0F");
    // Had Eve's or Carl's ✅ counted for the city, this edit would show the draft approved.
    await cardEdit(w, card.id, /Freigabe ausstehend: Stadt$/m, mark);
    mark = w.anna.mark();
    await w.anna.react(w.room, card.id, "👍");
    await cardEdit(w, card.id, /von allen Behörden freigegeben/, mark);
    expect(bodyOf(await botSays(w, /PR-2 \(Version 1\) ist von allen Behörden freigegeben/, mark))).toContain("veröffentlichen");
  });

  it("a redacted ✅ revokes the approval, the card shows it, and release is refused naming who is missing", async () => {
    const card = await cardFor(w, w.anna, "!presse entwurf Verkehrshinweis\nAm Montag wird die Brücke gesperrt.");
    let mark = w.anna.mark();
    const bensApproval = await w.ben.react(w.room, card.id, "✅");
    await w.anna.react(w.room, card.id, "✅");
    await cardEdit(w, card.id, /von allen Behörden freigegeben/, mark);
    mark = w.anna.mark();
    await w.ben.redact(w.room, bensApproval);
    await cardEdit(w, card.id, /Freigabe ausstehend: Polizei$/m, mark);
    expect(bodyOf(await botSays(w, /PR-3 \(Version 1\) ist nicht mehr vollständig freigegeben/, mark))).toContain("Polizei");
    const refused = await ask(w, w.anna, "!presse veröffentlichen PR-3");
    expect(refused).toMatch(/PR-3 kann nicht veröffentlicht werden/);
    expect(refused).toContain("Polizei");
    expect(await ask(w, w.anna, "!presse status PR-3")).toMatch(/zurückgenommen/);
  });

  it("a revision resets approvals and shows what changed; a ✅ on the old card does not count", async () => {
    const first = await cardFor(w, w.anna, "!presse entwurf Warnung Taschendiebe\nAuf dem Weihnachtsmarkt sind Taschendiebe unterwegs.\nBitte achten Sie auf Ihre Wertsachen.");
    let mark = w.anna.mark();
    await w.ben.react(w.room, first.id, "✅");
    await cardEdit(w, first.id, /Freigabe ausstehend: Stadt$/m, mark);

    mark = w.anna.mark();
    const second = await cardFor(w, w.anna, "!presse überarbeiten PR-4\nAuf dem Weihnachtsmarkt sind vermehrt Taschendiebe unterwegs.\nBitte achten Sie auf Ihre Wertsachen.");
    expect(second.body).toMatch(/Entwurf PR-4 \(Version 2\) – Freigabe ausstehend: Stadt und Polizei/);
    expect(second.body).toContain("Änderungen gegenüber Version 1");
    expect(second.body).toContain("vermehrt");
    await cardEdit(w, first.id, /ersetzt durch Version 2/, mark);

    mark = w.anna.mark();
    await w.ben.react(w.room, first.id, "👍");
    const told = await botSays(w, /Ihre Reaktion auf Version 1 von PR-4 zählt nicht, aktuell ist Version 2/, mark);
    expect(mentionsOf(told)).toEqual([w.ben.userId]);
    expect(await ask(w, w.anna, "!presse status PR-4")).toMatch(/Freigabe ausstehend: Stadt und Polizei/);

    expect(await ask(w, w.ben, "!presse freigeben PR-4")).toMatch(/Freigabe von PR-4 \(Version 2\) für Polizei ist gespeichert/);
    mark = w.anna.mark();
    await w.anna.react(w.room, second.id, "✅");
    await cardEdit(w, second.id, /von allen Behörden freigegeben/, mark);
    mark = w.anna.mark();
    const cmd = await w.anna.send(w.room, "!presse veröffentlichen PR-4");
    const published = await w.anna.waitFor((ev) => fromBot(w)(ev) && /PRESSEMITTEILUNG PR-4 \(Version 2\)/.test(bodyOf(ev)), { after: mark, description: "the release" });
    expect(isReplyTo(published, cmd) || published.room_id === w.room).toBe(true);
    expect(bodyOf(published)).toContain("vermehrt Taschendiebe");
  });

  it("❌ asks for a reason, and a plain \"passt\" reply to the card is answered with how to approve", async () => {
    const card = await cardFor(w, w.carl, "!presse entwurf Hinweis Silvester\nFeuerwerk ist in der Innenstadt verboten.");
    let mark = w.anna.mark();
    await w.ben.react(w.room, card.id, "❌");
    const askReason = await botSays(w, /Sie haben PR-5 \(Version 1\) abgelehnt\. Bitte nennen Sie den Grund/, mark);
    expect(mentionsOf(askReason)).toEqual([w.ben.userId]);
    await cardEdit(w, card.id, /abgelehnt, Überarbeitung erforderlich/, mark);

    mark = w.anna.mark();
    const reply = await w.anna.send(w.room, "passt", { replyTo: card.id });
    const howTo = await w.anna.waitFor((ev) => fromBot(w)(ev) && isReplyTo(ev, reply), { after: mark, description: "answer to 'passt'" });
    expect(bodyOf(howTo)).toMatch(/zählt nicht als Freigabe/);
    expect(await ask(w, w.anna, "!presse status PR-5")).not.toMatch(/Stadt: freigegeben/);
  });

  it("nudges the missing agency's approvers, and only them", async () => {
    const nudge = await botSays(w, /Erinnerung: Entwurf PR-1 \(Version 1\)/, nudgeDraftAt, 60_000);
    expect(bodyOf(nudge)).toMatch(/auf die Freigabe durch: Stadt\./);
    expect(mentionsOf(nudge)).toEqual([w.anna.userId, w.dora.userId]);
  });

  it("an embargoed release fires at its time only if the text is still approved then", async () => {
    const kept = await cardFor(w, w.anna, "!presse entwurf Sperrfrist eins\nDieser Text wird zur Sperrfrist veröffentlicht.");
    const lost = await cardFor(w, w.anna, "!presse entwurf Sperrfrist zwei\nDieser Text verliert vor der Sperrfrist eine Freigabe.");
    let mark = w.anna.mark();
    await w.anna.react(w.room, kept.id, "✅");
    await w.ben.react(w.room, kept.id, "✅");
    await w.anna.react(w.room, lost.id, "✅");
    const bens = await w.ben.react(w.room, lost.id, "✅");
    await cardEdit(w, kept.id, /von allen Behörden freigegeben/, mark);
    await cardEdit(w, lost.id, /von allen Behörden freigegeben/, mark);

    expect(await ask(w, w.anna, '!presse veröffentlichen PR-6 um="in 40 Sekunden"')).toMatch(/Veröffentlichung von PR-6 \(Version 1\) ist für .* geplant/);
    expect(await ask(w, w.anna, '!presse veröffentlichen PR-7 um="in 40 Sekunden"')).toMatch(/Veröffentlichung von PR-7 \(Version 1\) ist für .* geplant/);
    mark = w.anna.mark();
    await w.ben.redact(w.room, bens);
    await cardEdit(w, lost.id, /Freigabe ausstehend: Polizei$/m, mark);

    const released = await botSays(w, /PRESSEMITTEILUNG PR-6 \(Version 1\)/, mark, 90_000);
    expect(released.origin_server_ts).toBeGreaterThan(Date.now() - 120_000);
    const stopped = await botSays(w, /geplante Veröffentlichung von PR-7 wurde gestoppt/, mark, 30_000);
    expect(bodyOf(stopped)).toContain("Polizei");
    expect(w.anna.eventsSince(mark, w.room).filter((ev) => /PRESSEMITTEILUNG PR-7/.test(bodyOf(ev)))).toEqual([]);
  });
});

describe("!presse with the four-eyes rule (press.selfApproval: false)", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("b", { selfApproval: false, pressPending: ["1d"] });
  });
  afterAll(() => stop(w));

  it("does not count the author's own approval, by reaction or by command", async () => {
    const card = await cardFor(w, w.anna, "!presse entwurf Eigenes Werk\nVon Anna geschrieben.");
    let mark = w.anna.mark();
    await w.anna.react(w.room, card.id, "✅");
    expect(mentionsOf(await botSays(w, /Ihre eigene Freigabe von PR-1 zählt nach der Konfiguration nicht/, mark))).toEqual([w.anna.userId]);
    expect(await ask(w, w.anna, "!presse freigeben PR-1")).toMatch(/Sie haben PR-1 selbst verfasst/);
    await w.ben.react(w.room, card.id, "✅");
    await cardEdit(w, card.id, /Freigabe ausstehend: Stadt$/m, mark);

    mark = w.anna.mark();
    await w.dora.react(w.room, card.id, "✅");
    await cardEdit(w, card.id, /von allen Behörden freigegeben/, mark);
  });
});
