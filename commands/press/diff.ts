// A short line diff of two press texts ("what changed in version 2"): removed and added lines.

export interface DiffLine {
  op: "removed" | "added";
  line: string;
}

// Above this many line pairs in the changed middle the LCS table gets large; a whole-block
// "removed, then added" is still correct, just less precise.
const MAX_CELLS = 250_000;

/** The changed lines of `before` → `after`, in text order; unchanged lines are left out. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > MAX_CELLS) {
    return [...x.map((line): DiffLine => ({ op: "removed", line })), ...y.map((line): DiffLine => ({ op: "added", line }))];
  }
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const xi = x[i];
    const yj = y[j];
    if (xi !== undefined && yj !== undefined && xi === yj) {
      i++;
      j++;
    } else if (yj === undefined || (xi !== undefined && (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))) {
      out.push({ op: "removed", line: xi ?? "" });
      i++;
    } else {
      out.push({ op: "added", line: yj });
      j++;
    }
  }
  return out;
}
