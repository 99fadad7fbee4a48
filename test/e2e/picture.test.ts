// The shared situation picture and the records against a real Synapse: `!lage` with data from every
// family (operations, press, committees, action items, hotspots), the weekly automatic post arriving
// by itself exactly once, one pending row per recurring job across a restart, and `!audit export`
// whose CSV is downloaded and parsed back.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot } from "../support/converse.ts";
import { Person, bodyOf, isReplyTo, relatesTo } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const MINUTE = 60_000;

function berlin(d: Date, opts: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", ...opts }).format(d).replace(",", "");
}
const weekday = (d: Date): string => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "long" }).format(d).toLowerCase();

interface World {
  botId: string;
  anna: Person;
  ben: Person;
  room: string;
  bot: BotProcess;
  /** When the weekly picture is due (a few minutes after start). */
  weeklyAt: Date;
  dataDir: string;
}

async function world(): Promise<World> {
  const id = Date.now().toString(36);
  const botUser = await registerUser(hs, `lagebot-${id}`, { displayName: "Lagebot" });
  const anna = await Person.create(hs, `anna-${id}`, "Anna");
  const ben = await Person.create(hs, `ben-${id}`, "Ben");
  const room = await anna.createRoom({ name: "Lage", invite: [ben.userId, botUser.userId] });
  await ben.join(room);
  await anna.startSync();
  // Ben is the auditor: he accepts the invite into his direct room with the bot, where exports go.
  await ben.startSync({ autoJoin: true });
  // Commands and the config carry minutes: the weekly post is due on a minute boundary.
  const weeklyAt = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 3 * MINUTE);
  const dataDir = mkdtempSync(join(tmpdir(), "lagebot-lage-"));
  const bot = await BotProcess.start({
    config: {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir, rooms: [room],
      agencies: [
        { id: "city", name: "Stadt", users: [anna.userId], roles: { press: [anna.userId], planner: ["*"], chair: [anna.userId] } },
        { id: "police", name: "Polizei", users: [ben.userId], roles: { press: [ben.userId], chair: [], auditor: [ben.userId] } },
      ],
      situation: { weekly: { weekday: weekday(weeklyAt), time: berlin(weeklyAt, { hour: "2-digit", minute: "2-digit" }) } },
    },
  });
  return { botId: botUser.userId, anna, ben, room, bot, weeklyAt, dataDir };
}

const ask = async (w: World, who: Person, text: string): Promise<string> => bodyOf(await askBot(who, w.room, w.botId, text));

/** Pending schedule rows per recurring job, read from the bot's database (read-only). */
function pendingRecurring(w: World): Record<string, number> {
  const db = new BetterSqlite3(join(w.dataDir, "lagebot.sqlite"), { readonly: true });
  try {
    const rows = db.prepare<[], { ref: string; n: number }>("SELECT ref, COUNT(*) AS n FROM schedule WHERE state = 'pending' AND ref IN ('picture:weekly', 'records:retention') GROUP BY ref").all();
    return Object.fromEntries(rows.map((r) => [r.ref, r.n]));
  } finally {
    db.close();
  }
}

describe("!lage with every family, the weekly post, and !audit export", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await started.anna.stopSync();
    await started.ben.stopSync();
  });

  it("says the picture is calm before anything happened", async () => {
    expect(await ask(w, w.ben, "!lage")).toMatch(/^Lagebild vom \w\w \d\d\.\d\d\.\d{4},? \d\d:\d\d: Es liegt nichts vor – keine Einsätze/);
  });

  it("shows operations with gaps, open drafts, meetings with agenda size, overdue items and hotspots; weekly too", async () => {
    // Due one minute before the weekly post, so it is overdue by then.
    const due = new Date(w.weeklyAt.getTime() - MINUTE);
    expect(await ask(w, w.anna, `!aufgabe neu Lagebericht vorlegen verantwortlich=${w.ben.userId} bis="${berlin(due)}"`)).toContain("AI-1");
    expect(await ask(w, w.anna, '!ort anlegen Bahnhofsvorplatz ort="Am Hauptbahnhof"')).toContain("HS-1");
    const start = new Date(Date.now() + 2 * 86_400_000);
    expect(await ask(w, w.anna, `!einsatz planen Streife Bahnhof wann="${berlin(start)}" stadt=1 polizei=2 brennpunkt=HS-1`)).toContain("OP-1");
    expect(await ask(w, w.ben, "!einsatz teilnehmen OP-1")).toContain("Polizei: 1 von 2");
    const tomorrow = weekday(new Date(Date.now() + 86_400_000));
    expect(await ask(w, w.anna, `!gremium anlegen lagerunde name=Lagerunde turnus="${tomorrow} 10:00"`)).toContain("Lagerunde");
    expect(await ask(w, w.anna, '!top neu lagerunde "Lage am Bahnhof"')).toContain("TOP-1");
    const mark = w.anna.mark();
    await w.anna.send(w.room, "!presse entwurf Gemeinsame Streifen\nAb Freitag gehen Stadt und Polizei gemeinsam Streife.");
    await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).includes("Entwurf PR-1"), { after: mark, description: "draft card" });
    await ask(w, w.anna, "!presse freigeben PR-1");

    // A restart keeps exactly one pending row of each recurring job.
    await w.bot.kill("SIGTERM");
    w.bot = await w.bot.restart();
    expect(await ask(w, w.anna, "!status")).toContain("Wöchentliches Lagebild");
    expect(pendingRecurring(w)).toEqual({ "picture:weekly": 1, "records:retention": 1 });

    const before = w.ben.mark();
    const weekly = await w.ben.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).startsWith("Lagebild") && relatesTo(ev).inReplyTo === undefined, {
      after: before, timeoutMs: w.weeklyAt.getTime() - Date.now() + 60_000, description: "weekly picture",
    });
    expect(weekly.origin_server_ts).toBeGreaterThanOrEqual(w.weeklyAt.getTime());
    const body = bodyOf(weekly);
    expect(body).toMatch(/Einsätze bis \w\w \d\d\.\d\d\.\d{4} \(1\)\n• .* · OP-1 „Streife Bahnhof“\n {3}Personallücke – Stadt: 0 von 1 \(1 fehlt\) · Polizei: 1 von 2 \(1 fehlt\)\nInsgesamt fehlen: Stadt 1, Polizei 1/);
    expect(body).toContain(`Offene Pressemitteilungen (1)\n• PR-1 Gemeinsame Streifen (Version 1) – Freigabe ausstehend: Polizei (Ben)`);
    expect(body).toMatch(/Gremiensitzungen bis \S+ [\d.]+\n• .*Lagerunde \(lagerunde\): 1 Tagesordnungspunkt/);
    expect(body).toMatch(/Überfällige Aufgaben\n• .*AI-1/);
    expect(body).toMatch(/Offene Brennpunkte \(1\)\n• HS-1 Bahnhofsvorplatz – Am Hauptbahnhof · nächster Einsatz: OP-1 am /);
    // Sections in this order, each once.
    const order = ["Einsätze bis", "Offene Pressemitteilungen", "Gremiensitzungen bis", "Überfällige Aufgaben", "Offene Brennpunkte"].map((h) => body.indexOf(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Exactly once, and next week's post is pending.
    await w.ben.collect(w.room, 3_000);
    expect(w.ben.eventsSince(before, w.room).filter((ev) => ev.sender === w.botId && bodyOf(ev).startsWith("Lagebild"))).toHaveLength(1);
    expect(pendingRecurring(w)).toEqual({ "picture:weekly": 1, "records:retention": 1 });
    // On demand the same picture comes as a reply.
    expect(await ask(w, w.ben, "!lage")).toContain("Überfällige Aufgaben");
  }, 300_000);

  it("exports the audit log as CSV and JSON by direct message, parsed back, and refuses a reversed range", async () => {
    const mark = w.ben.mark();
    const cmd = await w.ben.send(w.room, "!protokoll exportieren");
    const reply = await w.ben.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, cmd), { after: mark, description: "export reply" });
    expect(bodyOf(reply)).toBe("Export per Direktnachricht gesendet: Das Prüfprotokoll (gesamter Zeitraum) erhalten nur Sie, als CSV- und JSON-Datei im Direktchat mit dem Bot.");
    const summary = await w.ben.waitFor((ev) => ev.sender === w.botId && ev.room_id !== w.room && bodyOf(ev).startsWith("Prüfprotokoll,"), { after: mark, timeoutMs: 30_000, description: "the summary in the direct room" });
    expect(bodyOf(summary)).toMatch(/^Prüfprotokoll, gesamter Zeitraum: \d+ Einträge\nPrüfkette der exportierten Einträge ist intakt/);
    const file = (ext: string) =>
      w.ben.waitFor((ev) => ev.sender === w.botId && ev.room_id === summary.room_id && ev.content["msgtype"] === "m.file" && String(ev.content["filename"]).endsWith(ext), { after: mark, description: `${ext} upload` });
    const csv = await w.ben.download(String((await file(".csv")).content["url"]));
    const rows = parse<Record<string, string>>(csv, { bom: true, columns: true });
    const actions = rows.map((r) => r["action"]);
    expect(actions).toEqual(expect.arrayContaining(["spot.add", "op.plan", "op.join", "committee.create", "press.draft", "press.approve"]));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r["hash"] ?? ""))).toBe(true);
    const json = JSON.parse(await w.ben.download(String((await file(".json")).content["url"]))) as { count: number; chain: { intact: boolean } };
    expect(json.count).toBe(rows.length);
    expect(json.chain.intact).toBe(true);
    expect(await ask(w, w.anna, "!audit exportieren von=2026-12-31 bis=2026-01-01")).toContain("liegt nach dem Ende");
  });
});
