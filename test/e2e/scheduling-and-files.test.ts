// Issue 17 against a real Synapse: a committee meeting moved onto a time that already has one is
// refused; the commands the bot prints (a holiday's move, a day with two meetings) work when typed
// back; holiday notes name the right holiday and date; `!einsatz liste vergangen` shows only what is
// over; a report before the start is refused; calendar files answer their command with a caption in
// `body`, the name in `filename`, DTSTAMP in UTC and an hour for an operation without an end.
// One bot and one room; a one-minute operation planned first is over by the last test (about 3 min).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { Person, bodyOf, isReplyTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const ZONE = "Europe/Berlin";
const WD_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
const WD_LONG = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];

interface World {
  botId: string;
  anna: Person;
  ben: Person;
  room: string;
  bot: BotProcess;
}

/** "Fr 25.12.2026" / "Fr 25.12.2026, 10:00–11:00" / "Sa 12.12., 22:00" as the bot writes them. */
const day = (d: DateTime) => `${WD_SHORT[d.weekday - 1]} ${d.toFormat("dd.MM.yyyy")}`;
const range = (d: DateTime) => `${day(d)}, ${d.toFormat("HH:mm")}–${d.plus({ hours: 1 }).toFormat("HH:mm")}`;
const short = (d: DateTime) => `${WD_SHORT[d.weekday - 1]} ${d.toFormat("dd.MM.")}, ${d.toFormat("HH:mm")}`;
const typed = (d: DateTime) => d.toFormat("dd.MM.yyyy HH:mm");

/** The commands in a reply's inline code, as a person would copy them. */
function codes(ev: TimelineEvent): string[] {
  const html = typeof ev.content["formatted_body"] === "string" ? ev.content["formatted_body"] : "";
  const unescape = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => unescape(m[1] ?? ""));
}

describe("scheduling that goes wrong, and files as Matrix expects them, against Synapse", () => {
  let w: World;
  const ask = async (text: string, who?: Person): Promise<TimelineEvent> => askBot(who ?? w.anna, w.room, w.botId, text);
  const say = async (text: string, who?: Person): Promise<string> => bodyOf(await ask(text, who));
  /** The one-minute operation (OP-1) that is over by the last test. */
  let shortEnd = new Date(0);

  beforeAll(async () => {
    const id = Date.now().toString(36);
    const botUser = await registerUser(hs, `sfbot-${id}`, { displayName: "Lagebot" });
    const anna = await Person.create(hs, `anna-sf-${id}`, "Anna");
    const ben = await Person.create(hs, `ben-sf-${id}`, "Ben");
    const room = await anna.createRoom({ name: "Planung", invite: [ben.userId, botUser.userId] });
    await ben.join(room);
    await Promise.all([anna.startSync(), ben.startSync()]);
    const bot = await BotProcess.start({
      config: {
        homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir: mkdtempSync(join(tmpdir(), "lagebot-sf-")), rooms: [room], language: "de", holidays: "NW",
        agencies: [
          { id: "city", name: "Stadt", users: [anna.userId], roles: { chair: [anna.userId], planner: [anna.userId] } },
          { id: "police", name: "Polizei", users: [ben.userId], roles: { chair: [], planner: [] } },
        ],
      },
    });
    w = { botId: botUser.userId, anna, ben, room, bot };
  });
  afterAll(async () => {
    const started = ifSet(w);
    if (!started) return;
    await started.bot.kill("SIGTERM");
    await Promise.all([started.anna.stopSync(), started.ben.stopSync()]);
  });

  it("refuses a report before the start and says from when it is possible", async () => {
    // OP-1: one minute, starting on the first minute boundary at least 40 s ahead.
    const minute = 60_000;
    const start = new Date(Math.ceil((Date.now() + 40_000) / minute) * minute);
    shortEnd = new Date(start.getTime() + minute);
    expect(await say(`!einsatz planen Kurzkontrolle wann="${berlin(start)}" bis=${berlin(shortEnd).slice(11)}`)).toContain("OP-1");
    const later = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
    expect(await say(`!einsatz planen Nachtstreife wann="${typed(later)}" bis=23:00`)).toContain("OP-2");
    // OP-3: cancelled, still ahead; not "vergangen".
    expect(await say(`!einsatz planen Absage wann="${typed(later.plus({ days: 1 }))}" bis=23:00`)).toContain("OP-3");
    expect(await say("!einsatz absagen OP-3 Wetter")).toContain("OP-3");
    expect(await say("!einsatz bericht OP-2\nRuhiger Verlauf.")).toBe(`OP-2 hat noch nicht begonnen. Ein Bericht ist ab Beginn möglich (${short(later)}).`);
    expect(await say("!einsatz zeigen OP-2")).toContain("Status: geplant");
  });

  describe("a committee meeting on Christmas Day", () => {
    // 25.12. is always the last of its weekday in December, so "letzter <weekday>" meets on it.
    const now = DateTime.now().setZone(ZONE);
    const year = now < DateTime.fromObject({ year: now.year, month: 12, day: 20 }, { zone: ZONE }) ? now.year : now.year + 1;
    const xmas = DateTime.fromObject({ year, month: 12, day: 25, hour: 10 }, { zone: ZONE });
    const wd = xmas.weekday;
    /** The last such weekday of a month at 10:00. */
    const lastOf = (y: number, m: number) => {
      let d = DateTime.fromObject({ year: y, month: m, hour: 10 }, { zone: ZONE }).endOf("month").set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
      while (d.weekday !== wd) d = d.minus({ days: 1 });
      return d;
    };
    const jan = lastOf(year + 1, 1);
    const feb = lastOf(year + 1, 2);
    /** The first working day after 25.12. (26.12. is a holiday everywhere; weekends are skipped). */
    let free = xmas.plus({ days: 2 });
    while (free.weekday > 5) free = free.plus({ days: 1 });
    const date = (d: DateTime) => d.toFormat("dd.MM.yyyy");

    it("creates the committee; the holiday line names the holiday and suggests the next working day", async () => {
      expect(await say(`!gremium anlegen ak name="Arbeitskreis Lage" turnus="letzter ${WD_LONG[wd - 1]} 10:00"`)).toContain("Gremium Arbeitskreis Lage (ak) angelegt");
      // Meetings before Christmas (when run earlier in the year) are skipped, so the show lists 25.12. first.
      for (let m = now.startOf("month"); m.year < year || m.month < 12; m = m.plus({ months: 1 })) {
        const d = lastOf(m.year, m.month);
        if (d > now.plus({ minutes: 1 })) expect(await say(`!gremium aussetzen ak ${date(d)}`)).toContain("fällt aus");
      }
      const show = await ask("!gremium zeigen ak");
      expect(bodyOf(show)).toContain(
        `• ${range(xmas)} ⚠ Feiertag: 1. Weihnachtstag\n   Verlegen: !gremium verlegen ak ${date(xmas)} auf="${typed(free)}" · Ausfallen lassen: !gremium aussetzen ak ${date(xmas)}`,
      );
    });

    it("refuses to move a meeting onto the time of another one and changes nothing", async () => {
      expect(await say(`!gremium verlegen ak ${date(jan)} auf="${typed(xmas)}"`)).toBe(
        `Zu dieser Zeit tagt Arbeitskreis Lage bereits: ${range(xmas)}. Zwei Sitzungen zur selben Zeit sind nicht möglich; bitte einen anderen Termin wählen.`,
      );
      const show = await say("!gremium zeigen ak");
      expect(show).toContain(`• ${range(xmas)} ⚠ Feiertag: 1. Weihnachtstag\n`);
      expect(show).toContain(`• ${range(jan)}\n`);
      expect(show).not.toContain("verlegt");
    });

    it("after the suggested day is taken, suggests a free one, and the printed command works", async () => {
      const taken = await say(`!gremium verlegen ak ${date(jan)} auf="${typed(free)}"`);
      expect(taken).toBe(`Die Sitzung des Gremiums Arbeitskreis Lage am ${range(jan)} ist verlegt auf ${range(free)}. Tagesordnung und Erinnerungen folgen dem neuen Termin.`);
      const show = await ask("!gremium zeigen ak");
      const move = codes(show).find((c) => c.startsWith(`!gremium verlegen ak ${date(xmas)}`));
      expect(move).toBeDefined();
      expect(move).not.toContain(typed(free));
      const moved = await say(move ?? "");
      expect(moved).toMatch(new RegExp(`^Die Sitzung des Gremiums Arbeitskreis Lage am ${range(xmas)} ist verlegt auf \\w\\w \\d\\d\\.12\\.${year}, 10:00–11:00\\. Tagesordnung und Erinnerungen folgen dem neuen Termin\\.$`));
    });

    it("on a day with two meetings prints a command for each, and the one typed skips that one", async () => {
      const afternoon = free.set({ hour: 14 });
      expect(await say(`!gremium verlegen ak ${date(feb)} auf="${typed(afternoon)}"`)).toContain(`ist verlegt auf ${day(free)}, 14:00–15:00`);
      const several = await ask(`!gremium aussetzen ak ${date(free)}`);
      expect(bodyOf(several)).toBe(
        `An diesem Tag gibt es mehrere Sitzungen (10:00, 14:00). Bitte mit Uhrzeit angeben: !gremium aussetzen ak ${date(free)} 10:00 oder !gremium aussetzen ak ${date(free)} 14:00.`,
      );
      const skip = codes(several).find((c) => c.endsWith("14:00"));
      expect(await say(skip ?? "")).toContain(`Die Sitzung des Gremiums Arbeitskreis Lage am ${day(free)}, 14:00–15:00 fällt aus.`);
      expect(await say("!gremium zeigen ak")).toContain(`• ${range(free)} (verlegt, ursprünglich ${day(jan)}, 10:00)`);
    });

    it("a move onto a holiday names that date and holiday", async () => {
      const boxing = xmas.plus({ days: 1 });
      expect(await say(`!gremium verlegen ak ${date(free)} auf="${typed(boxing)}"`)).toBe(
        `Die Sitzung des Gremiums Arbeitskreis Lage am ${range(free)} ist verlegt auf ${range(boxing)}. Tagesordnung und Erinnerungen folgen dem neuen Termin.\n⚠ Der neue Termin am ${day(boxing)} fällt auf einen Feiertag (2. Weihnachtstag).`,
      );
    });

    it("uploads the committee calendar as a reply, with a caption and UTC stamps", async () => {
      const mark = w.anna.mark();
      const cmd = await w.anna.send(w.room, "!gremium kalender ak");
      const file = await w.anna.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, cmd), { after: mark, description: "the committee calendar" });
      expect(file.content["msgtype"]).toBe("m.file");
      expect(file.content["filename"]).toBe("sitzungen-ak.ics");
      expect(bodyOf(file)).toBe("Kalenderdatei der Sitzungen von Arbeitskreis Lage. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.");
      const ics = await w.anna.download(String(file.content["url"]));
      const stamps = [...ics.matchAll(/^DTSTAMP:(.*)$/gm)].map((m) => m[1]?.trim() ?? "");
      expect(stamps.length).toBeGreaterThan(1);
      for (const s of stamps) expect(s).toMatch(/^\d{8}T\d{6}Z$/);
    });
  });

  it("uploads the operations calendar as a reply: caption in body, name in filename, DTSTAMP in UTC, an hour for no end", async () => {
    const open = DateTime.now().setZone(ZONE).plus({ days: 5 }).set({ hour: 20, minute: 0, second: 0, millisecond: 0 });
    expect(await say(`!einsatz planen Offenes Ende wann="${typed(open)}"`)).toContain("OP-4");
    const mark = w.anna.mark();
    const cmd = await w.anna.send(w.room, "!einsatz kalender alle");
    const file = await w.anna.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, cmd), { after: mark, description: "the operations calendar" });
    expect(file.content["msgtype"]).toBe("m.file");
    expect(file.content["filename"]).toBe("einsaetze.ics");
    expect(bodyOf(file)).toBe("Kalenderdatei mit 4 Einsätzen. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.");
    expect(file.content["format"]).toBe("org.matrix.custom.html");
    expect(String(file.content["formatted_body"])).toContain("Kalenderdatei mit 4 Einsätzen.");
    const ics = await w.anna.download(String(file.content["url"]));
    const stamps = [...ics.matchAll(/^DTSTAMP:(.*)$/gm)].map((m) => m[1]?.trim() ?? "");
    expect(stamps).toHaveLength(4);
    for (const s of stamps) expect(s).toMatch(/^\d{8}T\d{6}Z$/);
    const event = ics.split("BEGIN:VEVENT").find((e) => /^UID:op-4@/m.test(e)) ?? "";
    expect(event).toContain(`DTSTART;TZID=Europe/Berlin:${open.toFormat("yyyyMMdd")}T200000`);
    expect(event).toContain(`DTEND;TZID=Europe/Berlin:${open.toFormat("yyyyMMdd")}T210000`);
  });

  it("lists as past only the operation that is over: not the one ahead, not the cancelled one ahead", async () => {
    const wait = shortEnd.getTime() + 2_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const past = await say("!einsatz liste vergangen");
    expect(past).toMatch(/^Vergangene Einsätze: 1\n/);
    expect(past).toContain("OP-1 Kurzkontrolle");
    expect(past).not.toContain("OP-2");
    expect(past).not.toContain("OP-3");
    expect(await say("!einsatz bericht OP-1\nKeine Vorkommnisse.")).toContain("Bericht zu OP-1 gespeichert");
    expect(await say("!einsatz liste vergangen")).toMatch(/^Vergangene Einsätze: 1\n[^]*OP-1 Kurzkontrolle/);
  }, 200_000);
});
