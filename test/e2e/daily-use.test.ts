// Daily use, tried as a new user would, against a real Synapse: an audit export reaches only the
// auditor (by direct message, the shared room gets a short notice); items that belong to someone are
// changed only by their owner, whoever created them, or a chair; a night shift ends on the next day.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { Person, bodyOf } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City, plans operations; no chair. */
  anna: Person;
  /** City, no role worth naming. */
  carl: Person;
  /** City, the chair. */
  chef: Person;
  /** City, the auditor (accepts every invite, as a client showing the DM would). */
  rita: Person;
  /** Police; the police list nobody as chair. */
  ben: Person;
  room: string;
  bot: BotProcess;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `dailybot-${id}`, { displayName: "Lagebot" });
  const [anna, carl, chef, rita, ben] = await Promise.all(
    ["anna", "carl", "chef", "rita", "ben"].map((n) => Person.create(hs, `${n}-daily-${id}`, n)),
  ) as [Person, Person, Person, Person, Person];
  const room = await anna.createRoom({ name: "Lage", invite: [carl.userId, chef.userId, rita.userId, ben.userId, botUser.userId] });
  await Promise.all([carl, chef, rita, ben].map((p) => p.join(room)));
  await Promise.all([anna.startSync(), carl.startSync(), chef.startSync(), rita.startSync({ autoJoin: true }), ben.startSync()]);
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-daily-")), rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId, carl.userId, chef.userId, rita.userId], roles: { planner: ["*"], press: [anna.userId], chair: [chef.userId], auditor: [rita.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { planner: [ben.userId], press: [ben.userId], chair: [], auditor: [] } },
      ],
    },
  });
  return { botId: botUser.userId, anna, carl, chef, rita, ben, room, bot };
}

const WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
/** "Fr 11.12.2026" and "Fr 11.12." of a Berlin date, as the bot writes them. */
const day = (d: DateTime) => `${WEEKDAYS[d.weekday - 1]} ${d.toFormat("dd.MM.yyyy")}`;
const shortDay = (d: DateTime) => `${WEEKDAYS[d.weekday - 1]} ${d.toFormat("dd.MM.")}`;

describe("daily use against Synapse", () => {
  let w: World;
  const ask = (who: Person, text: string): Promise<string> => askBot(who, w.room, w.botId, text).then(bodyOf);
  const fromBot = (ev: TimelineEvent) => ev.sender === w.botId;

  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    await w.bot.kill("SIGTERM");
    await Promise.all([w.anna, w.carl, w.chef, w.rita, w.ben].map((p) => p.stopSync()));
  });

  it("sends the audit export to the auditor by direct message, the shared room gets a notice only", async () => {
    expect(await ask(w.anna, '!ort anlegen Bahnhof ort="Am Hauptbahnhof"')).toContain("HS-1");
    const roomMark = w.anna.mark();
    const ritaMark = w.rita.mark();
    expect(await ask(w.rita, "!protokoll exportieren")).toBe(
      "Export per Direktnachricht gesendet: Das Prüfprotokoll (gesamter Zeitraum) erhalten nur Sie, als CSV- und JSON-Datei im Direktchat mit dem Bot.",
    );
    const isFile = (ev: TimelineEvent) => fromBot(ev) && ev.content["msgtype"] === "m.file";
    const csv = await w.rita.waitFor((ev) => isFile(ev) && String(ev.content["filename"]).endsWith(".csv"), { after: ritaMark, timeoutMs: 30_000, description: "the CSV in the direct room" });
    const json = await w.rita.waitFor((ev) => isFile(ev) && String(ev.content["filename"]).endsWith(".json"), { after: ritaMark, timeoutMs: 30_000, description: "the JSON in the direct room" });
    const dm = csv.room_id;
    expect(dm).not.toBe(w.room);
    expect(json.room_id).toBe(dm);
    expect((await w.rita.joinedMembers(dm)).sort()).toEqual([w.botId, w.rita.userId].sort());
    const summary = await w.rita.waitFor((ev) => fromBot(ev) && ev.room_id === dm && bodyOf(ev).startsWith("Prüfprotokoll, gesamter Zeitraum:"), { after: ritaMark, description: "the summary in the direct room" });
    expect(bodyOf(summary)).toBe("Prüfprotokoll, gesamter Zeitraum: 1 Eintrag\nPrüfkette der exportierten Einträge ist intakt (1 Eintrag geprüft)\nDie Dateien folgen als CSV und JSON.");
    expect(summary.content["msgtype"]).toBe("m.text");
    const rows = await w.rita.download(String(csv.content["url"]));
    expect(rows).toContain("spot.add");
    // Nothing of it in the shared room, for anybody there.
    await w.anna.collect(w.room, 2_000);
    const shared = w.anna.eventsSince(roomMark, w.room).filter(fromBot);
    expect(shared.filter((ev) => ev.content["msgtype"] === "m.file")).toEqual([]);
    expect(shared.map(bodyOf).filter((b) => b.includes("Prüfkette") || b.includes("spot.add"))).toEqual([]);

    // A second export goes into the same direct room.
    const again = w.rita.mark();
    expect(await ask(w.rita, "!protokoll exportieren von=heute")).toContain("Export per Direktnachricht gesendet: Das Prüfprotokoll (ab ");
    const second = await w.rita.waitFor((ev) => isFile(ev) && String(ev.content["filename"]).endsWith(".csv"), { after: again, timeoutMs: 30_000, description: "the second CSV" });
    expect(second.room_id).toBe(dm);
    // A record period lies behind: "von=Montag" is the Monday just past (or today), not the next one.
    const today = DateTime.now().setZone("Europe/Berlin").startOf("day");
    const monday = today.minus({ days: today.weekday - 1 });
    expect(await ask(w.rita, "!protokoll exportieren von=Montag")).toContain(`Das Prüfprotokoll (ab ${day(monday)})`);

    // Someone without the role is still refused, and gets nothing anywhere.
    const carlMark = w.carl.mark();
    expect(await ask(w.carl, "!protokoll exportieren")).toBe("Das Prüfprotokoll exportieren dürfen nur Mitglieder mit der Rolle Revision und namentlich eingetragene Mitglieder mit der Rolle Vorsitz.");
    await w.carl.collect(w.room, 1_000);
    expect(w.carl.eventsSince(carlMark).filter((ev) => fromBot(ev) && ev.room_id !== w.room)).toEqual([]);
  });

  it("lets only the owner, whoever created it, or a chair mark an action item done or remove an agenda item", async () => {
    const due = berlin(new Date(Date.now() + 2 * 86_400_000)).split(" ")[0];
    // Owners as people type them: the display name, or @localpart.
    expect(await ask(w.anna, `!aufgabe neu Bericht verantwortlich=Ben bis=${due}`)).toMatch(/^Aufgabe AI-1 für ben, fällig /);
    expect(await ask(w.anna, `!aufgabe neu Vermerk verantwortlich=${w.ben.userId} bis=${due}`)).toContain("Aufgabe AI-2");
    expect(await ask(w.carl, "!aufgabe erledigt AI-1")).toBe(
      "Nur ben (verantwortlich), anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen AI-1 als erledigt melden. Es wurde nichts geändert.",
    );
    expect(await ask(w.anna, "!aufgabe liste")).toContain("AI-1 Bericht");
    expect(await ask(w.ben, "!aufgabe erledigt AI-1")).toBe("Aufgabe AI-1 „Bericht“ ist erledigt. Weitere Erinnerungen entfallen.");
    expect(await ask(w.chef, "!aufgabe erledigt AI-2")).toBe("Aufgabe AI-2 „Vermerk“ ist erledigt. Weitere Erinnerungen entfallen.");

    expect(await ask(w.chef, '!gremium anlegen lage name=Lagerunde turnus="dienstag 10:00"')).toContain("Gremium Lagerunde (lage) angelegt");
    expect(await ask(w.anna, `!top neu lage Lärm Altstadt verantwortlich=@${w.ben.userId.slice(1).split(":")[0] ?? ""}`)).toContain("TOP-1");
    expect(await ask(w.anna, "!top neu lage Baustelle")).toContain("TOP-2");
    expect(await ask(w.carl, "!top entfernen TOP-1")).toBe(
      "Nur ben (verantwortlich), anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen TOP-1 streichen. Es wurde nichts geändert.",
    );
    expect(await ask(w.ben, "!top entfernen TOP-2")).toBe(`Nur anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen TOP-2 streichen. Es wurde nichts geändert.`);
    expect(await ask(w.anna, "!top liste lage")).toMatch(/TOP-1 Lärm Altstadt[^\n]*\n• TOP-2 Baustelle/);
    expect(await ask(w.chef, "!top entfernen TOP-1")).toBe("TOP-1 „Lärm Altstadt“ ist von der Tagesordnung gestrichen.");
    expect(await ask(w.anna, "!top erledigt TOP-2")).toBe("TOP-2 „Baustelle“ ist erledigt.");

    expect(await ask(w.ben, "!ort schließen HS-1")).toBe(`Nur anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen Brennpunkt HS-1 schließen. Es wurde nichts geändert.`);
    expect(await ask(w.anna, "!ort schließen HS-1")).toContain("Brennpunkt HS-1 „Bahnhof“ ist geschlossen.");
  });

  it("plans a night shift from 22:00 to 02:00 on the next day, in the reply, !einsatz zeigen and the .ics, and so does ändern bis=", async () => {
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 3 }).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
    const next = start.plus({ days: 1 });
    const plan = await ask(w.anna, `!einsatz planen Nachtstreife wann="${start.toFormat("dd.MM.yyyy HH:mm")}" bis=02:00 ort=Altstadt`);
    expect(plan).toContain(`Einsatz OP-1 „Nachtstreife“ geplant: ${day(start)}, 22:00 – ${day(next)}, 02:00, Altstadt`);
    expect(plan).toContain(`Hinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis ${shortDay(next)}, 02:00.`);
    expect(await ask(w.anna, "!einsatz zeigen OP-1")).toContain(`Zeit: ${day(start)}, 22:00 – ${day(next)}, 02:00`);

    const mark = w.anna.mark();
    await w.anna.send(w.room, "!einsatz kalender");
    const file = await w.anna.waitFor((ev) => fromBot(ev) && ev.content["msgtype"] === "m.file", { after: mark, description: "the .ics" });
    const ics = await w.anna.download(String(file.content["url"]));
    expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${start.toFormat("yyyyMMdd")}T220000`);
    expect(ics).toContain(`DTEND;TZID=Europe/Berlin:${next.toFormat("yyyyMMdd")}T020000`);

    const edit = await ask(w.anna, "!einsatz ändern OP-1 bis=03:30");
    expect(edit).toContain(`Zeit: ${day(start)}, 22:00 – ${day(next)}, 02:00 → ${day(start)}, 22:00 – ${day(next)}, 03:30`);
    expect(edit).toContain(`bis ${shortDay(next)}, 03:30.`);
    expect(await ask(w.anna, "!einsatz ändern OP-1 bis=22:00")).toBe(`Das Ende (${day(start)}, 22:00) liegt nicht nach dem Beginn (${day(start)}, 22:00).\nRichtig: !einsatz ändern OP-n <Angabe>=<Wert> …`);
    expect(await ask(w.anna, "!einsatz zeigen OP-1")).toContain(`Zeit: ${day(start)}, 22:00 – ${day(next)}, 03:30`);
    expect(await ask(w.anna, `!einsatz planen Spätdienst wann="${start.toFormat("dd.MM.yyyy")} 18:00" bis="24 Uhr"`)).toContain(`${day(start)}, 18:00 – ${day(next)}, 00:00`);
  });
});
