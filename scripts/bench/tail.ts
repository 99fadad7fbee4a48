// Where a round trip's p99 tail comes from. Just before and after each Lagebot sample the bench
// scrapes the bot's /metrics: its own share (lagebot_bot_added_seconds: sync response in → reply PUT
// out, which takes in the command's transaction and its commit's fsync), the time V8 spent in GC
// (nodejs_gc_duration_seconds) and the largest event-loop delay in between
// (nodejs_eventloop_lag_max_seconds, which prom-client resets at each scrape). A GC pause or a blocked
// loop can also delay the moment the bot sees the sync response, which bot-added cannot show: so
// those two count on their own. The slowest 1 % of samples are set against the middle fifth.
import type { Row } from "./report.ts";
import { delta, percentile } from "./stats.ts";
import type { Scrape } from "./stats.ts";

export interface TailSample {
  rttMs: number;
  botAddedMs: number;
  gcMs: number;
  loopMaxMs: number;
}

/** The bot-side figures of one sample: `after` − `before` of the scrapes around it. */
export function sampleOf(rttMs: number, before: Scrape, after: Scrape): TailSample {
  let gc = 0;
  for (const key of after.keys()) if (key.startsWith("nodejs_gc_duration_seconds_sum")) gc += delta(before, after, key);
  return { rttMs, botAddedMs: delta(before, after, "lagebot_bot_added_seconds_sum") * 1000, gcMs: gc * 1000, loopMaxMs: (after.get("nodejs_eventloop_lag_max_seconds") ?? 0) * 1000 };
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

export interface TailSummary {
  n: number;
  tail: TailSample;
  middle: TailSample;
  /** What of the tail's extra round-trip time the bot's own time explains (0..1). */
  botShare: number;
  verdict: string;
}

export function summarizeTail(samples: readonly TailSample[]): TailSummary {
  const sorted = [...samples].sort((a, b) => a.rttMs - b.rttMs);
  const k = Math.max(1, Math.ceil(sorted.length / 100));
  const tail = sorted.slice(-k);
  const lo = percentile(sorted.map((s) => s.rttMs), 40);
  const hi = percentile(sorted.map((s) => s.rttMs), 60);
  const middle = sorted.filter((s) => s.rttMs >= lo && s.rttMs <= hi);
  const avg = (xs: readonly TailSample[]): TailSample => ({
    rttMs: mean(xs.map((s) => s.rttMs)), botAddedMs: mean(xs.map((s) => s.botAddedMs)), gcMs: mean(xs.map((s) => s.gcMs)), loopMaxMs: mean(xs.map((s) => s.loopMaxMs)),
  });
  const t = avg(tail);
  const m = avg(middle);
  const extra = t.rttMs - m.rttMs;
  const share = (tailMs: number, middleMs: number) => (extra > 0 ? Math.max(0, tailMs - middleMs) / extra : 0);
  const botShare = share(t.botAddedMs, m.botAddedMs);
  let verdict: string;
  if (share(t.gcMs, m.gcMs) >= 0.5) verdict = "in the bot: GC pauses";
  else if (share(t.loopMaxMs, m.loopMaxMs) >= 0.5) verdict = "in the bot: its event loop was blocked";
  else if (botShare >= 0.25) verdict = "in the bot: its own work (the commit's fsync, or CPU shared with Synapse)";
  else verdict = "outside the bot: the homeserver storing and delivering";
  return { n: samples.length, tail: t, middle: m, botShare, verdict };
}

export function tailRow(name: string, samples: readonly TailSample[]): Row {
  const s = summarizeTail(samples);
  const f = (x: number) => x.toFixed(1);
  return {
    measure: `  where ${name}'s p99 tail comes from (slowest ${Math.max(1, Math.ceil(s.n / 100))} of ${s.n} vs the middle fifth)`,
    result: `round trip ${f(s.tail.rttMs)} vs ${f(s.middle.rttMs)} ms; bot-added ${f(s.tail.botAddedMs)} vs ${f(s.middle.botAddedMs)} ms (${(s.botShare * 100).toFixed(0)} % of the difference), GC ${f(s.tail.gcMs)} vs ${f(s.middle.gcMs)} ms, event-loop delay max ${f(s.tail.loopMaxMs)} vs ${f(s.middle.loopMaxMs)} ms: ${s.verdict}`,
    goal: "",
    met: null,
  };
}
