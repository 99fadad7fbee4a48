// Joint operations against a real Synapse: every verb, staffing, a reminder that really arrives and
// follows an edit, nothing after a cancel, the .ics upload parsed back, German and English, bad input.
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
  /** A second city member (every city member may plan). */
  cem: Person;
  /** In the room, but in no agency. */
  eve: Person;
  room: string;
  bot: BotProcess;
}


async function world(language: "de" | "en", reminders: string[]): Promise<World> {
  const id = `${language}${Date.now().toString(36)}`;
  const botUser = await registerUser(hs, `opbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-${id}`, "Ben");
  const cem = await Person.create(hs, `cem-${id}`, "Cem");
  const eve = await Person.create(hs, `eve-${id}`, "Eve");
  const room = await anna.createRoom({ name: "Einsätze", invite: [ben.userId, cem.userId, eve.userId, botUser.userId] });
  await Promise.all([ben.join(room), cem.join(room), eve.join(room)]);
  await Promise.all([anna.startSync(), ben.startSync(), cem.startSync(), eve.startSync()]);
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-op-")), rooms: [room], language,
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId, cem.userId], roles: { press: [anna.userId], planner: ["*"] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId], planner: [] } },
      ],
      reminders: { operations: reminders },
      // Eve, of no agency, is in the room on purpose.
      roomSafety: "warn",
    },
  });
  return { botId: botUser.userId, anna, ben, cem, eve, room, bot };
}

const ask = (w: World, who: Person, text: string): Promise<TimelineEvent> => askBot(who, w.room, w.botId, text);

describe("!einsatz in German", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("de", ["20s"]);
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await Promise.all([started.anna, started.ben, started.cem, started.eve].map((p) => p.stopSync()));
  });

  it("plans, shows staffing per agency, joins and leaves", async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const plan = await ask(w, w.anna, `!einsatz planen Streife Bahnhof wann="${berlin(start)}" ort=Bahnhofsplatz art=Streife stadt=1 polizei=2`);
    expect(bodyOf(plan)).toMatch(/Einsatz OP-1 „[^“]*“ geplant: \w\w \d\d\.\d\d\.\d{4}, \d\d:\d\d, Bahnhofsplatz/);
    expect(bodyOf(plan)).toContain("Polizei: 0 von 2 (2 fehlen)");
    expect(bodyOf(await ask(w, w.ben, "!einsatz teilnehmen OP-1"))).toContain("Polizei: 1 von 2 (1 fehlt)");
    const show = bodyOf(await ask(w, w.anna, "!einsatz zeigen OP-1"));
    expect(show).toContain("• Polizei: Ben");
    expect(show).toContain("Streife");
    expect(bodyOf(await ask(w, w.anna, "!einsatz liste"))).toContain("OP-1 Streife Bahnhof");
    expect(bodyOf(await ask(w, w.ben, "!einsatz austragen OP-1"))).toContain("Polizei: 0 von 2");
  });

  it("refuses planning without the planner role, and bad input, storing nothing", async () => {
    const t = berlin(new Date(Date.now() + 86_400_000));
    expect(bodyOf(await ask(w, w.ben, `!einsatz planen X wann="${t}"`))).toContain("Rolle Planung");
    expect(bodyOf(await ask(w, w.anna, "!einsatz planen X ort=Markt"))).toContain("wann=");
    expect(bodyOf(await ask(w, w.anna, `!einsatz planen X wann="${t}" art=Razzia`))).toContain("Razzia");
    expect(bodyOf(await ask(w, w.anna, `!einsatz planen X wann="${t}" polizei=600`))).toContain("0 bis 500");
    expect(bodyOf(await ask(w, w.anna, "!einsatz zeigen OP-77"))).toContain("gibt es nicht");
    // At most five error replies per person and minute, so the next ones come from Cem.
    expect(bodyOf(await ask(w, w.cem, `!einsatz planen ${"X".repeat(201)} wann="${t}"`))).toContain("200");
    expect(bodyOf(await ask(w, w.cem, `!einsatz planen X wann="${berlin(new Date(Date.now() - 3_600_000))}"`))).toMatch(/Vergangenheit/);
    const [day] = t.split(" ");
    expect(bodyOf(await ask(w, w.cem, `!einsatz planen X wann="${day} 20:00" bis="${day} 19:00"`))).toMatch(/vor dem Beginn|nach dem Beginn/);
    expect(bodyOf(await ask(w, w.anna, "!einsatz liste alle"))).not.toContain("OP-2");
    // A cancelled operation cannot be edited; someone outside both agencies cannot join.
    await ask(w, w.anna, `!einsatz planen Absage wann="${t}"`);
    expect(bodyOf(await ask(w, w.anna, "!einsatz absagen OP-2 Wetter"))).toContain("abgesagt");
    expect(bodyOf(await ask(w, w.cem, "!einsatz ändern OP-2 ort=Markt"))).toMatch(/abgesagt/);
    const stranger = await ask(w, w.eve, "!einsatz teilnehmen OP-1");
    expect(bodyOf(stranger)).toMatch(/diesen Bot können nur/);
    expect(bodyOf(await ask(w, w.anna, "!einsatz zeigen OP-1"))).not.toContain(w.eve.userId);
  });

  it("delivers a reminder that follows an edit, and none for a cancelled operation", async () => {
    // Reminders come 20 s before the start; times with seconds keep the waits short.
    const now = Math.ceil(Date.now() / 1000) * 1000; // commands carry whole seconds
    const first = new Date(now + 60_000);
    const moved = new Date(now + 90_000);
    await ask(w, w.anna, `!einsatz planen Kontrolle Park wann="${berlin(first, true)}" polizei=1`);
    await ask(w, w.anna, `!einsatz planen Abgesagt wann="${berlin(moved, true)}"`);
    const edit = await ask(w, w.anna, `!einsatz ändern OP-3 wann="${berlin(moved, true)}"`);
    expect(bodyOf(edit)).toContain("Zeit:");
    expect(bodyOf(await ask(w, w.anna, "!einsatz absagen OP-4 Wetter"))).toContain("abgesagt");
    const mark = w.anna.mark();
    const reminder = await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).includes("Erinnerung: Einsatz OP-3"), { after: mark, timeoutMs: 90_000, description: "reminder" });
    // Sent for the moved time (never early), not for the original one.
    expect(reminder.origin_server_ts).toBeGreaterThanOrEqual(moved.getTime() - 20_000);
    expect(reminder.origin_server_ts).toBeLessThan(moved.getTime() - 10_000);
    expect(reminder.content["msgtype"]).toBe("m.text");
    expect(bodyOf(reminder)).toContain("Polizei: 0 von 1");
    // OP-4's reminder would have been due at the same moment.
    await w.anna.collect(w.room, 5_000);
    const all = w.anna.eventsSince(mark, w.room).filter((ev) => ev.sender === w.botId);
    expect(all.filter((ev) => bodyOf(ev).includes("OP-4"))).toEqual([]);
    expect(all.filter((ev) => bodyOf(ev).includes("Erinnerung: Einsatz OP-3"))).toHaveLength(1);
  }, 150_000);

  it("uploads an .ics calendar that parses back with stable UIDs", async () => {
    const mark = w.anna.mark();
    await w.anna.send(w.room, "!einsatz kalender alle");
    const file = await w.anna.waitFor((ev) => ev.sender === w.botId && ev.content["msgtype"] === "m.file", { after: mark, description: "ics upload" });
    const url = String(file.content["url"]);
    expect(url).toMatch(/^mxc:\/\//);
    const ics = await w.anna.download(url);
    const uids = [...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim());
    expect(uids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(uids).size).toBe(uids.length);
    expect(ics).toMatch(/STATUS:CANCELLED/);
    expect(ics).toContain("BEGIN:VTIMEZONE");
  });
});

describe("!op in English", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("en", ["24h"]);
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await Promise.all([started.anna, started.ben, started.cem, started.eve].map((p) => p.stopSync()));
  });

  it("answers in English and reports an operation done", async () => {
    // A report is possible from the start on, so the operation starts a few seconds from now.
    const start = new Date(Date.now() + 4_000);
    const plan = await ask(w, w.anna, `!op plan Patrol at="${berlin(start, true)}" place=Market city=2`);
    expect(bodyOf(plan)).toContain('Operation OP-1 "Patrol" planned');
    await new Promise((done) => setTimeout(done, Math.max(0, start.getTime() - Date.now()) + 1_500));
    expect(bodyOf(await ask(w, w.anna, "!op report OP-1\nQuiet evening."))).toBe("Report on OP-1 saved; the operation is done.");
    expect(bodyOf(await ask(w, w.anna, "!op list"))).toContain("No upcoming operations.");
    expect(bodyOf(await ask(w, w.anna, "!op list past"))).toContain("OP-1");
  });
});
