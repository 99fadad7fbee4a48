// Reading dates the way staff type them, with a fixed clock in Europe/Berlin.
import { describe, expect, it } from "vitest";
import { parseDate, parseDateTime, parseEndTime, readEndTime } from "../../../src/time/parse.ts";
import type { TimeEnv } from "../../../src/time/parse.ts";

const env = (now: string, lang: "de" | "en" = "de"): TimeEnv => ({ zone: "Europe/Berlin", now: new Date(now), lang });
// Wednesday 25.11.2026, 10:00 in Berlin.
const WED = env("2026-11-25T09:00:00Z");

function instant(input: string, e: TimeEnv = WED): string {
  const r = parseDateTime(input, e);
  if (!r.ok) throw new Error(`${input}: ${JSON.stringify(r.error)}`);
  return r.value.toISOString();
}
const errorKind = (input: string, e: TimeEnv = WED) => {
  const r = parseDateTime(input, e);
  return r.ok ? `ok ${r.value.toISOString()}` : r.error.kind;
};

describe("parseDateTime: absolute forms", () => {
  it.each([
    ["2026-12-05 20:00", "2026-12-05T19:00:00.000Z"],
    ["2026-12-05T20:00", "2026-12-05T19:00:00.000Z"],
    ["05.12.2026 20:00", "2026-12-05T19:00:00.000Z"],
    ["5.12.2026 20 Uhr", "2026-12-05T19:00:00.000Z"],
    ["05.12.26 20:00", "2026-12-05T19:00:00.000Z"],
    ["05.12. 20:00", "2026-12-05T19:00:00.000Z"],
    ["5.12. 20 Uhr", "2026-12-05T19:00:00.000Z"],
    ["05.12.2026, 20:30 Uhr", "2026-12-05T19:30:00.000Z"],
    ["05.12.2026 20.30 Uhr", "2026-12-05T19:30:00.000Z"],
    ["am 05.12. um 20 Uhr", "2026-12-05T19:00:00.000Z"],
    ["Do., 26.11.2026, 20:00", "2026-11-26T19:00:00.000Z"],
    ["So 25.10.2026 02:30 (+01:00)", "2026-10-25T01:30:00.000Z"],
    ["2026-07-01 08:15", "2026-07-01T06:15:00.000Z"],
    ["  2026-12-05   20:00  ", "2026-12-05T19:00:00.000Z"],
  ])("reads %j", (input, expected) => {
    expect(instant(input)).toBe(expected);
  });

  it("puts a date without a year on its next occurrence, today included", () => {
    const dec20 = env("2026-12-20T09:00:00Z");
    expect(instant("05.12. 20:00", dec20)).toBe("2027-12-05T19:00:00.000Z");
    expect(instant("03.01. 10:00", dec20)).toBe("2027-01-03T09:00:00.000Z");
    expect(instant("20.12. 18:00", dec20)).toBe("2026-12-20T17:00:00.000Z");
    expect(instant("31.12. 23:59", dec20)).toBe("2026-12-31T22:59:00.000Z");
  });
});

describe("parseDateTime: relative forms", () => {
  it.each([
    ["morgen 20:00", "2026-11-26T19:00:00.000Z"],
    ["MORGEN 20:00", "2026-11-26T19:00:00.000Z"],
    ["übermorgen 8:30", "2026-11-27T07:30:00.000Z"],
    ["heute 18 Uhr", "2026-11-25T17:00:00.000Z"],
    ["Fr 20 Uhr", "2026-11-27T19:00:00.000Z"],
    ["Fr. 20 Uhr", "2026-11-27T19:00:00.000Z"],
    ["Freitag 20 Uhr", "2026-11-27T19:00:00.000Z"],
    ["am Freitag um 20 Uhr", "2026-11-27T19:00:00.000Z"],
    ["Mo 9 Uhr", "2026-11-30T08:00:00.000Z"],
    ["Di 9 Uhr", "2026-12-01T08:00:00.000Z"],
    ["Do 9 Uhr", "2026-11-26T08:00:00.000Z"],
    ["Sa 9 Uhr", "2026-11-28T08:00:00.000Z"],
    ["So 9 Uhr", "2026-11-29T08:00:00.000Z"],
    ["in 2 Tagen 10:00", "2026-11-27T09:00:00.000Z"],
    ["in 3 Stunden", "2026-11-25T12:00:00.000Z"],
    ["nächsten Montag 9 Uhr", "2026-11-30T08:00:00.000Z"],
    ["tomorrow 8pm", "2026-11-26T19:00:00.000Z"],
    ["Tomorrow 8PM", "2026-11-26T19:00:00.000Z"],
    ["friday 20:00", "2026-11-27T19:00:00.000Z"],
    ["in 2 days 10:00", "2026-11-27T09:00:00.000Z"],
    ["next monday 9am", "2026-11-30T08:00:00.000Z"],
    ["in 3 hours", "2026-11-25T12:00:00.000Z"],
  ])("reads %j on Wednesday 25.11.2026 10:00", (input, expected) => {
    expect(instant(input)).toBe(expected);
  });

  it("reads both languages whatever the configured one", () => {
    const en = env("2026-11-25T09:00:00Z", "en");
    expect(instant("morgen 20:00", en)).toBe("2026-11-26T19:00:00.000Z");
    expect(instant("tomorrow 8pm", en)).toBe("2026-11-26T19:00:00.000Z");
  });

  it("takes today's weekday only while its time is still ahead", () => {
    expect(instant("Mi 20 Uhr")).toBe("2026-11-25T19:00:00.000Z");
    expect(instant("Mi 10 Uhr")).toBe("2026-12-02T09:00:00.000Z"); // exactly now: not ahead
    expect(instant("Mittwoch 8 Uhr")).toBe("2026-12-02T07:00:00.000Z");
    expect(instant("wednesday 11:00")).toBe("2026-11-25T10:00:00.000Z");
  });

  it("takes a bare time today if still ahead, else tomorrow", () => {
    expect(instant("20:00")).toBe("2026-11-25T19:00:00.000Z");
    expect(instant("9:00")).toBe("2026-11-26T08:00:00.000Z");
    expect(instant("10:00")).toBe("2026-11-26T09:00:00.000Z");
  });

  it("rolls over the year for relative days", () => {
    const dec31 = env("2026-12-31T12:00:00Z");
    expect(instant("morgen 10:00", dec31)).toBe("2027-01-01T09:00:00.000Z");
    expect(instant("in 2 Tagen 10:00", dec31)).toBe("2027-01-02T09:00:00.000Z");
  });
});

describe("parseDateTime across a DST change", () => {
  it("keeps the wall time for calendar days", () => {
    expect(instant("morgen 20:00", env("2026-10-24T10:00:00Z"))).toBe("2026-10-25T19:00:00.000Z");
    expect(instant("tomorrow 8pm", env("2026-03-28T10:00:00Z"))).toBe("2026-03-29T18:00:00.000Z");
    expect(instant("in 2 Tagen 10:00", env("2027-10-30T10:00:00Z"))).toBe("2027-11-01T09:00:00.000Z");
    expect(instant("So 12 Uhr", env("2028-03-22T10:00:00Z"))).toBe("2028-03-26T10:00:00.000Z");
  });

  it("counts hours as elapsed time", () => {
    // 02:30 CEST on fall-back day; three real hours later it is 04:30 CET.
    expect(instant("in 3 Stunden", env("2026-10-25T00:30:00Z"))).toBe("2026-10-25T03:30:00.000Z");
    expect(instant("in 2 hours", env("2026-03-29T00:30:00Z"))).toBe("2026-03-29T02:30:00.000Z");
  });

  it("asks about a wall time that does not exist or happens twice", () => {
    const before = env("2026-03-20T10:00:00Z");
    expect(parseDateTime("29.03.2026 02:30", before)).toEqual({
      ok: false,
      error: { kind: "nonexistent", input: "29.03.2026 02:30", readings: [new Date("2026-03-29T01:30:00Z"), new Date("2026-03-29T00:30:00Z")] },
    });
    expect(parseDateTime("2026-10-25 02:30", before)).toEqual({
      ok: false,
      error: { kind: "ambiguous", input: "2026-10-25 02:30", readings: [new Date("2026-10-25T00:30:00Z"), new Date("2026-10-25T01:30:00Z")] },
    });
    expect(errorKind("morgen 02:30", env("2027-03-27T10:00:00Z"))).toBe("nonexistent");
    expect(errorKind("So 2:00", env("2028-10-26T10:00:00Z"))).toBe("ambiguous");
    expect(errorKind("31.10. 02:59", env("2027-10-01T10:00:00Z"))).toBe("ambiguous");
    expect(errorKind("26.03.2028 02:00", before)).toBe("nonexistent");
  });

  it("reads the minutes just outside the change normally", () => {
    expect(instant("29.03.2026 01:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(instant("29.03.2026 03:00")).toBe("2026-03-29T01:00:00.000Z");
    expect(instant("25.10.2026 01:59")).toBe("2026-10-24T23:59:00.000Z");
    expect(instant("25.10.2026 03:00")).toBe("2026-10-25T02:00:00.000Z");
  });

  it("accepts an explicit offset instead", () => {
    expect(instant("2026-10-25 02:30+01:00")).toBe("2026-10-25T01:30:00.000Z");
    expect(instant("2026-10-25 02:30+02:00")).toBe("2026-10-25T00:30:00.000Z");
    expect(instant("2026-10-25 02:30+0100")).toBe("2026-10-25T01:30:00.000Z");
    expect(instant("2026-10-25T02:30Z")).toBe("2026-10-25T02:30:00.000Z");
    expect(instant("2026-03-29 02:30+01:00")).toBe("2026-03-29T01:30:00.000Z");
    expect(instant("25.10.2026 02:30 MEZ")).toBe("2026-10-25T01:30:00.000Z");
    expect(instant("25.10.2026 02:30 MESZ")).toBe("2026-10-25T00:30:00.000Z");
    expect(instant("2026-10-25 02:30 CET")).toBe("2026-10-25T01:30:00.000Z");
  });
});

describe("parseDateTime rejects", () => {
  it.each(["morgen 20:00 Bahnhof", "Bahnhof morgen 20:00", "xyz", "", "   ", "20:00 20:00 20:00 x", "morgen 20:00 bis 23:00", "Dezember 2026 20 Uhr", "2026-12-05 20:00 extra"])(
    "%j as not a date",
    (input) => {
      expect(errorKind(input)).toBe("unparseable");
    },
  );

  it.each(["25:00", "2026-12-05 24:00", "2026-12-05 20:60", "31.02.2026 20:00", "2026-02-31 20:00", "30.02. 10:00", "32.01.2027 10:00", "00.01.2027 10:00", "05.13.2026 10:00", "2026-02-29 10:00"])(
    "%j instead of rolling it over",
    (input) => {
      expect(errorKind(input)).toBe("unparseable");
    },
  );

  it("accepts a leap day that exists", () => {
    expect(instant("29.02.2028 10:00")).toBe("2028-02-29T09:00:00.000Z");
  });

  it.each(["morgen", "tomorrow", "Fr", "Freitag", "05.12.2026", "2026-12-05", "in 2 Tagen"])("%j as a date without a time", (input) => {
    expect(errorKind(input)).toBe("dateOnly");
  });

  it("rejects very long input without trying", () => {
    expect(errorKind(`morgen ${"20:00 ".repeat(40)}`)).toBe("unparseable");
    expect(errorKind("1".repeat(100_000))).toBe("unparseable");
  });
});

describe("parseEndTime", () => {
  const start = new Date("2026-12-05T19:00:00Z"); // Sa 05.12.2026 20:00

  it.each([
    ["23:00", "2026-12-05T22:00:00.000Z"],
    ["23 Uhr", "2026-12-05T22:00:00.000Z"],
    ["11pm", "2026-12-05T22:00:00.000Z"],
    ["20:30", "2026-12-05T19:30:00.000Z"],
  ])("reads %j on the start's day", (input, expected) => {
    const r = parseEndTime(input, start, WED);
    expect(r.ok && r.value.toISOString()).toBe(expected);
  });

  it("keeps a time equal to the start on the start's day, for the caller to refuse", () => {
    const r = parseEndTime("20:00", start, WED);
    expect(r.ok && r.value.toISOString()).toBe("2026-12-05T19:00:00.000Z");
  });

  it("takes a full date-time as it is", () => {
    const r = parseEndTime("06.12.2026 04:00", start, WED);
    expect(r.ok && r.value.toISOString()).toBe("2026-12-06T03:00:00.000Z");
  });

  it("uses the start's day, not today's, and checks DST there", () => {
    const night = new Date("2026-10-24T23:00:00Z"); // So 25.10.2026 01:00 CEST
    expect(parseEndTime("02:30", night, WED)).toMatchObject({ ok: false, error: { kind: "ambiguous" } });
    const r = parseEndTime("04:00", night, WED);
    expect(r.ok && r.value.toISOString()).toBe("2026-10-25T03:00:00.000Z");
    const spring = new Date("2026-03-28T23:30:00Z"); // So 29.03.2026 00:30 CET
    expect(parseEndTime("02:15", spring, WED)).toMatchObject({ ok: false, error: { kind: "nonexistent" } });
  });

  it("rejects garbage", () => {
    expect(parseEndTime("23:00 Uhr abends am Bahnhof", start, WED)).toMatchObject({ ok: false, error: { kind: "unparseable" } });
  });
});

describe("readEndTime: night shifts, 24 Uhr and Mitternacht", () => {
  const friday22 = new Date("2026-12-11T21:00:00Z"); // Fr 11.12.2026 22:00 CET
  const end = (input: string, from: Date = friday22, e: TimeEnv = WED) => {
    const r = readEndTime(input, from, e);
    return r.ok ? `${r.value.at.toISOString()}${r.value.nextDay ? " next day" : ""}` : r.error.kind;
  };

  it.each([
    ["02:00", "2026-12-12T01:00:00.000Z next day"],
    ["2 Uhr", "2026-12-12T01:00:00.000Z next day"],
    ["2am", "2026-12-12T01:00:00.000Z next day"],
    ["00:30", "2026-12-11T23:30:00.000Z next day"],
    ["21:59", "2026-12-12T20:59:00.000Z next day"],
    ["23:30", "2026-12-11T22:30:00.000Z"],
  ])("reads %j after a 22:00 start as %s", (input, expected) => {
    expect(end(input)).toBe(expected);
  });

  it("leaves an end at the very start time on the start's day (the caller refuses it), and compares seconds", () => {
    expect(end("22:00")).toBe("2026-12-11T21:00:00.000Z");
    expect(end("22:00", new Date("2026-12-11T21:00:30Z"))).toBe("2026-12-12T21:00:00.000Z next day");
  });

  it.each(["24 Uhr", "24:00", "24.00 Uhr", "24", "Mitternacht", "mitternacht", "midnight"])("reads %j as the end of the start's day", (input) => {
    expect(end(input)).toBe("2026-12-11T23:00:00.000Z");
  });

  it("reads 24 Uhr after a date as the end of that date, and a dated end as written", () => {
    expect(end("12.12. 24:00")).toBe("2026-12-12T23:00:00.000Z");
    expect(end("Sa Mitternacht")).toBe("2026-11-28T23:00:00.000Z");
    expect(end("11.12.2026 21:00")).toBe("2026-12-11T20:00:00.000Z");
    expect(end("irgendwann 24 Uhr")).toBe("unparseable");
  });

  it("counts the night of the autumn change on the calendar: 22:00 to 04:00 is seven hours", () => {
    const sat22 = new Date("2026-10-24T20:00:00Z"); // Sa 24.10.2026 22:00 CEST
    expect(end("04:00", sat22)).toBe("2026-10-25T03:00:00.000Z next day");
    expect(end("01:30", sat22)).toBe("2026-10-24T23:30:00.000Z next day");
    expect(end("Mitternacht", sat22)).toBe("2026-10-24T22:00:00.000Z");
    // 02:30 happens twice that night: both readings are named, on the next day.
    const twice = readEndTime("02:30", sat22, WED);
    expect(twice).toMatchObject({ ok: false, error: { kind: "ambiguous" } });
    if (!twice.ok && twice.error.kind === "ambiguous") expect(twice.error.readings.map((d) => d.toISOString())).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]);
  });

  it("counts the night of the spring change on the calendar: 22:00 to 03:00 is four hours, 02:30 does not exist", () => {
    const sat22 = new Date("2026-03-28T21:00:00Z"); // Sa 28.03.2026 22:00 CET
    expect(end("03:00", sat22)).toBe("2026-03-29T01:00:00.000Z next day");
    expect(end("02:30", sat22)).toBe("nonexistent");
    expect(end("01:59", sat22)).toBe("2026-03-29T00:59:00.000Z next day");
  });
});

describe("parseDate", () => {
  const FRI = env("2026-11-27T15:00:00Z"); // Friday afternoon

  it.each([
    ["2026-12-10", "2026-12-10"],
    ["10.12.2026", "2026-12-10"],
    ["10.12.26", "2026-12-10"],
    ["10.12.", "2026-12-10"],
    ["03.01.", "2027-01-03"],
    ["27.11.", "2026-11-27"],
    ["heute", "2026-11-27"],
    ["morgen", "2026-11-28"],
    ["übermorgen", "2026-11-29"],
    ["tomorrow", "2026-11-28"],
    ["Fr", "2026-11-27"],
    ["Freitag", "2026-11-27"],
    ["friday", "2026-11-27"],
    ["Mo", "2026-11-30"],
    ["nächsten Freitag", "2026-12-04"],
    ["next friday", "2026-12-04"],
    ["in 2 Tagen", "2026-11-29"],
    ["in 2 Wochen", "2026-12-11"],
  ])("reads %j on Friday 27.11.2026", (input, expected) => {
    expect(parseDate(input, FRI)).toEqual({ ok: true, value: expected });
  });

  it("uses the zone's calendar day, not UTC's", () => {
    // 23:30 UTC on the 27th is already the 28th in Berlin.
    expect(parseDate("heute", env("2026-11-27T23:30:00Z"))).toEqual({ ok: true, value: "2026-11-28" });
  });

  it.each(["31.02.2026", "2026-02-31", "morgen Bahnhof", "Fr 20 Uhr", "20:00", "in 3 Stunden", "xyz", "Dezember"])("rejects %j", (input) => {
    expect(parseDate(input, FRI)).toEqual({ ok: false, error: { kind: "unparseable", input, expects: "date" } });
  });
});

describe("parseDate with prefer past (the bounds of a period gone by)", () => {
  // Thursday 10.12.2026, 15:00 in Berlin.
  const THU = env("2026-12-10T14:00:00Z");
  it.each([
    ["1.12.", "2026-12-01"], // not 01.12.2027
    ["24.12.", "2025-12-24"], // after today: last year's
    ["10.12.", "2026-12-10"], // today is today
    ["1. Dezember", "2026-12-01"],
    ["Montag", "2026-12-07"], // not Mon 14.12.
    ["Mo", "2026-12-07"],
    ["Donnerstag", "2026-12-10"], // today
    ["Freitag", "2026-12-04"],
    ["friday", "2026-12-04"],
    ["gestern", "2026-12-09"],
    ["heute", "2026-12-10"],
    ["01.12.2027", "2027-12-01"], // a written year stands
  ])("reads %j on Thursday 10.12.2026 as %s", (input, expected) => {
    expect(parseDate(input, THU, { prefer: "past" })).toEqual({ ok: true, value: expected });
  });
  it("leaves due dates leaning ahead", () => {
    expect(parseDate("1.12.", THU)).toEqual({ ok: true, value: "2027-12-01" });
    expect(parseDate("Montag", THU)).toEqual({ ok: true, value: "2026-12-14" });
  });
});
