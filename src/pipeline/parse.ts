// Splits command text into family, verb, positional words, key=value pairs and a multi-line body.
// A single left-to-right scan: linear time on any input, nothing evaluated, keys kept in an array.

export interface ParsedCommand {
  family: string;
  verb: string | null;
  words: string[];
  keys: Array<{ key: string; value: string; quoted: boolean }>;
  body: string;
  firstLine: string;
}

export type ParseError = { kind: "empty" } | { kind: "unterminatedQuote"; quote: string; at: number };

// Opening quote → accepted closing quotes: "…", „…“ (also „…” and “…”), '…', ‚…‘, »…«, «…».
const QUOTES: Record<string, string> = { '"': '"', "„": "“”", "“": "”“", "”": "”", "'": "'", "‚": "‘’", "‘": "’", "»": "«", "«": "»" };
const KEY_RE = /^([A-Za-zÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß_-]*)=/;

interface Token {
  text: string;
  quoted: boolean;
  /** For key tokens: the key and whether the value part was quoted. */
  key: string | null;
}

function tokenize(line: string): { ok: true; tokens: Token[] } | { ok: false; error: ParseError } {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i] ?? "")) i++;
    if (i >= n) break;
    const rest = line.slice(i, i + 64);
    const km = KEY_RE.exec(rest);
    let key: string | null = null;
    if (km && km[1]) {
      key = km[1].toLowerCase();
      i += km[0].length;
    }
    const ch = line[i] ?? "";
    const closers = QUOTES[ch];
    if (closers !== undefined) {
      const start = i;
      i++;
      let j = i;
      while (j < n && !closers.includes(line[j] ?? "")) j++;
      if (j >= n) return { ok: false, error: { kind: "unterminatedQuote", quote: ch, at: start } };
      tokens.push({ text: line.slice(i, j), quoted: true, key });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !/\s/.test(line[j] ?? "")) j++;
    tokens.push({ text: line.slice(i, j), quoted: false, key });
    i = j;
  }
  return { ok: true, tokens };
}

export function parseCommand(text: string): { ok: true; value: ParsedCommand } | { ok: false; error: ParseError } {
  const nl = text.indexOf("\n");
  const firstLine = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, "");
  const body = nl < 0 ? "" : text.slice(nl + 1).replace(/\s+$/, "");
  const t = tokenize(firstLine);
  if (!t.ok) return t;
  const [familyTok, ...rest] = t.tokens;
  if (!familyTok || familyTok.key !== null || !familyTok.text) return { ok: false, error: { kind: "empty" } };
  let verb: string | null = null;
  let idx = 0;
  const second = rest[0];
  if (second && second.key === null && !second.quoted) {
    verb = second.text.toLowerCase();
    idx = 1;
  }
  const words: string[] = [];
  const keys: ParsedCommand["keys"] = [];
  for (const tok of rest.slice(idx)) {
    if (tok.key !== null) {
      keys.push({ key: tok.key, value: tok.text, quoted: tok.quoted });
      continue;
    }
    const last = keys.at(-1);
    // After the first key, bare words continue that key's value: at=2026-12-05 20:00.
    if (last) last.value = last.value ? `${last.value} ${tok.text}` : tok.text;
    else words.push(tok.text);
  }
  return { ok: true, value: { family: familyTok.text.toLowerCase(), verb, words, keys, body, firstLine } };
}

export function freeText(words: readonly string[]): string {
  return words.join(" ").trim();
}
