// The benchmark's arithmetic: percentiles and quantiles of a Prometheus histogram between two scrapes.
import { describe, expect, it } from "vitest";
import { histogramQuantile, parseScrape, percentile } from "../../../scripts/bench/stats.ts";

const scrape = (counts: Record<string, number>) =>
  parseScrape(Object.entries(counts).map(([le, n]) => `lagebot_bot_added_seconds_bucket{le="${le}"} ${n}`).join("\n"));

describe("bench statistics", () => {
  it("takes the nearest-rank percentile", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("reads labelled series from a scrape", () => {
    const s = parseScrape('# HELP x\nlagebot_commands_total{family="op",outcome="ok"} 3\nprocess_resident_memory_bytes 1.5e8\n');
    expect(s.get('lagebot_commands_total{family="op",outcome="ok"}')).toBe(3);
    expect(s.get("process_resident_memory_bytes")).toBe(150_000_000);
  });

  it("interpolates a quantile inside its bucket, counting only what came between the scrapes", () => {
    const before = scrape({ "0.005": 10, "0.01": 10, "0.02": 10, "+Inf": 10 });
    // 100 new observations: 50 up to 5 ms, 40 in (5, 10] ms, 10 in (10, 20] ms.
    const after = scrape({ "0.005": 60, "0.01": 100, "0.02": 110, "+Inf": 110 });
    expect(histogramQuantile(before, after, "lagebot_bot_added_seconds", 0.5)).toBeCloseTo(0.005, 6);
    expect(histogramQuantile(before, after, "lagebot_bot_added_seconds", 0.7)).toBeCloseTo(0.0075, 6);
    expect(histogramQuantile(before, after, "lagebot_bot_added_seconds", 0.99)).toBeCloseTo(0.019, 6);
    expect(histogramQuantile(after, after, "lagebot_bot_added_seconds", 0.5)).toBeNaN();
  });

  it("says only 'more than the largest bucket' when the quantile lies beyond it", () => {
    const none = scrape({ "0.005": 0, "0.01": 0, "0.02": 0, "+Inf": 0 });
    const slow = scrape({ "0.005": 1, "0.01": 1, "0.02": 1, "+Inf": 5 });
    expect(histogramQuantile(none, slow, "lagebot_bot_added_seconds", 0.5)).toBe(Infinity);
    expect(histogramQuantile(none, slow, "lagebot_bot_added_seconds", 0.1)).toBeCloseTo(0.0025, 6);
  });
});
