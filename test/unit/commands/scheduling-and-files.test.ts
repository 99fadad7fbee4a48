// Issue 17 (scheduling that goes wrong; files as Matrix expects them), through the real dispatcher
// with a fixed clock (Wed 25.11.2026, 10:00 Berlin): a meeting moved onto an occupied time, the
// commands the bot prints typed back, holiday notes, past operations, a report before the start,
// and uploads that answer their command with a caption and a UTC DTSTAMP.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example"; // city, chair and planner
const BEN = "@ben:polizei.example";
const XMAS = '!gremium anlegen weih name=Weihnachtsrunde turnus="letzter freitag 10:00"'; // 27.11., 25.12.2026, 29.01.2027

type T = ReturnType<typeof setup>;

/** The inline code of a reply, by what it starts with (the commands the bot suggests). */
function suggested(r: Sent, starts: string): string[] {
  return [...r.html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => (m[1] ?? "").replaceAll("&quot;", '"')).filter((c) => c.startsWith(starts));
}

const exceptions = (t: T) => t.count("SELECT COUNT(*) FROM committee_exceptions");

describe("moving a meeting onto a time that already has one", () => {
  it("refuses the same time and an overlapping one, names the meeting there, and stores nothing", () => {
    const t = setup();
    t.reply(CHAIR, XMAS);
    expect(t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="25.12.2026 10:00"').body).toBe(
      "Zu dieser Zeit tagt Weihnachtsrunde bereits: Fr 25.12.2026, 10:00–11:00. Zwei Sitzungen zur selben Zeit sind nicht möglich; bitte einen anderen Termin wählen.",
    );
    expect(t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="25.12.2026 10:30"').body).toContain("Zu dieser Zeit tagt Weihnachtsrunde bereits: Fr 25.12.2026, 10:00–11:00.");
    expect(exceptions(t)).toBe(0);
    expect(t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="25.12.2026 11:00"').body).toContain("ist verlegt auf Fr 25.12.2026, 11:00–12:00");
  });

  it("answers in English", () => {
    const t = setup({ config: { language: "en" } });
    t.reply(CHAIR, '!committee create xmas name=Xmas every="last friday 10:00"');
    expect(t.reply(CHAIR, '!committee move xmas 2027-01-29 to="2026-12-25 10:00"').body).toBe(
      "Xmas already meets at that time: Fri 25 Dec 2026, 10:00–11:00. Two meetings at the same time are not possible; please choose another time.",
    );
  });
});

describe("the commands the bot prints work when typed", () => {
  it("suggests a free working day for a meeting on a holiday, and that move goes through", () => {
    const t = setup();
    t.reply(CHAIR, XMAS);
    const first = t.reply(CHAIR, "!gremium zeigen weih");
    expect(first.body).toContain("• Fr 25.12.2026, 10:00–11:00 ⚠ Feiertag: 1. Weihnachtstag\n   Verlegen: !gremium verlegen weih 25.12.2026 auf=\"28.12.2026 10:00\" · Ausfallen lassen: !gremium aussetzen weih 25.12.2026");
    // The suggested slot taken by another meeting: the next suggestion is the day after.
    expect(t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="28.12.2026 10:00"').body).not.toContain("Feiertag");
    const show = t.reply(CHAIR, "!gremium zeigen weih");
    const [move] = suggested(show, "!gremium verlegen weih 25.12.2026");
    expect(move).toBe('!gremium verlegen weih 25.12.2026 auf="29.12.2026 10:00"');
    const moved = t.reply(CHAIR, move ?? "");
    expect(moved.body).toBe("Die Sitzung des Gremiums Weihnachtsrunde am Fr 25.12.2026, 10:00–11:00 ist verlegt auf Di 29.12.2026, 10:00–11:00. Tagesordnung und Erinnerungen folgen dem neuen Termin.");
  });

  it("on a day with several meetings names each one with its time, and each named command works", () => {
    const t = setup();
    t.reply(CHAIR, XMAS);
    t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="28.12.2026 10:00"');
    t.reply(CHAIR, '!gremium verlegen weih 27.11.2026 auf="28.12.2026 14:00"');
    const several = t.reply(CHAIR, "!gremium aussetzen weih 28.12.2026");
    expect(several.body).toBe(
      "An diesem Tag gibt es mehrere Sitzungen (10:00, 14:00). Bitte mit Uhrzeit angeben: !gremium aussetzen weih 28.12.2026 10:00 oder !gremium aussetzen weih 28.12.2026 14:00.",
    );
    const [, late] = suggested(several, "!gremium aussetzen");
    expect(t.reply(CHAIR, late ?? "").body).toContain("Die Sitzung des Gremiums Weihnachtsrunde am Mo 28.12.2026, 14:00–15:00 fällt aus.");
    const moves = suggested(t.reply(CHAIR, '!gremium verlegen weih 28.12.2026 auf="30.12.2026 10:00"'), "!gremium verlegen");
    expect(moves).toEqual([]); // one meeting left that day: found by the date alone
    expect(t.reply(CHAIR, "!gremium zeigen weih").body).toContain("• Mi 30.12.2026, 10:00–11:00 (verlegt, ursprünglich Fr 29.01.2027, 10:00)");
  });

  it("a meeting moved onto a time another one left is the one that time names", () => {
    const t = setup();
    t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
    t.reply(CHAIR, '!gremium verlegen verkehr 01.12.2026 auf="02.12.2026 14:00"');
    t.reply(CHAIR, '!gremium verlegen verkehr 08.12.2026 auf="01.12.2026 10:00"');
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 01.12.2026 10:00").body).toContain("Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 fällt aus.");
    expect(t.reply(CHAIR, "!gremium zeigen verkehr").body).toContain("• Mi 02.12.2026, 14:00–15:00 (verlegt, ursprünglich Di 01.12.2026, 10:00)");
  });
});

describe("holiday notes", () => {
  it("names the new date and its holiday when a move lands on one, and says nothing otherwise", () => {
    const t = setup();
    t.reply(CHAIR, XMAS);
    const r = t.reply(CHAIR, '!gremium verlegen weih 29.01.2027 auf="26.12.2026 10:00"');
    expect(r.body).toBe(
      "Die Sitzung des Gremiums Weihnachtsrunde am Fr 29.01.2027, 10:00–11:00 ist verlegt auf Sa 26.12.2026, 10:00–11:00. Tagesordnung und Erinnerungen folgen dem neuen Termin.\n⚠ Der neue Termin am Sa 26.12.2026 fällt auf einen Feiertag (2. Weihnachtstag).",
    );
    expect(t.reply(CHAIR, '!gremium verlegen weih 25.12.2026 auf="24.12.2026 10:00"').body).not.toContain("Feiertag");
  });
});

describe("!einsatz liste vergangen and the report", () => {
  it("lists only operations that are over: not a cancelled one still ahead, not one without an end in its first hour", () => {
    const t = setup();
    t.reply(CHAIR, '!einsatz planen Vorbei wann="25.11.2026 11:00" bis=12:00');
    t.reply(CHAIR, '!einsatz planen Abgesagt wann="30.11.2026 11:00" bis=12:00');
    t.reply(CHAIR, "!einsatz absagen OP-2 Wetter");
    t.reply(CHAIR, '!einsatz planen Offen wann="25.11.2026 12:30"');
    t.advance(Date.parse("2026-11-25T12:00:00Z") - t.clock.t); // 13:00 Berlin
    const past = t.reply(CHAIR, "!einsatz liste vergangen").body;
    expect(past).toContain("Vergangene Einsätze: 1");
    expect(past).toContain("OP-1");
    expect(past).not.toContain("OP-2");
    expect(past).not.toContain("OP-3");
    expect(t.reply(CHAIR, "!einsatz liste").body).toContain("OP-3");
    t.advance(31 * 60_000);
    expect(t.reply(CHAIR, "!einsatz liste vergangen").body).toContain("Vergangene Einsätze: 2");
    expect(t.reply(CHAIR, "!einsatz liste").body).not.toContain("OP-3");
  });

  it("refuses a report before the start, says from when, and stores nothing", () => {
    const t = setup();
    t.reply(CHAIR, '!einsatz planen Nachtstreife wann="28.11.2026 22:00" bis=23:00');
    expect(t.reply(BEN, "!einsatz bericht OP-1\nRuhig.").body).toBe("OP-1 hat noch nicht begonnen. Ein Bericht ist ab Beginn möglich (Sa 28.11., 22:00).");
    expect(t.count("SELECT COUNT(*) FROM operations WHERE state = 'planned' AND report IS NULL")).toBe(1);
    t.advance(Date.parse("2026-11-28T21:00:00Z") - t.clock.t);
    expect(t.reply(BEN, "!einsatz bericht OP-1\nRuhig.").body).toContain("OP-1");
    expect(t.count("SELECT COUNT(*) FROM operations WHERE state = 'done'")).toBe(1);
  });
});

describe("files as Matrix expects them", () => {
  it("the operations calendar answers its command: caption in body, name in filename, DTSTAMP in UTC, an hour for an open end", () => {
    const t = setup();
    t.reply(CHAIR, '!einsatz planen Offen wann="28.11.2026 22:00"');
    const [file, ...rest] = t.event({ type: "m.room.message", sender: CHAIR, event_id: "$ics-cmd", content: { msgtype: "m.text", body: "!einsatz kalender" } });
    expect(rest).toEqual([]);
    expect(file?.kind).toBe("upload");
    expect(file?.replyTo).toBe("$ics-cmd");
    expect(file?.content["filename"]).toBe("einsaetze.ics");
    expect(file?.body).toBe("Kalenderdatei mit 1 Einsatz. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.");
    expect(file?.content["format"]).toBe("org.matrix.custom.html");
    expect(file?.content).not.toHaveProperty("caption");
    const ics = file?.file?.toString("utf8") ?? "";
    expect([...ics.matchAll(/^DTSTAMP:(.*)$/gm)].map((m) => m[1]?.trim())).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z$/)]);
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20261128T220000");
    expect(ics).toContain("DTEND;TZID=Europe/Berlin:20261128T230000");
  });

  it("the committee calendar too", () => {
    const t = setup();
    t.reply(CHAIR, XMAS);
    const [file] = t.event({ type: "m.room.message", sender: BEN, event_id: "$cm-ics", content: { msgtype: "m.text", body: "!gremium kalender weih" } });
    expect(file?.replyTo).toBe("$cm-ics");
    expect(file?.content["filename"]).toBe("sitzungen-weih.ics");
    expect(file?.body).toBe("Kalenderdatei der Sitzungen von Weihnachtsrunde. Erneut importieren aktualisiert die Termine, statt sie zu verdoppeln.");
    const stamps = [...(file?.file?.toString("utf8") ?? "").matchAll(/^DTSTAMP:(.*)$/gm)].map((m) => m[1]?.trim());
    expect(stamps.length).toBeGreaterThan(0);
    expect(stamps.every((s) => /^\d{8}T\d{6}Z$/.test(s ?? ""))).toBe(true);
  });
});
