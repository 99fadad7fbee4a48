// Durations as written in the config and in commands, and as said in reminders.
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../src/time/duration.ts";
import { formatDuration as fromFormat } from "../../../src/time/format.ts";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["24h", 86_400_000],
    ["1d", 86_400_000],
    ["2w", 1_209_600_000],
    ["1h30m", 5_400_000],
    ["1d12h", 129_600_000],
    ["1w2d3h4m5s", 788_645_000],
    [" 1H ", 3_600_000],
    ["0h30m", 1_800_000],
  ])("reads %j", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(["", "0s", "0h0m", "-5m", "5", "m", "5x", "1.5h", "5 m", "30m1h", "1h1h", "1h 30m", "h1", "99999999w", "1e3s", "½h"])("rejects %j", (input) => {
    expect(parseDuration(input)).toBeNull();
  });
});

describe("formatDuration", () => {
  it("says a reminder offset the way it reads after „in“", () => {
    expect(formatDuration(86_400_000, "de")).toBe("1 Tag");
    expect(formatDuration(90_000_000, "de")).toBe("25 Std.");
    expect(formatDuration(3_600_000, "de")).toBe("1 Std.");
    expect(formatDuration(90_000, "de")).toBe("90 Sek.");
    expect(formatDuration(300_000, "de")).toBe("5 Min.");
    expect(formatDuration(5_400_000, "de")).toBe("90 Min.");
    expect(formatDuration(172_800_000, "de")).toBe("2 Tagen");
    expect(formatDuration(604_800_000, "de")).toBe("1 Woche");
    expect(formatDuration(1_209_600_000, "de")).toBe("2 Wochen");
  });

  it("speaks English", () => {
    expect(formatDuration(86_400_000, "en")).toBe("1 day");
    expect(formatDuration(7_200_000, "en")).toBe("2 h");
    expect(formatDuration(90_000, "en")).toBe("90 s");
    expect(formatDuration(300_000, "en")).toBe("5 min");
    expect(formatDuration(172_800_000, "en")).toBe("2 days");
    expect(formatDuration(604_800_000, "en")).toBe("1 week");
  });

  it("keeps the units of a written duration", () => {
    expect(formatDuration("1d", "de")).toBe("1 Tag");
    expect(formatDuration("1d", "en")).toBe("1 day");
    expect(formatDuration("24h", "de")).toBe("24 Std.");
    expect(formatDuration("1h30m", "de")).toBe("1 Std. 30 Min.");
    expect(formatDuration("2w", "en")).toBe("2 weeks");
    expect(formatDuration("soon", "de")).toBe("soon");
  });

  it("rounds to whole seconds and never goes negative", () => {
    expect(formatDuration(1_499, "de")).toBe("1 Sek.");
    expect(formatDuration(0, "en")).toBe("0 s");
    expect(formatDuration(-5_000, "en")).toBe("0 s");
  });

  it("is also exported from format.ts, where reminders import it", () => {
    expect(fromFormat).toBe(formatDuration);
  });
});
