// The personal calendar feed against a real Synapse: `!kalender abo` in the shared room, the link
// read by the user in the direct room the bot opens, the feed fetched over HTTP (the .ics checks of
// operations.test.ts, a cancellation as CANCELLED, the UIDs of the file export), 304 to its ETag,
// 404 after `!kalender abo widerrufen` and for someone who left the served room.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHash } from "node:crypto";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { openBotDb } from "../support/faults.ts";
import { Person, bodyOf } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { freePort, registerUser } from "../support/synapse.ts";

const hs = inject("synapse");

interface World {
  botId: string;
  /** City, plans operations. */
  anna: Person;
  /** Police. */
  ben: Person;
  room: string;
  bot: BotProcess;
  dataDir: string;
  /** Where the feed listener is reached (its publicUrl). */
  base: string;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `calbot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-cal-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-cal-${id}`, "Ben");
  const room = await anna.createRoom({ name: "Lage", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  // Both accept the bot's invite into a direct room, as a client showing it would.
  await Promise.all([anna.startSync({ autoJoin: true }), ben.startSync({ autoJoin: true })]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "lagebot-cal-"));
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir, rooms: [room], language: "de",
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"], press: [anna.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { planner: [ben.userId], press: [ben.userId] } },
      ],
      calendar: { publicUrl: base, port, bind: "127.0.0.1" },
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot, dataDir, base };
}

const FEED = /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/;

describe("!kalender abo", () => {
  let w: World;
  /** The link of the first test, replaced in the second. */
  let annasFirst = "";
  const ask = (who: Person, text: string): Promise<string> => askBot(who, w.room, w.botId, text).then(bodyOf);
  const fromBot = (ev: TimelineEvent) => ev.sender === w.botId;

  /** Asks for the feed in the shared room; resolves with the URL from the direct message. */
  async function subscribe(who: Person, replacing = false): Promise<string> {
    const mark = who.mark();
    expect(await ask(who, "!kalender abo")).toBe(
      replacing
        ? "Der neue Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet. Der bisherige Link gilt nicht mehr."
        : "Der Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet.",
    );
    const dm = await who.waitFor((ev) => fromBot(ev) && ev.room_id !== w.room && bodyOf(ev).startsWith("Ihr persönlicher Kalender (Abonnement)\n"), {
      after: mark, timeoutMs: 30_000, description: "the feed link in the direct room",
    });
    expect((await who.joinedMembers(dm.room_id)).sort()).toEqual([w.botId, who.userId].sort());
    const url = bodyOf(dm).split("\n")[1] ?? "";
    expect(url).toMatch(FEED);
    expect(url.startsWith(`${w.base}/calendar/`)).toBe(true);
    return url;
  }

  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    await w.bot.kill("SIGTERM");
    await Promise.all([w.anna.stopSync(), w.ben.stopSync()]);
  });

  it("sends the link by direct message; the feed serves the operations, a cancellation as CANCELLED, with the file's UIDs", async () => {
    const soon = new Date(Date.now() + 3 * 86_400_000);
    expect(await ask(w.anna, `!einsatz planen Streife wann="${berlin(soon)}" ort=Markt`)).toContain("OP-1");
    expect(await ask(w.anna, `!einsatz planen Kontrolle wann="${berlin(new Date(soon.getTime() + 86_400_000))}"`)).toContain("OP-2");
    expect(await ask(w.anna, "!einsatz absagen OP-2 Wetter")).toContain("abgesagt");
    expect(await ask(w.anna, '!gremium anlegen ak name="Arbeitskreis Lage" turnus="dienstag 10:00"')).toContain("Arbeitskreis Lage");
    const roomMark = w.ben.mark();
    const url = await subscribe(w.anna);
    annasFirst = url;

    // Nobody in the shared room sees the link.
    await w.ben.collect(w.room, 2_000);
    expect(w.ben.eventsSince(roomMark, w.room).filter((ev) => JSON.stringify(ev.content).includes("/calendar/"))).toEqual([]);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = await res.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    const uids = [...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim());
    expect(uids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(uids).size).toBe(uids.length);
    expect(ics).toContain("BEGIN:VTIMEZONE");
    const cancelled = ics.split("BEGIN:VEVENT").find((e) => /^UID:op-2@/m.test(e)) ?? "";
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(cancelled).toContain("SUMMARY:OP-2 Kontrolle");
    expect(ics.split("BEGIN:VEVENT").find((e) => /^UID:op-1@/m.test(e))).toContain("STATUS:CONFIRMED");

    // The same UIDs as the uploaded file, so a calendar holding both keeps one entry each.
    const mark = w.anna.mark();
    await w.anna.send(w.room, "!einsatz kalender alle");
    const file = await w.anna.waitFor((ev) => fromBot(ev) && ev.content["msgtype"] === "m.file", { after: mark, description: "ics upload" });
    const exported = await w.anna.download(String(file.content["url"]));
    const meetings = await w.anna.waitFor((ev) => fromBot(ev) && ev.content["filename"] === "sitzungen-ak.ics", { after: (await w.anna.send(w.room, "!gremium kalender ak"), mark), description: "committee ics" });
    const committee = await w.anna.download(String(meetings.content["url"]));
    expect([...(exported + committee).matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim())).toEqual(uids);
    expect(uids.at(-1)).toMatch(/^committee-1@/);
    expect(ics).toContain("SUMMARY:Arbeitskreis Lage");

    // A calendar asking again with the tag it has gets 304 and no body.
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("answers 404 for the old link after a new one, and after !kalender abo widerrufen", async () => {
    const first = await subscribe(w.anna, true);
    expect((await fetch(annasFirst)).status).toBe(404);
    expect((await fetch(first)).status).toBe(200);
    expect(await ask(w.anna, "!kalender abo widerrufen")).toBe("Ihr Kalender-Abonnement ist widerrufen. Der Link zeigt keine Termine mehr.");
    const gone = await fetch(first);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain("VCALENDAR");
    expect(await ask(w.anna, "!kalender abo widerrufen")).toBe("Sie haben kein Kalender-Abonnement; es gibt nichts zu widerrufen.");
    // After a revocation, a new link is a fresh one.
    expect((await fetch(await subscribe(w.anna))).status).toBe(200);
  });

  it("answers 404 to someone who left every served room", async () => {
    const url = await subscribe(w.ben);
    expect((await fetch(url)).status).toBe(200);
    await w.ben.leave(w.room);
    // The bot learns of the leave by its sync; the feed follows.
    const deadline = Date.now() + 20_000;
    let status = 200;
    while (status !== 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await fetch(url)).status;
    }
    expect(status).toBe(404);

    // The bot's database holds the tokens' hashes only: the sent direct messages kept no copy of the link.
    const db = openBotDb(w.dataDir);
    try {
      const token = url.slice(url.lastIndexOf("/") + 1, -".ics".length);
      // Ben's row stays (he may rejoin); Anna's is her last link's.
      expect(db.prepare("SELECT token_hash FROM calendar_feeds").pluck().all()).toContain(createHash("sha256").update(token).digest("hex"));
      const dump = JSON.stringify([db.prepare("SELECT * FROM outbox").all(), db.prepare("SELECT * FROM audit").all()]);
      expect(dump).not.toContain("/calendar/");
    } finally {
      db.close();
    }
  });
});
