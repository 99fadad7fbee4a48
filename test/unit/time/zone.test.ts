// Berlin's DST change days 2026–2028: a skipped wall time and a doubled one are reported with both
// readings; the minutes just outside the change read normally.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IANAZone } from "luxon";
import { isAmbiguousWallTime, localToInstant, wallTime, zoneOf } from "../../../src/time/zone.ts";

const BERLIN = "Europe/Berlin";
const SPRING = ["2026-03-29", "2027-03-28", "2028-03-26"]; // 02:00 CET → 03:00 CEST
const FALL = ["2026-10-25", "2027-10-31", "2028-10-29"]; // 03:00 CEST → 02:00 CET

/** "date time" read with an explicit offset, e.g. at("2026-03-29", "02:30", "+01:00"). */
const at = (date: string, time: string, offset: string): Date => new Date(`${date}T${time}:00${offset}`);

describe("localToInstant on spring-forward days", () => {
  for (const day of SPRING) {
    for (const time of ["02:00", "02:30", "02:59"]) {
      it(`says ${day} ${time} does not exist and offers both offsets`, () => {
        const r = localToInstant(day, time, BERLIN);
        expect(r).toEqual({
          ok: false,
          error: { kind: "nonexistent", input: `${day} ${time}`, readings: [at(day, time, "+01:00"), at(day, time, "+02:00")] },
        });
      });
    }
    it(`reads ${day} 01:59 as CET and 03:00 as CEST`, () => {
      expect(localToInstant(day, "01:59", BERLIN)).toEqual({ ok: true, value: at(day, "01:59", "+01:00") });
      expect(localToInstant(day, "03:00", BERLIN)).toEqual({ ok: true, value: at(day, "03:00", "+02:00") });
    });
  }
});

describe("localToInstant on fall-back days", () => {
  for (const day of FALL) {
    for (const time of ["02:00", "02:30", "02:59"]) {
      it(`says ${day} ${time} happens twice, CEST reading first`, () => {
        const r = localToInstant(day, time, BERLIN);
        expect(r).toEqual({
          ok: false,
          error: { kind: "ambiguous", input: `${day} ${time}`, readings: [at(day, time, "+02:00"), at(day, time, "+01:00")] },
        });
      });
    }
    it(`reads ${day} 01:59 as CEST and 03:00 as CET`, () => {
      expect(localToInstant(day, "01:59", BERLIN)).toEqual({ ok: true, value: at(day, "01:59", "+02:00") });
      expect(localToInstant(day, "03:00", BERLIN)).toEqual({ ok: true, value: at(day, "03:00", "+01:00") });
    });
  }
});

describe("localToInstant otherwise", () => {
  it("reads an ordinary winter and summer time", () => {
    expect(localToInstant("2026-12-05", "20:00", BERLIN)).toEqual({ ok: true, value: new Date("2026-12-05T19:00:00Z") });
    expect(localToInstant("2026-07-01", "08:15", BERLIN)).toEqual({ ok: true, value: new Date("2026-07-01T06:15:00Z") });
  });

  it("rejects dates and times that do not exist on any calendar", () => {
    for (const [date, time] of [["2026-02-31", "10:00"], ["2026-13-01", "10:00"], ["2026-12-05", "24:00"], ["2026-12-05", "20:60"], ["05.12.2026", "20:00"], ["2026-12-05", "8pm"]] as const) {
      expect(localToInstant(date, time, BERLIN)).toMatchObject({ ok: false, error: { kind: "unparseable" } });
    }
  });

  it("keeps the user's words for the error", () => {
    expect(localToInstant("2026-03-29", "02:30", BERLIN, "29.03.2026 02:30")).toMatchObject({ ok: false, error: { input: "29.03.2026 02:30" } });
  });

  it("has no gaps in a zone without DST", () => {
    expect(localToInstant("2026-03-29", "02:30", "UTC")).toEqual({ ok: true, value: new Date("2026-03-29T02:30:00Z") });
  });

  it("knows other zones' changes (New York, 2026-03-08 and 2026-11-01)", () => {
    expect(localToInstant("2026-03-08", "02:30", "America/New_York")).toMatchObject({ ok: false, error: { kind: "nonexistent" } });
    expect(localToInstant("2026-11-01", "01:30", "America/New_York")).toMatchObject({ ok: false, error: { kind: "ambiguous" } });
  });

  it("tells which instants show a doubled wall time", () => {
    expect(isAmbiguousWallTime(at("2026-10-25", "02:30", "+02:00"), BERLIN)).toBe(true);
    expect(isAmbiguousWallTime(at("2026-10-25", "02:30", "+01:00"), BERLIN)).toBe(true);
    expect(isAmbiguousWallTime(at("2026-10-25", "03:00", "+01:00"), BERLIN)).toBe(false);
    expect(isAmbiguousWallTime(at("2026-12-05", "20:00", "+01:00"), BERLIN)).toBe(false);
  });
});

describe("zoneOf remembers offsets per hour without changing them", () => {
  // Zones with whole-hour, half-hour and 45-minute offsets and changes, a 30-minute DST shift
  // (Lord Howe) and a southern-hemisphere one.
  const ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Europe/Dublin"];
  const changes = ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-04-04T15:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-10-03T15:00:00Z"].map(Date.parse);
  const instant = fc.oneof(
    fc.integer({ min: Date.parse("1970-01-01T00:00:00Z"), max: Date.parse("2100-01-01T00:00:00Z") }),
    fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -7_200_000, max: 7_200_000 })).map(([c, d]) => c + d),
  );

  it("gives luxon's own offset for any instant, asked once or again", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(instant, { minLength: 1, maxLength: 20 }), (zone, instants) => {
        const plain = IANAZone.create(zone);
        for (const ts of [...instants, ...instants]) expect(zoneOf(zone).offset(ts)).toBe(plain.offset(ts));
      }),
      { numRuns: 300 },
    );
  });

  it("reads both sides of a change in the middle of a UTC hour (Lord Howe, 30-minute shift)", () => {
    const z = zoneOf("Australia/Lord_Howe");
    const change = Date.parse("2026-10-03T15:30:00Z"); // 02:00 +10:30 → 02:30 +11:00
    expect(z.offset(change - 30 * 60_000)).toBe(630);
    expect(z.offset(change + 15 * 60_000)).toBe(660); // same UTC hour, asked after its start
    expect(z.offset(change - 1)).toBe(630);
    expect(wallTime(new Date(change - 60_000), "Australia/Lord_Howe").toFormat("HH:mm ZZ")).toBe("01:59 +10:30");
    expect(wallTime(new Date(change), "Australia/Lord_Howe").toFormat("HH:mm ZZ")).toBe("02:30 +11:00");
  });
});
