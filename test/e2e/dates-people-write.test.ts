// Dates and IDs the way people write them, against a real Synapse: "morgen früh", "Heiligabend",
// "nächsten Freitag" (the reply says how it was read), "OP-3." at the end of a sentence, and the
// bare number where the verb takes one kind of ID. Expected dates are computed from today in Berlin.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot } from "../support/converse.ts";
import { Person, bodyOf } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City: planner and press. */
  anna: Person;
  /** Police: planner and press. */
  ben: Person;
  room: string;
  bot: BotProcess;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `datesbot-${id}`, { displayName: "Lagebot" });
  const [anna, ben] = (await Promise.all(["anna", "ben"].map((n) => Person.create(hs, `${n}-dates-${id}`, n)))) as [Person, Person];
  const room = await anna.createRoom({ name: "Lage", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await Promise.all([anna.startSync(), ben.startSync()]);
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-dates-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: [anna.userId], press: [anna.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { planner: [ben.userId], press: [ben.userId] } },
      ],
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot };
}

const WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
/** "Fr 11.12.2026" and "Fr 11.12." of a Berlin date, as the bot writes them. */
const day = (d: DateTime) => `${WEEKDAYS[d.weekday - 1]} ${d.toFormat("dd.MM.yyyy")}`;
const shortDay = (d: DateTime) => `${WEEKDAYS[d.weekday - 1]} ${d.toFormat("dd.MM.")}`;
const today = () => DateTime.now().setZone("Europe/Berlin").startOf("day");

describe("dates people write, against Synapse", () => {
  let w: World;
  const ask = (text: string): Promise<string> => askBot(w.anna, w.room, w.botId, text).then(bodyOf);

  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    await w.bot.kill("SIGTERM");
    await Promise.all([w.anna.stopSync(), w.ben.stopSync()]);
  });

  it("plans „morgen früh“ at 08:00 and „morgen früh um 7:30“ at 07:30", async () => {
    const tomorrow = today().plus({ days: 1 });
    expect(await ask('!einsatz planen Frühstreife wann="morgen früh"')).toContain(`geplant: ${day(tomorrow)}, 08:00`);
    expect(await ask('!einsatz planen Kontrolle wann="morgen früh um 7:30"')).toContain(`geplant: ${day(tomorrow)}, 07:30`);
  });

  it("plans „Heiligabend 22:00“ on the coming 24 December", async () => {
    const t = today();
    const eve = t.set({ month: 12, day: 24 }) < t ? t.plus({ years: 1 }).set({ month: 12, day: 24 }) : t.set({ month: 12, day: 24 });
    expect(await ask('!einsatz planen Christmette wann="Heiligabend 22:00" ort=Dom')).toContain(`geplant: ${day(eve)}, 22:00, Dom`);
  });

  it("reads „nächsten Freitag“ as the Friday of next week and says so when this week's is still ahead", async () => {
    const t = today();
    const read = t.startOf("week").plus({ weeks: 1, days: 4 });
    const coming = t.plus({ days: (5 - t.weekday + 7) % 7 });
    const reply = await ask('!einsatz planen Streife wann="nächsten Freitag 20 Uhr" bis=23:00');
    expect(reply).toContain(`geplant: ${day(read)}, 20:00–23:00`);
    if (coming > t && coming < read) {
      // Monday to Thursday: the coming Friday is the other reading.
      expect(reply.endsWith(`\nHinweis: „nächsten Freitag“ wurde als ${shortDay(read)} gelesen. Für ${shortDay(coming)} schreiben Sie „diesen Freitag“ oder das Datum.`)).toBe(true);
      expect(await ask('!einsatz planen Streife wann="diesen Freitag 20 Uhr"')).not.toContain("wurde als");
    } else {
      expect(reply).not.toContain("wurde als");
    }
  });

  it("reads „OP-3.“ at the end of a sentence and a bare number as the ID the verb takes", async () => {
    expect(await ask("!einsatz teilnehmen OP-3.")).toContain("Sie sind für OP-3 eingetragen (Stadt).");
    expect(await ask("!einsatz austragen 3")).toContain("Sie sind aus dem Dienstplan von OP-3 ausgetragen.");
    expect(await ask("!einsatz beitreten (OP-2)")).toContain("Sie sind für OP-2 eingetragen (Stadt).");
    expect(await ask("!presse entwurf Weihnachtsmarkt\nGemeinsame Streifen auf dem Weihnachtsmarkt.")).toContain("PR-1");
    expect(await ask("!presse freigeben 1")).toContain("Ihre Freigabe von PR-1 (Version 1) für Stadt ist gespeichert.");
    expect(await ask("!einsatz teilnehmen PR-1")).toContain("„PR-1“ ist keine gültige Nummer; erwartet wird z. B. OP-7. PR-1 ist die Nummer einer Pressemitteilung.");
  });
});
