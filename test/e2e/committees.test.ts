// Committees against a real Synapse, on short offsets: a meeting two to three minutes ahead whose
// agenda post and reminder really arrive, open items carried over after it, a skipped meeting of a
// second committee that posts nothing, and an overdue action item that nudges its owner. All of it
// runs in one bot and one room, so the waits overlap (three to four minutes in all).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot } from "../support/converse.ts";
import { Person, bodyOf, mentionsOf } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const ZONE = "Europe/Berlin";
const WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];

interface World {
  botId: string;
  anna: Person;
  ben: Person;
  room: string;
  bot: BotProcess;
}

const ask = async (w: World, who: Person, text: string): Promise<string> => bodyOf(await askBot(who, w.room, w.botId, text));

describe("committees, agendas and action items against Synapse", () => {
  let w: World;
  beforeAll(async () => {
    const id = Date.now().toString(36);
    const botUser = await registerUser(hs, `cmbot-${id}`, { displayName: "Lagebot" });
    const anna = await Person.create(hs, `anna-cm-${id}`, "Anna");
    const ben = await Person.create(hs, `ben-cm-${id}`, "Ben");
    const room = await anna.createRoom({ name: "Gremien", invite: [ben.userId, botUser.userId] });
    await ben.join(room);
    await anna.startSync();
    await ben.startSync();
    const bot = await BotProcess.start({
      config: {
        homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-cm-")), rooms: [room], language: "de",
        agencies: [
          { id: "city", name: "Stadt", users: [anna.userId], roles: { chair: [anna.userId] } },
          { id: "police", name: "Polizei", users: [ben.userId], roles: { chair: [] } },
        ],
      },
    });
    w = { botId: botUser.userId, anna, ben, room, bot };
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await started.anna.stopSync();
    await started.ben.stopSync();
  });

  it("posts agenda and reminder, carries open items over, stays silent for a skipped meeting, nudges an overdue owner", async () => {
    const { anna, ben, botId } = w;
    const fromBot = (ev: TimelineEvent) => ev.sender === botId;
    // Commands carry minutes: the meeting starts on the first minute boundary at least 105 s ahead,
    // which leaves at least 35 s for the commands below before the agenda is due.
    const minute = 60_000;
    const start = new Date(Math.ceil((Date.now() + 105_000) / minute) * minute);
    const local = DateTime.fromJSDate(start, { zone: ZONE });
    const rhythm = `${WEEKDAYS[local.weekday - 1]} ${local.toFormat("HH:mm")}`;
    const date = local.toFormat("dd.MM.yyyy");
    const nextWeek = local.plus({ weeks: 1 }).toFormat("dd.MM.yyyy");
    const mark = anna.mark();
    const benMark = ben.mark();

    expect(await ask(w, anna, `!gremium anlegen alpha name="Runde Alpha" turnus="${rhythm}" dauer=1 tagesordnung=70s erinnerung=30s ort="Raum 1"`)).toContain(
      `Gremium Runde Alpha (alpha) angelegt`,
    );
    expect(await ask(w, anna, `!gremium anlegen beta name="Runde Beta" turnus="${rhythm}" dauer=1 tagesordnung=70s erinnerung=30s`)).toContain("Runde Beta");
    expect(await ask(w, ben, `!top neu alpha Erster Punkt verantwortlich=${ben.userId} minuten=10`)).toContain("TOP-1");
    expect(await ask(w, ben, `!top neu alpha Zweiter Punkt verantwortlich=${anna.userId} minuten=5`)).toContain("TOP-2");
    expect(await ask(w, ben, "!top neu beta Punkt Beta")).toContain("TOP-3");
    // The police list nobody as chair here.
    expect(await ask(w, ben, `!gremium aussetzen beta ${date}`)).toContain("Rolle Vorsitz");
    const skipped = await ask(w, anna, `!gremium aussetzen beta ${date}`);
    expect(skipped).toContain(`Die Sitzung des Gremiums Runde Beta am`);
    expect(skipped).toContain("fällt aus");
    const afterSkip = anna.mark();
    const due = local.toFormat("yyyy-MM-dd HH:mm");
    expect(await ask(w, anna, `!aufgabe neu E2E-Bericht verantwortlich=${ben.userId} bis="${due}" mahnen=20s gremium=alpha`)).toContain("Aufgabe AI-1");
    expect(await ask(w, ben, "!gremium zeigen alpha")).toContain("Tagesordnung für");

    const agenda = await anna.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Tagesordnung Runde Alpha – Sitzung"), { after: mark, timeoutMs: 200_000, description: "agenda post" });
    expect(agenda.origin_server_ts).toBeGreaterThanOrEqual(start.getTime() - 70_000);
    expect(bodyOf(agenda)).toContain("TOP-1 Erster Punkt – Ben, 10 Min.");
    expect(bodyOf(agenda)).toContain("2 Punkte, geplante Dauer 15 Min.");
    expect(await ask(w, ben, "!top erledigt TOP-1")).toContain("ist erledigt");

    const reminder = await anna.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Erinnerung: Die Sitzung des Gremiums Runde Alpha"), { after: mark, timeoutMs: 120_000, description: "reminder" });
    expect(reminder.origin_server_ts).toBeGreaterThanOrEqual(start.getTime() - 30_000);
    expect(bodyOf(reminder)).toContain("beginnt in 30 Sek.");
    expect(bodyOf(reminder)).toContain(", Raum 1). Tagesordnung: 1 Punkt (5 Min.).");
    expect(reminder.content["msgtype"]).toBe("m.text");
    expect(mentionsOf(reminder)).toEqual([anna.userId]);

    const dueNow = await ben.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Jetzt fällig: AI-1"), { after: benMark, timeoutMs: 120_000, description: "due nudge" });
    expect(dueNow.origin_server_ts).toBeGreaterThanOrEqual(start.getTime());
    const overdue = await ben.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Überfällig seit"), { after: benMark, timeoutMs: 120_000, description: "overdue nudge" });
    expect(bodyOf(overdue)).toContain("AI-1 „E2E-Bericht“ (Gremium alpha) – Ben");
    expect(overdue.content["msgtype"]).toBe("m.text");
    expect(mentionsOf(overdue)).toEqual([ben.userId]);

    const carried = await anna.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Die Sitzung des Gremiums Runde Alpha vom"), { after: mark, timeoutMs: 120_000, description: "carry-over" });
    expect(carried.origin_server_ts).toBeGreaterThanOrEqual(start.getTime() + 60_000);
    expect(bodyOf(carried)).toContain("übertragen auf die Sitzung am");
    expect(bodyOf(carried)).toContain("TOP-2 Zweiter Punkt – Anna, 5 Min. (übertragen)");
    expect(bodyOf(carried)).not.toContain("TOP-1");
    const list = await ask(w, anna, "!top liste alpha");
    expect(list).toContain(nextWeek);
    expect(list).toContain("TOP-2 Zweiter Punkt");
    expect(list).toContain("(übertragen)");

    // Beta's meeting was due at the same moment: its agenda, reminder and close posted nothing.
    const betaPosts = anna.eventsSince(afterSkip, w.room).filter((ev) => fromBot(ev) && bodyOf(ev).includes("Runde Beta"));
    expect(betaPosts.map(bodyOf)).toEqual([]);
    expect(await ask(w, anna, "!top liste beta")).toContain("TOP-3 Punkt Beta");
  }, 420_000);

  it("reads \"jeden zweiten Dienstag\" as fortnightly, posts an agenda inside its lead time at once, keeps ended meetings out of !lage, names !zustand in its help", async () => {
    const { anna, botId } = w;
    const fromBot = (ev: TimelineEvent) => ev.sender === botId;
    expect(await ask(w, anna, '!gremium anlegen gamma name=Gamma turnus="jeden zweiten Dienstag 10 Uhr"')).toContain("angelegt: alle 2 Wochen dienstags, 10:00");
    // Tomorrow at 10:00 lies inside the default three days of agenda lead: the agenda goes out now.
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 });
    const mark = anna.mark();
    expect(await ask(w, anna, `!gremium anlegen delta name=Delta turnus="${WEEKDAYS[tomorrow.weekday - 1]} 10:00"`)).toContain("Gremium Delta (delta) angelegt");
    const agenda = await anna.waitFor((ev) => fromBot(ev) && bodyOf(ev).startsWith("Tagesordnung Delta – Sitzung"), { after: mark, timeoutMs: 30_000, description: "agenda inside the lead time" });
    expect(bodyOf(agenda)).toContain(`Sitzung ${tomorrow.setLocale("de").toFormat("ccc dd.MM.yyyy").replace(/^(\p{L}+)\./u, "$1")}, 10:00–11:00`);
    const picture = await ask(w, anna, "!lage");
    expect(picture).toContain("Delta (delta): noch keine Tagesordnungspunkte");
    // Alpha met (and ended) earlier in this run: not a "next" meeting any more.
    expect(picture).not.toMatch(new RegExp(`${DateTime.now().setZone(ZONE).toFormat("dd.MM.yyyy")}, [^\\n]*Runde Alpha`));
    expect(await ask(w, anna, "!hilfe zustand")).toMatch(/^!zustand – Zustand des Bots\n• !zustand – [^\n]*\(englisch: !status\)/);
  }, 120_000);
});
