// Joint operations against a real Synapse: every verb, staffing, a reminder that really arrives and
// follows an edit, nothing after a cancel, the .ics upload parsed back, German and English, bad input.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { Person, bodyOf, isReplyTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  anna: Person;
  ben: Person;
  room: string;
  bot: BotProcess;
}

/** Berlin wall-clock "YYYY-MM-DD HH:mm" for an instant, for commands. */
function berlin(d: Date): string {
  const p = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d);
  return p.replace(",", "");
}

async function world(language: "de" | "en", reminders: string[]): Promise<World> {
  const id = `${language}${Date.now().toString(36)}`;
  const botUser = await registerUser(hs, `opbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-${id}`, "Ben");
  const room = await anna.createRoom({ name: "Einsätze", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await anna.startSync();
  await ben.startSync();
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-op-")), rooms: [room], language,
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { press: [anna.userId], planner: ["*"] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId], planner: [] } },
      ],
      reminders: { operations: reminders },
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot };
}

async function ask(w: World, who: Person, text: string): Promise<TimelineEvent> {
  const mark = who.mark();
  const cmd = await who.send(w.room, text);
  return who.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, cmd), { after: mark, description: `reply to ${text.slice(0, 40)}` });
}

describe("!einsatz in German", () => {
  let w: World;
  beforeAll(async () => {
    w = await world("de", ["20s"]);
  });
  afterAll(async () => {
    await w?.bot.kill("SIGTERM");
    w?.anna.stopSync();
    w?.ben.stopSync();
  });

  it("plans, shows staffing per agency, joins and leaves", async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const plan = await ask(w, w.anna, `!einsatz planen Streife Bahnhof wann="${berlin(start)}" ort=Bahnhofsplatz art=Streife stadt=1 polizei=2`);
    expect(bodyOf(plan)).toMatch(/Einsatz OP-1 geplant: \w\w \d\d\.\d\d\.\d{4}, \d\d:\d\d, Bahnhofsplatz/);
    expect(bodyOf(plan)).toContain("Polizei: 0 von 2 (fehlt 2)");
    expect(bodyOf(await ask(w, w.ben, "!einsatz teilnehmen OP-1"))).toContain("Polizei: 1 von 2 (fehlt 1)");
    const show = bodyOf(await ask(w, w.anna, "!einsatz zeigen OP-1"));
    expect(show).toContain(w.ben.userId);
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
    expect(bodyOf(await ask(w, w.anna, "!einsatz liste alle"))).not.toContain("OP-2");
  });

  it("delivers a reminder that follows an edit, and none for a cancelled operation", async () => {
    // Commands carry minutes, so work on minute boundaries. Reminders come 20 s before the start.
    const minute = 60_000;
    const first = new Date(Math.floor(Date.now() / minute) * minute + 2 * minute);
    const moved = new Date(first.getTime() + minute);
    await ask(w, w.anna, `!einsatz planen Kontrolle Park wann="${berlin(first)}" polizei=1`);
    await ask(w, w.anna, `!einsatz planen Abgesagt wann="${berlin(moved)}"`);
    const edit = await ask(w, w.anna, `!einsatz ändern OP-2 wann="${berlin(moved)}"`);
    expect(bodyOf(edit)).toContain("Zeit:");
    expect(bodyOf(await ask(w, w.anna, "!einsatz absagen OP-3 Wetter"))).toContain("abgesagt");
    const mark = w.anna.mark();
    const reminder = await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).includes("Erinnerung: Einsatz OP-2"), { after: mark, timeoutMs: 200_000, description: "reminder" });
    // Sent for the moved time (never early), not for the original one.
    expect(reminder.origin_server_ts).toBeGreaterThanOrEqual(moved.getTime() - 20_000);
    expect(reminder.origin_server_ts).toBeLessThan(moved.getTime() - 10_000);
    expect(reminder.content["msgtype"]).toBe("m.text");
    expect(bodyOf(reminder)).toContain("Polizei: 0 von 1");
    // OP-3's reminder would have been due at the same moment.
    await w.anna.collect(w.room, 5_000);
    const all = w.anna.eventsSince(mark, w.room).filter((ev) => ev.sender === w.botId);
    expect(all.filter((ev) => bodyOf(ev).includes("OP-3"))).toEqual([]);
    expect(all.filter((ev) => bodyOf(ev).includes("Erinnerung: Einsatz OP-2"))).toHaveLength(1);
  }, 240_000);

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
    await w?.bot.kill("SIGTERM");
    w?.anna.stopSync();
    w?.ben.stopSync();
  });

  it("answers in English and reports an operation done", async () => {
    const plan = await ask(w, w.anna, `!op plan Patrol at="${berlin(new Date(Date.now() + 2 * 86_400_000))}" place=Market city=2`);
    expect(bodyOf(plan)).toContain("Operation OP-1 planned");
    expect(bodyOf(await ask(w, w.anna, "!op report OP-1\nQuiet evening."))).toContain("done");
    expect(bodyOf(await ask(w, w.anna, "!op list"))).toContain("No operations");
    expect(bodyOf(await ask(w, w.anna, "!op list past"))).toContain("OP-1");
  });
});
