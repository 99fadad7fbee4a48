// Fitting text into a width without a layout engine: the advance widths of DejaVu Sans (the font the
// week picture ships, src/render/week-png.ts), per character in em, scaled for its condensed and bold
// faces. Close enough to shorten and wrap before drawing; resvg itself never reflows.

export interface Face {
  size: number;
  bold?: boolean;
}

// DejaVu Sans Book, em per character (units / 2048). Others: `OTHER`, wide scripts `WIDE`.
const EM: Record<string, number> = {
  a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579, l: 0.278, m: 0.974,
  n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592, w: 0.818, x: 0.592, y: 0.592, z: 0.525,
  A: 0.684, B: 0.686, C: 0.698, D: 0.77, E: 0.632, F: 0.575, G: 0.775, H: 0.752, I: 0.295, J: 0.295, K: 0.656, L: 0.557, M: 0.863,
  N: 0.748, O: 0.787, P: 0.603, Q: 0.787, R: 0.695, S: 0.635, T: 0.611, U: 0.732, V: 0.684, W: 0.989, X: 0.685, Y: 0.611, Z: 0.685,
  ä: 0.613, ö: 0.612, ü: 0.634, Ä: 0.684, Ö: 0.787, Ü: 0.732, ß: 0.63, " ": 0.318, ".": 0.318, ",": 0.318, ":": 0.337, ";": 0.337,
  "-": 0.361, "–": 0.5, "—": 1, "−": 0.838, "+": 0.838, "…": 1, "„": 0.518, "“": 0.518, '"': 0.46, "'": 0.275, "(": 0.39, ")": 0.39,
  "/": 0.337, "&": 0.78, "<": 0.838, ">": 0.838, "!": 0.4, "?": 0.531,
};
const OTHER = 0.65;
const WIDE = 1;
const CONDENSED = 0.9;
// Bold widens lowercase more than capitals (measured on the rendered picture).
const BOLD = 1.17;

const graphemes = new Intl.Segmenter();
/** Characters as a reader counts them (an emoji with modifiers is one). */
export const chars = (s: string): string[] => Array.from(graphemes.segment(s), (g) => g.segment);

function em(ch: string): number {
  const known = EM[ch];
  if (known !== undefined) return known;
  if (/^\d$/.test(ch)) return 0.636;
  return (ch.codePointAt(0) ?? 0) >= 0x2e80 ? WIDE : OTHER;
}

/** The width in pixels of `s` in the condensed face. */
export function measure(s: string, f: Face): number {
  let sum = 0;
  for (const ch of chars(s)) sum += em(ch);
  return sum * f.size * CONDENSED * (f.bold ? BOLD : 1);
}

/** `s`, or as much of it as fits in `px` followed by "…". */
export function cut(s: string, px: number, f: Face): string {
  if (measure(s, f) <= px) return s;
  const cs = chars(s);
  for (let n = cs.length - 1; n > 1; n--) {
    const shorter = `${cs.slice(0, n).join("").trimEnd()}…`;
    if (measure(shorter, f) <= px) return shorter;
  }
  return `${cs[0] ?? ""}…`;
}

/** A word too wide for a line, in pieces that fit, each but the last ending in "-". */
function split(w: string, px: number, f: Face): string[] {
  if (measure(w, f) <= px) return [w];
  const out: string[] = [];
  let piece = "";
  for (const ch of chars(w)) {
    if (piece.length > 1 && measure(`${piece}${ch}-`, f) > px) {
      out.push(`${piece}-`);
      piece = "";
    }
    piece += ch;
  }
  // No last piece of one or two letters ("Weihnachtst-ag"): it takes letters from the one before.
  const prev = out.at(-1);
  const short = 3 - chars(piece).length;
  if (prev && short > 0) {
    const cs = chars(prev.slice(0, -1));
    if (cs.length > short + 2) {
      out[out.length - 1] = `${cs.slice(0, -short).join("")}-`;
      piece = `${cs.slice(-short).join("")}${piece}`;
    }
  }
  return [...out, piece];
}

/** Words into at most `max` lines of `px`; a word too long is split with "-", the last line cut with "…". */
export function wrap(s: string, px: number, f: Face, max: number): string[] {
  const words = s.trim().split(/\s+/).filter(Boolean).flatMap((w) => split(w, px, f));
  const out: string[] = [];
  let line = "";
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    const next = line ? `${line} ${w}` : w;
    if (line === "" || measure(next, f) <= px) {
      line = next;
      continue;
    }
    out.push(line);
    if (out.length === max) return [...out.slice(0, -1), cut(`${line} ${words.slice(i).join(" ")}`, px, f)];
    line = w;
  }
  if (line) out.push(line);
  return out;
}
