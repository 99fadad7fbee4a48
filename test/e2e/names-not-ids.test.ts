// Names, not IDs, against a real Synapse: people appear by the display name the room knows (one of
// them set only in this room), pills link their Matrix ID, m.mentions notifies only whom an edit
// concerns, and the plan reply names the title and the hotspot.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { Person, bodyOf } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City, plans; named by her profile. */
  anna: Person;
  /** Police; his name in this room differs from his profile's. */
  ben: Person;
  room: string;
  bot: BotProcess;
}

const BEN_HERE = "Ben Krause (Wache Mitte)";

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `namesbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-names-${id}`, "Anna Berger");
  const ben = await Person.create(hs, `ben-names-${id}`, "Ben Krause");
  const room = await anna.createRoom({ name: "Namen", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await Promise.all([anna.startSync(), ben.startSync()]);
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-names-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"], press: [anna.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { planner: [ben.userId], press: [ben.userId] } },
      ],
    },
  });
  // A name for this room only, set while the bot runs: it reads it from sync.
  await ben.sendState(room, "m.room.member", ben.userId, { membership: "join", displayname: BEN_HERE });
  return { botId: botUser.userId, anna, ben, room, bot };
}

const mentioned = (ev: TimelineEvent): unknown => (ev.content["m.mentions"] as { user_ids?: unknown } | undefined)?.user_ids;
const htmlOf = (ev: TimelineEvent): string => {
  const html = ev.content["formatted_body"];
  return typeof html === "string" ? html : "";
};

describe("names, not IDs", () => {
  let w: World;
  const ask = (who: Person, text: string) => askBot(who, w.room, w.botId, text);
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await Promise.all([started.anna.stopSync(), started.ben.stopSync()]);
  });

  it("names the title and the hotspot in the plan reply, and people by name in the operation", async () => {
    expect(bodyOf(await ask(w.anna, "!ort anlegen Marktplatz"))).toContain("HS-1");
    const start = new Date(Date.now() + 3 * 86_400_000);
    const plan = bodyOf(await ask(w.anna, `!einsatz planen Kirmes Nachtstreife wann="${berlin(start)}" ort=Festplatz brennpunkt=HS-1`));
    expect(plan).toMatch(/^Einsatz OP-1 „Kirmes Nachtstreife“ geplant: \w\w \d\d\.\d\d\.\d{4}, \d\d:\d\d, Festplatz – am Brennpunkt HS-1 „Marktplatz“/);

    expect(bodyOf(await ask(w.ben, "!einsatz teilnehmen OP-1"))).toContain("Sie sind für OP-1 eingetragen (Polizei).");
    expect(bodyOf(await ask(w.anna, "!einsatz teilnehmen OP-1"))).toContain("Sie sind für OP-1 eingetragen (Stadt).");
    const show = bodyOf(await ask(w.anna, "!einsatz zeigen OP-1"));
    expect(show).toContain("• Stadt: Anna Berger");
    expect(show).toContain(`• Polizei: ${BEN_HERE}`);
    expect(show).toContain(`eingetragen von ${BEN_HERE}`);
    expect(show).not.toContain(w.ben.userId);
    expect(show).not.toContain(w.anna.userId);
  });

  it("a minor edit pings nobody; a change of time pings the roster by pill, not the author", async () => {
    const minor = await ask(w.anna, '!einsatz ändern OP-1 titel="Kirmes Spätstreife" feld=Jugendschutz');
    expect(bodyOf(minor)).toContain("Einsatz OP-1 geändert:\n• Titel: Kirmes Nachtstreife → Kirmes Spätstreife");
    expect(minor.content["msgtype"]).toBe("m.notice");
    expect(mentioned(minor) ?? []).toEqual([]);
    expect(bodyOf(minor)).not.toContain(BEN_HERE);

    const later = new Date(Date.now() + 4 * 86_400_000);
    const moved = await ask(w.anna, `!einsatz ändern OP-1 wann="${berlin(later)}"`);
    expect(bodyOf(moved)).toContain("• Zeit:");
    expect(moved.content["msgtype"]).toBe("m.text");
    expect(mentioned(moved)).toEqual([w.ben.userId]);
    expect(bodyOf(moved).split("\n").at(-1)).toBe(BEN_HERE);
    expect(htmlOf(moved)).toContain(`<a href="https://matrix.to/#/${w.ben.userId}">${BEN_HERE}</a>`);
    expect(htmlOf(moved)).not.toContain(`matrix.to/#/${w.anna.userId}`);
    expect(bodyOf(moved)).not.toContain(w.ben.userId);
  });

  it("names the owner of an action item by pill and by name in the list", async () => {
    const due = berlin(new Date(Date.now() + 5 * 86_400_000)).slice(0, 10);
    const added = await ask(w.anna, `!aufgabe neu Einsatzbericht verantwortlich=${w.ben.userId} bis=${due}`);
    expect(bodyOf(added)).toMatch(new RegExp(`^Aufgabe AI-1 für ${BEN_HERE.replace(/[()]/g, "\\$&")}, fällig `));
    expect(htmlOf(added)).toContain(`<a href="https://matrix.to/#/${w.ben.userId}">${BEN_HERE}</a>`);
    expect(mentioned(added)).toEqual([w.ben.userId]);
    expect(bodyOf(await ask(w.anna, "!aufgabe liste"))).toContain(`• AI-1 Einsatzbericht – ${BEN_HERE}, fällig`);
  });
});
