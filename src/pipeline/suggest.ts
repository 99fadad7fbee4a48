// "Did you mean": the nearest candidate by optimal-string-alignment distance, case- and
// accent-insensitive, or a unique prefix of at least three letters.

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  const first = rows[0] as number[];
  for (let j = 1; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] ?? max + 1;
}

export function nearest(input: string, candidates: readonly string[], maxDistance?: number): string | null {
  const q = fold(input).slice(0, 64);
  if (!q) return null;
  const max = maxDistance ?? (q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3);
  let best: string | null = null;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = distance(q, fold(c), max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best !== null) return best;
  if (q.length >= 3) {
    const prefixed = candidates.filter((c) => fold(c).startsWith(q));
    if (prefixed.length === 1) return prefixed[0] ?? null;
  }
  return null;
}
