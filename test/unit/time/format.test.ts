// What a person reads back: dates, ranges and the DST questions, in German and English.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateError, formatDateTime, formatRange, formatTime } from "../../../src/time/format.ts";
import { parseDateTime } from "../../../src/time/parse.ts";
import type { DateError } from "../../../src/time/types.ts";

const Z = "Europe/Berlin";
const SAT_EVENING = new Date("2026-12-05T19:00:00Z"); // Sa 05.12.2026 20:00 CET

describe("formatDateTime / formatDate / formatTime", () => {
  it("echoes a date as a German official writes it", () => {
    expect(formatDateTime(SAT_EVENING, Z, "de")).toBe("Sa 05.12.2026, 20:00");
    expect(formatDateTime(new Date("2026-12-04T19:00:00Z"), Z, "de")).toBe("Fr 04.12.2026, 20:00");
    expect(formatDate(SAT_EVENING, Z, "de")).toBe("Sa 05.12.2026");
    expect(formatTime(SAT_EVENING, Z)).toBe("20:00");
  });

  it("writes English dates day first with a month name", () => {
    expect(formatDateTime(SAT_EVENING, Z, "en")).toBe("Sat 05 Dec 2026, 20:00");
    expect(formatDate(new Date("2027-01-03T09:00:00Z"), Z, "en")).toBe("Sun 03 Jan 2027");
  });

  it("shows the zone's day and time, not UTC's", () => {
    const lateUtc = new Date("2026-07-31T23:30:00Z"); // 01:30 CEST on 1 August
    expect(formatDateTime(lateUtc, Z, "de")).toBe("Sa 01.08.2026, 01:30");
    expect(formatDateTime(lateUtc, "UTC", "de")).toBe("Fr 31.07.2026, 23:30");
  });

  it("formats a stored calendar date without shifting it", () => {
    expect(formatDate("2026-12-10", Z, "de")).toBe("Do 10.12.2026");
    expect(formatDate("2026-12-10", "Pacific/Kiritimati", "en")).toBe("Thu 10 Dec 2026");
  });

  it("adds the offset when the wall time happens twice", () => {
    expect(formatDateTime(new Date("2026-10-25T00:30:00Z"), Z, "de")).toBe("So 25.10.2026, 02:30 (+02:00)");
    expect(formatDateTime(new Date("2026-10-25T01:30:00Z"), Z, "de")).toBe("So 25.10.2026, 02:30 (+01:00)");
    expect(formatDateTime(new Date("2026-10-25T02:30:00Z"), Z, "de")).toBe("So 25.10.2026, 03:30");
  });

  it("round-trips what it echoes", () => {
    const r = parseDateTime("Sa 05.12.2026, 20:00", { zone: Z, now: new Date("2026-11-25T09:00:00Z"), lang: "de" });
    expect(r).toEqual({ ok: true, value: SAT_EVENING });
  });
});

describe("formatRange", () => {
  it("writes a same-day range with an en dash", () => {
    expect(formatRange(SAT_EVENING, new Date("2026-12-05T22:00:00Z"), Z, "de")).toBe("Sa 05.12.2026, 20:00–23:00");
    expect(formatRange(SAT_EVENING, new Date("2026-12-05T22:00:00Z"), Z, "en")).toBe("Sat 05 Dec 2026, 20:00–23:00");
  });

  it("writes both ends in full across midnight", () => {
    expect(formatRange(SAT_EVENING, new Date("2026-12-06T01:00:00Z"), Z, "de")).toBe("Sa 05.12.2026, 20:00 – So 06.12.2026, 02:00");
  });

  it("writes only the start when there is no end", () => {
    expect(formatRange(SAT_EVENING, null, Z, "de")).toBe("Sa 05.12.2026, 20:00");
  });
});

describe("formatDateError", () => {
  const gap: Extract<DateError, { kind: "nonexistent" }> = { kind: "nonexistent", input: "29.03.2026 02:30", readings: [new Date("2026-03-29T01:30:00Z"), new Date("2026-03-29T00:30:00Z")] };
  const overlap: Extract<DateError, { kind: "ambiguous" }> = { kind: "ambiguous", input: "25.10.2026 02:30", readings: [new Date("2026-10-25T00:30:00Z"), new Date("2026-10-25T01:30:00Z")] };

  it("names both readings of a skipped time, with zone names and offsets", () => {
    expect(formatDateError(gap, Z, "de")).toBe(
      "„29.03.2026 02:30“ gibt es in Europe/Berlin nicht (Zeitumstellung, die Uhr springt vor). Meinten Sie 03:30 MESZ (+02:00) oder 01:30 MEZ (+01:00)? Bitte die Zeit mit UTC-Versatz angeben, z. B. 2026-03-29 03:30+02:00.",
    );
    expect(formatDateError(gap, Z, "en")).toBe(
      '"29.03.2026 02:30" does not exist in Europe/Berlin (clocks spring forward). Did you mean 03:30 CEST (+02:00) or 01:30 CET (+01:00)? Please give the time with its UTC offset, e.g. 2026-03-29 03:30+02:00.',
    );
  });

  it("names both readings of a doubled time", () => {
    expect(formatDateError(overlap, Z, "de")).toBe(
      "„25.10.2026 02:30“ gibt es in Europe/Berlin zweimal (Zeitumstellung, die Uhr wird zurückgestellt): 02:30 MESZ (+02:00) oder 02:30 MEZ (+01:00). Bitte die Zeit mit UTC-Versatz angeben, z. B. 2026-10-25 02:30+01:00.",
    );
    expect(formatDateError(overlap, Z, "en")).toBe(
      '"25.10.2026 02:30" happens twice in Europe/Berlin (clocks fall back): 02:30 CEST (+02:00) or 02:30 CET (+01:00). Please give the time with its UTC offset, e.g. 2026-10-25 02:30+01:00.',
    );
  });

  it("suggests a form with offset that parses back to one of the readings", () => {
    const env = { zone: Z, now: new Date("2026-03-01T00:00:00Z"), lang: "de" as const };
    for (const [e, readings] of [[gap, gap.readings], [overlap, overlap.readings]] as const) {
      const example = /z\. B\. (\S+ \S+)\.$/.exec(formatDateError(e, Z, "de"))?.[1] ?? "";
      const back = parseDateTime(example, env);
      expect(back.ok ? readings.map((r) => r.getTime()) : []).toContain(back.ok ? back.value.getTime() : NaN);
    }
  });

  it("leaves out zone names that only repeat the offset", () => {
    const ny: DateError = { kind: "nonexistent", input: "2026-03-08 02:30", readings: [new Date("2026-03-08T07:30:00Z"), new Date("2026-03-08T06:30:00Z")] };
    expect(formatDateError(ny, "America/New_York", "de")).toContain("Meinten Sie 03:30 (-04:00) oder 01:30 (-05:00)?");
  });

  it("shows examples for something that is not a date", () => {
    expect(formatDateError({ kind: "unparseable", input: "xyz" }, Z, "de")).toBe(
      "„xyz“ ist kein Datum mit Uhrzeit. Beispiele: 05.12.2026 20:00, 05.12. 20:00, morgen 20:00, Fr 20 Uhr, 2026-12-05 20:00.",
    );
    expect(formatDateError({ kind: "unparseable", input: "xyz" }, Z, "en")).toContain('"xyz" is not a date and time. Examples: 2026-12-05 20:00');
    expect(formatDateError({ kind: "unparseable", input: "xyz", expects: "date" }, Z, "de")).toBe(
      "„xyz“ ist kein Datum. Beispiele: 10.12.2026, 10.12., morgen, Fr, nächsten Montag, 2026-12-10.",
    );
  });

  it("asks for the missing time", () => {
    expect(formatDateError({ kind: "dateOnly", input: "morgen" }, Z, "de")).toBe("Bei „morgen“ fehlt die Uhrzeit, z. B. „morgen 20:00“.");
    expect(formatDateError({ kind: "dateOnly", input: "tomorrow" }, Z, "en")).toBe('"tomorrow" has no time of day, e.g. "tomorrow 20:00".');
  });
});
