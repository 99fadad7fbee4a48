// The bench's reading of its samples: where a p99 tail comes from, and reminders out of order.
import { describe, expect, it } from "vitest";
import { outOfOrderPairs } from "../../../scripts/bench/stats.ts";
import { summarizeTail } from "../../../scripts/bench/tail.ts";
import type { TailSample } from "../../../scripts/bench/tail.ts";

const sample = (rttMs: number, botAddedMs = 5, gcMs = 0, loopMaxMs = 10): TailSample => ({ rttMs, botAddedMs, gcMs, loopMaxMs });
const steady = Array.from({ length: 99 }, (_, i) => sample(100 + (i % 10)));

describe("bench tail attribution", () => {
  it("puts a slow sample with the bot's usual share outside the bot", () => {
    const s = summarizeTail([...steady, sample(400)]);
    expect(s.tail.rttMs).toBe(400);
    expect(s.verdict).toMatch(/^outside the bot/);
  });

  it("blames GC when the slow sample's GC time makes up most of the difference", () => {
    expect(summarizeTail([...steady, sample(400, 5, 250)]).verdict).toMatch(/GC/);
  });

  it("blames a blocked event loop even when bot-added did not see it", () => {
    expect(summarizeTail([...steady, sample(400, 5, 0, 280)]).verdict).toMatch(/event loop/);
  });

  it("blames the bot's own work when bot-added grew with the round trip", () => {
    const s = summarizeTail([...steady, sample(400, 200)]);
    expect(s.botShare).toBeGreaterThan(0.5);
    expect(s.verdict).toMatch(/its own work/);
  });
});

describe("reminders out of order", () => {
  it("counts the pairs that arrived the other way round", () => {
    expect(outOfOrderPairs([0, 1, 2, 3])).toBe(0);
    expect(outOfOrderPairs([1, 0, 2])).toBe(1);
    expect(outOfOrderPairs([3, 2, 1, 0])).toBe(6);
  });
});
