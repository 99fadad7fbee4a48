// Operations typed the way the final user pass of issue 17 typed them, against a real Synapse: a night
// shift ending "morgen 02:00", "20-23 Uhr" in one value, "nächste woche", an edit to the value it
// already has, leaving an operation without targets, and !lage for one that asked for no staff.
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
  anna: Person;
  ben: Person;
  room: string;
  bot: BotProcess;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `upbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-up-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-up-${id}`, "Ben");
  const room = await anna.createRoom({ name: "Einsätze", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await Promise.all([anna.startSync(), ben.startSync()]);
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-up-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { press: [anna.userId], planner: ["*"] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId] } },
      ],
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot };
}

describe("operations as the user pass typed them", () => {
  let w: World;
  const ask = (who: Person, text: string): Promise<TimelineEvent> => askBot(who, w.room, w.botId, text);
  // A week from today always lies in the next calendar week.
  const day = berlin(new Date(Date.now() + 7 * 86_400_000)).split(" ")[0] ?? "";
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await Promise.all([started.anna, started.ben].map((p) => p.stopSync()));
  });

  it("reads bis=„morgen 02:00“ from the start's day and „20-23 Uhr“ as start and end", async () => {
    const night = bodyOf(await ask(w.anna, `!einsatz planen Nacht wann="${day} 22:00" bis="morgen 02:00"`));
    expect(night).toMatch(/^Einsatz OP-1 „Nacht“ geplant: \w\w \d\d\.\d\d\.\d{4}, 22:00 – \w\w \d\d\.\d\d\.\d{4}, 02:00\nHinweis: Das Ende ist vom Tag des Beginns aus gerechnet – bis /);
    expect(bodyOf(await ask(w.anna, `!einsatz planen Abend wann="${day} 20-23 Uhr"`))).toMatch(/^Einsatz OP-2 „Abend“ geplant: \w\w \d\d\.\d\d\.\d{4}, 20:00–23:00\n/);
    expect(bodyOf(await ask(w.anna, `!einsatz planen X wann="${day} 20:00" bis="${day} 19:00"`))).toMatch(/liegt nicht nach dem Beginn .*\.\nRichtig: !einsatz planen <Titel> wann=/);
  });

  it("says the end is unchanged, lists next week, and leaves no empty line after leaving", async () => {
    expect(bodyOf(await ask(w.anna, '!einsatz ändern OP-2 bis="23 Uhr"'))).toMatch(/^OP-2 endet bereits \w\w \d\d\.\d\d\.\d{4}, 23:00; nichts geändert\.$/);
    expect(bodyOf(await ask(w.anna, "!einsatz liste nächste woche"))).toMatch(/^Einsätze der nächsten Woche: 2\n.*OP-2 Abend\n.*OP-1 Nacht$/);
    await ask(w.ben, "!einsatz teilnehmen OP-2");
    const left = await ask(w.ben, "!einsatz austragen OP-2");
    expect(bodyOf(left)).toBe("Sie sind aus dem Dienstplan von OP-2 ausgetragen.");
    expect(left.content["formatted_body"]).toBe("Sie sind aus dem Dienstplan von <b>OP-2</b> ausgetragen.");
  });

  it("shows an operation without staff targets in !lage without „Personal vollständig“", async () => {
    await ask(w.anna, `!einsatz planen Ohne wann="${berlin(new Date(Date.now() + 86_400_000))}"`);
    const picture = bodyOf(await ask(w.ben, "!lage"));
    expect(picture).toMatch(/OP-3 „Ohne“/);
    expect(picture).not.toContain("Personal vollständig");
  });
});
