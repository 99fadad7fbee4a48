// The end of an operation as people write it (issue 17, user pass findings 6 and 13): "bis=morgen
// 02:00" after a night start, and a start that carries its end ("Fr 20-23 Uhr").
import { describe, expect, it } from "vitest";
import { parseDateTime, parseDateTimeSpan, readEndTime } from "../../../src/time/parse.ts";
import type { TimeEnv } from "../../../src/time/parse.ts";
import { splitTimeRange } from "../../../src/time/phrases.ts";

// Thursday 10.12.2026, 11:00 in Berlin (the user pass's clock).
const THU: TimeEnv = { zone: "Europe/Berlin", now: new Date("2026-12-10T10:00:00Z"), lang: "de" };
const at = (input: string): Date => {
  const r = parseDateTime(input, THU);
  if (!r.ok) throw new Error(input);
  return r.value;
};

describe("readEndTime: „morgen“ after a start on a later day", () => {
  it.each([
    ["14.12. 22 Uhr", "morgen 02:00", "2026-12-15T01:00:00.000Z", true],
    ["Fr 22:00", "morgen 02:00", "2026-12-12T01:00:00.000Z", true],
    ["Fr 22:00", "morgen früh", "2026-12-12T07:00:00.000Z", true],
    ["Fr 22:00", "tomorrow 2am", "2026-12-12T01:00:00.000Z", true],
    // From today it is already after the start: read from today, as always.
    ["heute 22:00", "morgen 02:00", "2026-12-11T01:00:00.000Z", false],
    ["morgen 08:00", "morgen 12:00", "2026-12-11T11:00:00.000Z", false],
    ["Fr 22:00", "übermorgen 02:00", "2026-12-12T01:00:00.000Z", false],
  ])("wann=%s bis=%s ends %s", (start, end, expected, fromStart) => {
    const r = readEndTime(end, at(start), THU);
    expect(r.ok && r.value.at.toISOString()).toBe(expected);
    expect(r.ok && r.value.fromStart === true).toBe(fromStart);
  });

  it("leaves any other end that is before the start for the caller to refuse", () => {
    const r = readEndTime("heute 23:00", at("14.12. 22 Uhr"), THU);
    expect(r.ok && r.value.at.toISOString()).toBe("2026-12-10T22:00:00.000Z");
  });
});

describe("splitTimeRange", () => {
  it.each([
    ["Fr 20-23 Uhr", { start: "Fr 20:00", end: "23:00" }],
    ["Fr 20–23 Uhr", { start: "Fr 20:00", end: "23:00" }],
    ["Fr 20 bis 23 Uhr", { start: "Fr 20:00", end: "23:00" }],
    ["Fr von 20 bis 23 Uhr", { start: "Fr 20:00", end: "23:00" }],
    ["20 Uhr bis 23 Uhr", { start: "20:00", end: "23:00" }],
    ["2026-12-05 20:00-23:00", { start: "2026-12-05 20:00", end: "23:00" }],
    ["05.12. 20.30-23.30 Uhr", { start: "05.12. 20:30", end: "23:30" }],
    ["Sa 22-24 Uhr", { start: "Sa 22:00", end: "24:00" }],
  ])("splits „%s“", (input, expected) => {
    expect(splitTimeRange(input)).toEqual(expected);
  });

  it.each([["2026-12-05"], ["2026-12-05 20:00"], ["12-05"], ["Fr 20 Uhr"], ["Fr 20-23"], ["Fr 25-26 Uhr"]])("leaves „%s“ alone", (input) => {
    expect(splitTimeRange(input)).toBeNull();
  });
});

describe("parseDateTimeSpan", () => {
  it("reads a start with its end, the end on the next day when earlier", () => {
    const r = parseDateTimeSpan("Fr 22-2 Uhr", THU);
    expect(r.ok && [r.value.at.toISOString(), r.value.end?.at.toISOString(), r.value.end?.nextDay]).toEqual(["2026-12-11T21:00:00.000Z", "2026-12-12T01:00:00.000Z", true]);
    const plain = parseDateTimeSpan("Fr 22 Uhr", THU);
    expect(plain.ok && plain.value.end).toBeNull();
  });

  it("names the whole value when its start is no date", () => {
    const r = parseDateTimeSpan("Fx 20-23 Uhr", THU);
    expect(!r.ok && r.error).toEqual({ kind: "unparseable", input: "Fx 20-23 Uhr" });
  });
});
