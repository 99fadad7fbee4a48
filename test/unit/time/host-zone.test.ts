// The host's own time zone must not leak into results: chrono works with the process's local Date
// fields, so the same inputs are read under several TZ settings and must give the same instants.
import { afterAll, describe, expect, it } from "vitest";
import { parseDate, parseDateTime } from "../../../src/time/parse.ts";
import type { TimeEnv } from "../../../src/time/parse.ts";

const INPUTS = ["morgen 20:00", "05.12. 20:00", "Fr 20 Uhr", "in 3 Stunden", "in 2 Tagen 10:00", "tomorrow 8pm", "25.10.2026 02:30", "2026-10-25 02:30+01:00", "20:00"];
const NOWS = ["2026-10-24T10:00:00Z", "2026-10-25T00:30:00Z", "2026-03-28T23:30:00Z", "2026-11-27T22:30:00Z"];
const HOST_ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Pacific/Kiritimati"];

function readAll(): string[] {
  return NOWS.flatMap((now) => {
    const env: TimeEnv = { zone: "Europe/Berlin", now: new Date(now), lang: "de" };
    return INPUTS.map((s) => {
      const r = parseDateTime(s, env);
      const d = parseDate(s.split(" ")[0] ?? s, env);
      return `${now} ${s} → ${r.ok ? r.value.toISOString() : r.error.kind} / ${d.ok ? d.value : d.error.kind}`;
    });
  });
}

describe("independence from the host's time zone", () => {
  const saved = process.env["TZ"];
  afterAll(() => {
    if (saved === undefined) delete process.env["TZ"];
    else process.env["TZ"] = saved;
  });

  it("reads the same instants whatever TZ the process runs in", () => {
    process.env["TZ"] = "UTC";
    const expected = readAll();
    expect(expected).toContain("2026-10-24T10:00:00Z morgen 20:00 → 2026-10-25T19:00:00.000Z / 2026-10-25");
    for (const tz of HOST_ZONES) {
      process.env["TZ"] = tz;
      expect(new Date(Date.UTC(2026, 0, 1)).getHours(), `TZ=${tz} took effect`).not.toBe(0);
      expect(readAll(), `TZ=${tz}`).toEqual(expected);
    }
  });
});
