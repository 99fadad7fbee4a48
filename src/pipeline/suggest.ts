// "Did you mean …": the nearest candidate by optimal-string-alignment distance (Damerau-Levenshtein
// where each substring is edited at most once), case- and accent-insensitive, or else a unique
// prefix of at least three letters ("gepl" → "geplant"). Used for families, verbs and keys, so the
// inputs are short; the input is capped anyway so a 64 KiB word costs nothing.

const MAX_INPUT = 64;

/** Lower case without diacritics: "Ändern" → "andern". ß stays ß. */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Default tolerance by input length: 1 up to 4 letters, 2 up to 8, else 3. */
function defaultMax(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/** OSA distance of a and b, or max + 1 as soon as it is certain to exceed max. Three rolling rows. */
export function osaDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    // Row minima never decrease (a cell is at most the one two rows up plus one), so stop early.
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

export function nearest(input: string, candidates: readonly string[], maxDistance?: number): string | null {
  const q = fold(input).slice(0, MAX_INPUT);
  if (q === "") return null;
  const max = maxDistance ?? defaultMax(q.length);
  let best: string | null = null;
  let bestD = max + 1;
  for (const c of candidates) {
    const f = fold(c);
    const d = osaDistance(q, f, max);
    // Strictly better only: ties keep the earlier candidate. Replacing every letter ("a" → "b") is
    // no suggestion.
    if (d < bestD && d < Math.max(q.length, f.length)) {
      best = c;
      bestD = d;
    }
  }
  if (best !== null) return best;
  if (q.length < 3) return null;
  let prefixed: string | null = null;
  for (const c of candidates) {
    if (!fold(c).startsWith(q) || c === prefixed) continue;
    if (prefixed !== null) return null; // ambiguous prefix
    prefixed = c;
  }
  return prefixed;
}
