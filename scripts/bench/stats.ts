// Percentiles of samples, and quantiles of a Prometheus histogram between two scrapes.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN, min: samples.length ? Math.min(...samples) : Number.NaN,
  };
}

/** Pairs (i < j) with xs[i] > xs[j]: how many pairs arrived in the other order than they were set. */
export function outOfOrderPairs(xs: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if ((xs[i] as number) > (xs[j] as number)) n++;
  return n;
}

/** `name{labels} value` lines of a Prometheus text scrape, keyed by everything before the value. */
export type Scrape = Map<string, number>;

export function parseScrape(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** Value of a series in `after` minus `before` (0 when absent). */
export function delta(before: Scrape, after: Scrape, key: string): number {
  return (after.get(key) ?? 0) - (before.get(key) ?? 0);
}

/**
 * The q-quantile (0..1) of the observations a histogram received between two scrapes, interpolated
 * linearly inside a bucket as Prometheus' histogram_quantile does. In seconds, as the metric.
 */
export function histogramQuantile(before: Scrape, after: Scrape, metric: string, q: number, labels = ""): number {
  const buckets: Array<{ le: number; count: number }> = [];
  const prefix = `${metric}_bucket{${labels ? `${labels},` : ""}le="`;
  for (const key of after.keys()) {
    if (!key.startsWith(prefix)) continue;
    const le = key.slice(prefix.length, key.indexOf('"', prefix.length));
    buckets.push({ le: le === "+Inf" ? Infinity : Number(le), count: delta(before, after, key) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return Infinity; // beyond the largest bucket: only "more than" is known
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / Math.max(1, b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

export const ms = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : x === Infinity ? "> 30000" : "–");
