// Properties of reading dates. Whatever instant we echo as local "YYYY-MM-DD HH:mm", reading it
// back gives that instant — or, in the doubled hour of a fall-back night, an ambiguity error that
// offers it; and no input makes the parsers throw. LAGEBOT_FC_RUNS overrides the number of runs.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../../src/time/format.ts";
import { parseDate, parseDateTime, parseEndTime } from "../../../src/time/parse.ts";

function runs(fallback: number): number {
  const n = Number.parseInt(process.env["LAGEBOT_FC_RUNS"] ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const ZONE = "Europe/Berlin";
const FROM = Date.UTC(2026, 0, 1) / 60_000;
const TO = Date.UTC(2029, 0, 1) / 60_000 - 1;
const minute = fc.integer({ min: FROM, max: TO }).map((m) => new Date(m * 60_000));
// Instants inside and around the six Berlin change nights, where mistakes would hide.
const nearChange = fc
  .tuple(fc.constantFrom("2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31", "2028-03-26", "2028-10-29"), fc.integer({ min: -180, max: 180 }))
  .map(([day, offset]) => new Date(Date.parse(`${day}T01:00:00Z`) + offset * 60_000));
const env = { zone: ZONE, now: new Date("2025-12-31T12:00:00Z"), lang: "de" as const };

describe("format → parse round trip", () => {
  it("gives back the instant, or an ambiguity that contains it", () => {
    fc.assert(
      fc.property(fc.oneof(minute, nearChange), (d) => {
        const local = DateTime.fromJSDate(d, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm");
        const r = parseDateTime(local, env);
        if (r.ok) expect(r.value).toEqual(d);
        else if (r.error.kind === "ambiguous") expect(r.error.readings.map((x) => x.getTime())).toContain(d.getTime());
        else expect.fail(`${local}: ${r.error.kind}`);
      }),
      { numRuns: runs(1000) },
    );
  });

  it("reads back the German echo too", () => {
    fc.assert(
      fc.property(fc.oneof(minute, nearChange), (d) => {
        const r = parseDateTime(formatDateTime(d, ZONE, "de"), env);
        // The echo carries the offset in the doubled hour, so it is never ambiguous.
        expect(r).toEqual({ ok: true, value: d });
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe("any input", () => {
  const piece = fc.constantFrom("morgen", "Fr", "20:00", "20 Uhr", "05.12.", "31.02.2026", "in", "2", "Tagen", "+01:00", "(", ")", ",", ".", "8pm", "next", "Bahnhof", "ü", " ");
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.array(piece, { maxLength: 6 }).map((p) => p.join(" ")));

  it("gets an answer, never an exception", () => {
    fc.assert(
      fc.property(text, minute, (s, now) => {
        const e = { zone: ZONE, now, lang: "de" as const };
        for (const r of [parseDateTime(s, e), parseEndTime(s, now, e), parseDate(s, e)]) {
          expect(typeof r.ok).toBe("boolean");
          if (!r.ok) expect(r.error.input).toBe(s);
        }
      }),
      { numRuns: runs(500) },
    );
  });
});
