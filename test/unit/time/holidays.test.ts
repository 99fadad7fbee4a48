// Public holidays of the configured German state (North Rhine-Westphalia by default).
import { describe, expect, it } from "vitest";
import { holidayOn } from "../../../src/time/holidays.ts";

describe("public holidays", () => {
  it.each([
    ["2026-06-04", "Fronleichnam"],
    ["2027-05-27", "Fronleichnam"],
    ["2026-11-01", "Allerheiligen"],
    ["2026-10-03", "Tag der Deutschen Einheit"],
    ["2026-12-25", "1. Weihnachtstag"],
    ["2026-04-03", "Karfreitag"],
  ])("knows %s in NRW as %s", (date, name) => {
    expect(holidayOn(date, "NW", "de")).toBe(name);
  });

  it("does not count ordinary days, or days off elsewhere only", () => {
    expect(holidayOn("2026-11-02", "NW", "de")).toBeNull();
    expect(holidayOn("2026-12-24", "NW", "de")).toBeNull(); // Heiligabend is no public holiday
    expect(holidayOn("2026-06-04", "BE", "de")).toBeNull(); // no Fronleichnam in Berlin
    expect(holidayOn("2026-10-31", "NW", "de")).toBeNull(); // Reformationstag: not in NRW
    expect(holidayOn("2026-10-31", "NI", "de")).not.toBeNull();
  });

  it("names holidays in English too, and falls back to national holidays for an unknown state code", () => {
    expect(holidayOn("2026-06-04", "NW", "en")).toBe("Corpus Christi");
    expect(holidayOn("2026-10-03", "XX", "de")).toBe("Tag der Deutschen Einheit");
  });
});
