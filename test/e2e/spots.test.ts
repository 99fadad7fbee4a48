// Hotspots against a real Synapse: every verb in German and English, the link from operations
// (spot=HS-n) shown on the hotspot, and bad input answered with a clear error and nothing stored.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { Person, bodyOf } from "../support/person.ts";
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


async function world(language: "de" | "en"): Promise<World> {
  const id = `${language}${Date.now().toString(36)}`;
  const botUser = await registerUser(hs, `spotbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-${id}`, "Ben");
  const room = await anna.createRoom({ name: "Brennpunkte", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await anna.startSync();
  await ben.startSync();
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-spot-")), rooms: [room], language,
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { press: [anna.userId], planner: ["*"] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId] } },
      ],
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot };
}

const ask = async (w: World, who: Person, text: string): Promise<string> => bodyOf(await askBot(who, w.room, w.botId, text));

describe("!ort in German", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("de");
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await started.anna.stopSync();
    await started.ben.stopSync();
  });

  it("registers a hotspot, annotates it from both agencies and shows the operations held there", async () => {
    expect(await ask(w, w.anna, '!ort anlegen Bahnhofsvorplatz ort="Am Hauptbahnhof" feld=Betäubungsmittel notiz="Szene verlagert sich"')).toBe(
      "Brennpunkt HS-1 angelegt: Bahnhofsvorplatz (Am Hauptbahnhof · Betäubungsmittel)\nDie Notiz ist gespeichert.",
    );
    expect(await ask(w, w.ben, "!ort notiz HS-1\nZwei Platzverweise, eine Anzeige.")).toBe("Notiz zu HS-1 gespeichert (Notiz 2).");
    const start = berlin(new Date(Date.now() + 2 * 86_400_000));
    expect(await ask(w, w.anna, `!einsatz planen Streife wann="${start}" brennpunkt=HS-1 polizei=2`)).toContain("Einsatz OP-1 „Streife“ geplant");
    const show = await ask(w, w.ben, "!ort zeigen HS-1");
    expect(show).toContain("HS-1 · Bahnhofsvorplatz");
    expect(show).toContain("Status: offen – angelegt von Anna (Stadt)");
    expect(show).toMatch(/Anstehende Einsätze\n• \w\w \d\d\.\d\d\.\d{4}, \d\d:\d\d · OP-1 Streife/);
    expect(show).toContain(`(Stadt): Szene verlagert sich`);
    expect(show).toContain("Ben (Polizei): Zwei Platzverweise, eine Anzeige.");
    expect(await ask(w, w.anna, "!ort liste")).toMatch(/^Offene Brennpunkte: 1\nHS-1 Bahnhofsvorplatz\n {3}Am Hauptbahnhof · Betäubungsmittel · 2 Notizen · nächster Einsatz: OP-1 am /);
  });

  it("closes a hotspot once, and answers bad input with a clear error", async () => {
    expect(await ask(w, w.anna, "!ort anlegen Stadtpark")).toContain("HS-2 angelegt");
    expect(await ask(w, w.anna, `!ort notiz HS-2\n${"x".repeat(2001)}`)).toBe("Die Notiz ist zu lang: 2.001 Zeichen, zulässig sind höchstens 2.000. Es wurde nichts gespeichert.");
    expect(await ask(w, w.anna, "!ort notiz HS-9 Text")).toBe("Einen Brennpunkt HS-9 gibt es nicht. Übersicht: !ort liste");
    expect(await ask(w, w.anna, `!einsatz planen X wann="${berlin(new Date(Date.now() + 86_400_000))}" brennpunkt=HS-9`)).toBe("Einen Brennpunkt HS-9 gibt es nicht. Übersicht: !ort liste");
    expect(await ask(w, w.ben, "!ort schließen HS-2 Lage beruhigt")).toContain("Brennpunkt HS-2 „Stadtpark“ ist geschlossen.\nIhr Hinweis ist als letzte Notiz gespeichert.\nDie Notizen werden 1 Jahr nach dem Schließen gelöscht (Aufbewahrungsfrist).");
    expect(await ask(w, w.anna, "!ort schließen HS-2")).toMatch(/^Brennpunkt HS-2 ist bereits seit \w\w \d\d\.\d\d\.\d{4}, \d\d:\d\d geschlossen\.$/);
    expect(await ask(w, w.anna, "!ort notiz HS-2 Nachtrag")).toContain("ist geschlossen; Notizen können nicht mehr ergänzt werden");
    const closed = await ask(w, w.anna, "!ort zeigen HS-2");
    expect(closed).toContain("Notizen (1)");
    expect(closed).not.toContain("xxxx");
    expect(await ask(w, w.anna, "!ort liste geschlossen")).toBe("Geschlossene Brennpunkte: 1\nHS-2 Stadtpark\n   1 Notiz");
    expect(await ask(w, w.anna, "!einsatz liste alle")).not.toContain("OP-2");
  });
});

describe("!spot in English", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("en");
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await started.anna.stopSync();
    await started.ben.stopSync();
  });

  it("supports every verb with the English forms", async () => {
    expect(await ask(w, w.ben, "!spot add Market place=Marktplatz field=Noise")).toBe("Hotspot HS-1 registered: Market (Marktplatz · Noise)");
    expect(await ask(w, w.anna, "!spot note HS-1 Complaints after 22:00")).toBe("Note on HS-1 saved (note 1).");
    expect(await ask(w, w.anna, "!spot list")).toBe("Open hotspots: 1\nHS-1 Market\n   Marktplatz · Noise · 1 note");
    const show = await ask(w, w.anna, "!spot show HS-1");
    expect(show).toContain("No operations at this hotspot yet.");
    expect(show).toContain(`(Stadt): Complaints after 22:00`);
    expect(await ask(w, w.anna, "!spot close HS-1")).toBe('Hotspot HS-1 "Market" is closed.\nThe notes will be deleted 1 year after closing (retention period).');
    expect(await ask(w, w.anna, "!spot close HS-1")).toMatch(/^Hotspot HS-1 has been closed since /);
    expect(await ask(w, w.anna, "!spot list")).toContain("No open hotspots.");
  });
});
