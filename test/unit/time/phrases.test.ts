// Dates the way people write them ("morgen früh", "Heiligabend", "nächsten Freitag"), with a fixed
// clock: Wednesday 2 December 2026, 10:00 in Berlin, unless a test says otherwise.
import { describe, expect, it } from "vitest";
import { parseDate, parseDateTime } from "../../../src/time/parse.ts";
import type { ReadingNote, TimeEnv } from "../../../src/time/parse.ts";
import { formatReadingNote } from "../../../src/time/format.ts";
import { feastDate } from "../../../src/time/holidays.ts";

const env = (now: string, notes: ReadingNote[] = []): TimeEnv => ({ zone: "Europe/Berlin", now: new Date(now), lang: "de", note: (n) => notes.push(n) });
const WED = "2026-12-02T09:00:00Z";

/** The instant as Berlin wall time ("2026-12-03 08:00"), or the error kind. */
function wall(input: string, now = WED): string {
  const r = parseDateTime(input, env(now));
  if (!r.ok) return r.error.kind;
  return r.value.toLocaleString("sv-SE", { timeZone: "Europe/Berlin" }).slice(0, 16);
}
const day = (input: string, now = WED): string => {
  const r = parseDate(input, env(now));
  return r.ok ? r.value : r.error.kind;
};

describe("parts of the day", () => {
  it.each([
    ["morgen früh", "2026-12-03 08:00"],
    ["Morgen früh", "2026-12-03 08:00"],
    ["morgen früh 7", "2026-12-03 07:00"],
    ["morgen früh um 7:30", "2026-12-03 07:30"],
    ["morgen früh um 7 Uhr", "2026-12-03 07:00"],
    ["morgen 7 Uhr früh", "2026-12-03 07:00"],
    ["morgens 6:45", "2026-12-03 06:45"],
    ["übermorgen früh", "2026-12-04 08:00"],
    ["Freitag früh", "2026-12-04 08:00"],
    ["morgen Vormittag", "2026-12-03 10:00"],
    ["Mittag", "2026-12-02 12:00"],
    ["morgen Mittag", "2026-12-03 12:00"],
    ["morgen mittags um 1", "2026-12-03 13:00"],
    ["morgen Nachmittag", "2026-12-03 15:00"],
    ["heute Abend", "2026-12-02 19:00"],
    ["heute Abend 20 Uhr", "2026-12-02 20:00"],
    ["heute abends um 8", "2026-12-02 20:00"],
    ["morgen Abend um 21:30", "2026-12-03 21:30"],
    ["übermorgen 10:00", "2026-12-04 10:00"],
    ["tomorrow morning", "2026-12-03 08:00"],
    ["tomorrow evening 8", "2026-12-03 20:00"],
    ["tonight", "2026-12-02 19:00"],
    ["this afternoon", "2026-12-02 15:00"],
    // A date without its last dot is a date, not hour.minute; "." between hour and minute needs "Uhr".
    ["20.12 abends", "2026-12-20 19:00"],
    ["am 20.12 abends", "2026-12-20 19:00"],
    ["5.12 früh", "2026-12-05 08:00"],
    ["3.10 nachmittags", "2027-10-03 15:00"],
    ["morgen 7.30 Uhr abends", "2026-12-03 19:30"],
  ])("reads %j on Wednesday 02.12.2026 10:00 as %s", (input, expected) => {
    expect(wall(input)).toBe(expected);
  });

  it("takes a bare part of the day as the next one ahead", () => {
    // 13:00 in Berlin: today's noon has passed.
    expect(wall("Mittag", "2026-12-02T12:00:00Z")).toBe("2026-12-03 12:00");
  });

  it("reads a part of the day as its day where only a date is asked for", () => {
    expect(day("heute Abend")).toBe("2026-12-02");
    expect(day("morgen früh")).toBe("2026-12-03");
    expect(day("übermorgen")).toBe("2026-12-04");
    expect(day("morgen früh 7")).toBe("unparseable");
  });

  it("refuses a time that is no time of day", () => {
    expect(wall("morgen früh 25")).toBe("unparseable");
    expect(wall("heute Abend um 8:75")).toBe("unparseable");
  });
});

describe("named days", () => {
  it.each([
    ["Heiligabend 18:00", "2026-12-24 18:00"],
    ["am Heiligabend um 18 Uhr", "2026-12-24 18:00"],
    ["Silvester 20 Uhr", "2026-12-31 20:00"],
    ["Neujahr 10:00", "2027-01-01 10:00"],
    ["1. Weihnachtstag 10 Uhr", "2026-12-25 10:00"],
    ["2. Weihnachtsfeiertag 10 Uhr", "2026-12-26 10:00"],
    ["zweiter Weihnachtstag 10 Uhr", "2026-12-26 10:00"],
    ["Ostersonntag 10 Uhr", "2027-03-28 10:00"],
    ["Ostermontag 9:00", "2027-03-29 09:00"],
    ["Karfreitag 9:00", "2027-03-26 09:00"],
    ["Pfingstmontag 9:00", "2027-05-17 09:00"],
    ["Tag der Deutschen Einheit 11:00", "2027-10-03 11:00"],
    ["Silvester 2027 20 Uhr", "2027-12-31 20:00"],
    ["Heiligabend früh", "2026-12-24 08:00"],
    ["christmas eve 6pm", "2026-12-24 18:00"],
    ["easter monday 9am", "2027-03-29 09:00"],
    ["new year's eve 8pm", "2026-12-31 20:00"],
  ])("reads %j on Wednesday 02.12.2026 as %s", (input, expected) => {
    expect(wall(input)).toBe(expected);
  });

  it("asks for the time when only the day is named, and gives the day where a date is asked for", () => {
    expect(wall("Heiligabend")).toBe("dateOnly");
    expect(day("Heiligabend")).toBe("2026-12-24");
    expect(day("Silvester")).toBe("2026-12-31");
  });

  it("takes the next occurrence across the year boundary, today included", () => {
    const dec31 = "2026-12-31T12:00:00Z";
    const jan1 = "2027-01-01T12:00:00Z";
    expect(wall("Silvester 20 Uhr", dec31)).toBe("2026-12-31 20:00");
    expect(wall("Neujahr 10:00", dec31)).toBe("2027-01-01 10:00");
    expect(day("Neujahr", jan1)).toBe("2027-01-01");
    expect(wall("Silvester 20 Uhr", jan1)).toBe("2027-12-31 20:00");
    expect(wall("Heiligabend 18:00", jan1)).toBe("2027-12-24 18:00");
    // Easter 2027 has passed on 1 May 2027: Easter 2028 is 16 April.
    expect(day("Ostersonntag", "2027-05-01T10:00:00Z")).toBe("2028-04-16");
  });

  it("knows the moveable feasts from feiertagejs", () => {
    expect(feastDate("OSTERSONNTAG", 2026)).toBe("2026-04-05");
    expect(feastDate("CHRISTIHIMMELFAHRT", 2026)).toBe("2026-05-14");
    expect(feastDate("OSTERSONNTAG", 1200)).toBeNull();
  });
});

describe("nächsten Freitag: the Friday of next week", () => {
  it("reads it as next week's Friday on a Wednesday, and notes the other reading", () => {
    const notes: ReadingNote[] = [];
    const r = parseDateTime("nächsten Freitag 20 Uhr", env(WED, notes));
    expect(r.ok && r.value.toISOString()).toBe("2026-12-11T19:00:00.000Z");
    expect(notes.map((n) => formatReadingNote(n, "de"))).toEqual([
      "Hinweis: „nächsten Freitag“ wurde als Fr 11.12. gelesen. Für Fr 04.12. schreiben Sie „diesen Freitag“ oder das Datum.",
    ]);
    expect(notes.map((n) => formatReadingNote(n, "en"))).toEqual([
      'Note: "nächsten Freitag" read as Fri 11 Dec. For Fri 04 Dec, write "diesen Freitag" or the date.',
    ]);
  });

  it.each([
    ["diesen Freitag 20 Uhr", "2026-12-04 20:00"],
    ["kommenden Freitag 20 Uhr", "2026-12-04 20:00"],
    ["Freitag 20 Uhr", "2026-12-04 20:00"],
    ["am nächsten Fr. 20 Uhr", "2026-12-11 20:00"],
    ["nächsten Freitag abends", "2026-12-11 19:00"],
    ["next friday 8pm", "2026-12-11 20:00"],
    ["this friday 8pm", "2026-12-04 20:00"],
    ["nächsten Mittwoch 9 Uhr", "2026-12-09 09:00"],
    ["nächsten Montag 9 Uhr", "2026-12-07 09:00"],
  ])("reads %j on Wednesday 02.12.2026 as %s", (input, expected) => {
    expect(wall(input)).toBe(expected);
  });

  it("keeps the same reading on every day of the week, and notes only when the coming one differs", () => {
    const read = (now: string) => {
      const notes: ReadingNote[] = [];
      const r = parseDateTime("nächsten Freitag 20 Uhr", env(now, notes));
      return `${r.ok ? r.value.toISOString().slice(0, 10) : "error"} ${notes.length}`;
    };
    expect(read("2026-11-30T09:00:00Z")).toBe("2026-12-11 1"); // Monday
    expect(read("2026-12-04T09:00:00Z")).toBe("2026-12-11 0"); // Friday: today is no other reading
    expect(read("2026-12-05T09:00:00Z")).toBe("2026-12-11 0"); // Saturday: the coming Friday is the same
    expect(read("2026-12-06T09:00:00Z")).toBe("2026-12-11 0"); // Sunday
  });

  it("notes the reading of a due date too, with the English word for the English phrase", () => {
    const notes: ReadingNote[] = [];
    expect(parseDate("next friday", env(WED, notes))).toEqual({ ok: true, value: "2026-12-11" });
    expect(notes.map((n) => formatReadingNote(n, "en"))).toEqual(['Note: "next friday" read as Fri 11 Dec. For Fri 04 Dec, write "this friday" or the date.']);
  });

  it("says nothing for a plain weekday or date", () => {
    const notes: ReadingNote[] = [];
    parseDateTime("Freitag 20 Uhr", env(WED, notes));
    parseDateTime("11.12. 20 Uhr", env(WED, notes));
    expect(notes).toEqual([]);
  });
});
