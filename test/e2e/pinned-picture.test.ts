// The pinned live situation card against a real Synapse: `!lage anheften` posts the card and pins it
// beside what others pinned; planning an operation edits it within the refresh interval (2 s here)
// with nobody mentioned, and nothing is edited while nothing changes; `!lage lösen` takes only our
// card out of the pinned list; in a room where the bot lacks the level it says so and pins nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { Person, bodyOf, relatesTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { ifSet } from "../support/suite.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");
const REFUSED =
  "Der Bot darf in diesem Raum nichts anheften (fehlende Berechtigung: Nachrichten anheften, Stufe 50). Bitte geben Sie dem Bot diese Stufe oder heften Sie die Nachricht selbst an.";

interface World {
  botId: string;
  anna: Person;
  /** The bot has level 50 here (enough to pin); Anna pinned a message of her own first. */
  room: string;
  /** The bot has level 0 here. */
  lowRoom: string;
  annasPin: string;
  bot: BotProcess;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `lagebot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna");
  const room = await anna.createRoom({ name: "Lage", invite: [botUser.userId] });
  await anna.setPowerLevel(room, botUser.userId, 50);
  const lowRoom = await anna.createRoom({ name: "Lage ohne Rechte", invite: [botUser.userId] });
  const annasPin = await anna.send(room, "Lageplan im Anhang");
  await anna.sendState(room, "m.room.pinned_events", "", { pinned: [annasPin] });
  await anna.startSync();
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, rooms: [room, lowRoom],
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"], chair: [anna.userId] } },
        { id: "police", name: "Polizei", servers: ["polizei.example"] },
      ],
      situation: { pinRefresh: "2s" },
    },
  });
  return { botId: botUser.userId, anna, room, lowRoom, annasPin, bot };
}

async function pinnedIn(w: World, room: string): Promise<unknown> {
  const pinned = (await w.anna.roomState(room)).find((e) => e.type === "m.room.pinned_events");
  return pinned?.content["pinned"];
}

/** Polls the room state until `ok` holds (a state change comes back in no reply to wait for). */
async function untilPinned(w: World, room: string, ok: (pinned: unknown) => boolean, what: string): Promise<unknown> {
  const until = Date.now() + 20_000;
  for (;;) {
    const pinned = await pinnedIn(w, room);
    if (ok(pinned)) return pinned;
    if (Date.now() > until) throw new Error(`pinned events never became ${what}; last: ${JSON.stringify(pinned)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const isEditOf = (card: string) => (ev: TimelineEvent) => relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card;

describe("the pinned live situation card (!lage anheften / !lage lösen)", () => {
  let w: World;
  let card: string;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    const started = ifSet(w);
    await started?.bot.kill();
    await started?.anna.stopSync();
  });

  it("posts the situation card and pins it beside what was pinned before", async () => {
    const ev = await askBot(w.anna, w.room, w.botId, "!lage anheften");
    card = ev.event_id;
    expect(bodyOf(ev)).toMatch(/^Lagebild vom \S+ \d\d\.\d\d\.\d{4} \(angeheftet, wird laufend aktualisiert\): Es liegt nichts vor/u);
    expect(ev.content["msgtype"]).toBe("m.notice");
    expect(await untilPinned(w, w.room, (p) => Array.isArray(p) && p.includes(card), "holding the card")).toEqual([w.annasPin, card]);
  });

  it("edits the card, mentioning nobody, after an operation is planned, and not while nothing changes", async () => {
    const quiet = w.anna.mark();
    await new Promise((r) => setTimeout(r, 5_000)); // two and a half refresh intervals
    expect(w.anna.eventsSince(quiet, w.room).filter(isEditOf(card))).toEqual([]);

    const mark = w.anna.mark();
    const at = berlin(new Date(Date.now() + 2 * 86_400_000));
    expect(bodyOf(await askBot(w.anna, w.room, w.botId, `!einsatz planen Streife wann="${at}" ort=Bahnhofsplatz`))).toMatch(/^Einsatz OP-1 „Streife“ geplant/u);
    const edit = await w.anna.waitFor(isEditOf(card), { after: mark, roomId: w.room, timeoutMs: 20_000, description: "the edit of the card" });
    const fresh = edit.content["m.new_content"] as Record<string, unknown>;
    expect(String(fresh["body"])).toContain("OP-1 „Streife“");
    expect(fresh["msgtype"]).toBe("m.notice");
    expect(fresh["m.mentions"]).toEqual({});
    expect(edit.content["m.mentions"]).toEqual({});

    const after = w.anna.mark();
    await new Promise((r) => setTimeout(r, 5_000));
    expect(w.anna.eventsSince(after, w.room).filter(isEditOf(card))).toEqual([]);
  });

  it("!lage lösen takes only the card out of the pinned list and stops the edits", async () => {
    expect(bodyOf(await askBot(w.anna, w.room, w.botId, "!lage lösen"))).toBe("Das angeheftete Lagebild ist gelöst und wird nicht mehr aktualisiert.");
    expect(await untilPinned(w, w.room, (p) => Array.isArray(p) && !p.includes(card), "without the card")).toEqual([w.annasPin]);
    const mark = w.anna.mark();
    const at = berlin(new Date(Date.now() + 3 * 86_400_000));
    await askBot(w.anna, w.room, w.botId, `!einsatz planen Kontrolle wann="${at}"`);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(w.anna.eventsSince(mark, w.room).filter(isEditOf(card))).toEqual([]);
  });

  it("says clearly that it may not pin where it lacks the level, and pins nothing", async () => {
    expect(bodyOf(await askBot(w.anna, w.lowRoom, w.botId, "!lage anheften"))).toBe(REFUSED);
    expect(await pinnedIn(w, w.lowRoom)).toBeUndefined();
  });
});
