// Splits command text into family, verb, positional words, key=value pairs and a multi-line body.
// One left-to-right scan of the first line without backtracking regexes, so any input (64 KiB of
// quotes, lone surrogates, control characters) parses in linear time. Keys stay in an array and are
// never used as object properties, so `__proto__=x` is just another key.
import { coreMessages } from "../i18n/core.ts";
import type { Lang } from "../i18n/lang.ts";
import { errorReply, ignore, next } from "./step.ts";
import type { Step } from "./step.ts";

export interface ParsedCommand {
  /** Lower-cased first word. */
  family: string;
  /** Lower-cased second word, if present, unquoted and not a key=value token. */
  verb: string | null;
  /** The verb word as written, for families whose default verb takes it as text (`!lage Bahnhof`). */
  verbText: string | null;
  /** Positional words after the verb and before the first key; quoted strings are one word. */
  words: string[];
  /** Keys lower-cased, in order; duplicates are kept so the registry can report them. */
  keys: Array<{ key: string; value: string; quoted: boolean }>;
  /** Everything after the first line, trailing whitespace trimmed; "" if none. */
  body: string;
  /** The first line of the command text (without a trailing "\r"). */
  firstLine: string;
}

export type ParseError = { kind: "empty" } | { kind: "unterminatedQuote"; quote: string; at: number };

export type ParseResult = { ok: true; value: ParsedCommand } | { ok: false; error: ParseError };

// Opening quote → accepted closing quotes. German „…“ (and the sloppy „…”), English “…” (and ”…”,
// “…“ as typed by some keyboards), '…', ‚…‘, ‘…’ and guillemets in both directions.
const QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["„", "“”"],
  ["“", "”“"],
  ["”", "”"],
  ["'", "'"],
  ["‚", "‘’"],
  ["‘", "’"],
  ["»", "«"],
  ["«", "»"],
]);

// Character classes by UTF-16 code unit: no regex call and no one-character string per step, which
// matters on 64 KiB of non-Latin-1 text. isSpace is exactly JavaScript's \s.
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

// Ä Ö Ü ä ö ü ß
const UMLAUTS: ReadonlySet<number> = new Set([0xc4, 0xd6, 0xdc, 0xe4, 0xf6, 0xfc, 0xdf]);

function isKeyStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || UMLAUTS.has(c);
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

interface Token {
  text: string;
  quoted: boolean;
  /** The lower-cased key for a key=value token, else null. */
  key: string | null;
}

/** Index just after the "=" if a key token starts at i, else -1. Scans only the key characters. */
function keyEnd(line: string, i: number): number {
  if (!isKeyStart(line.charCodeAt(i))) return -1;
  let j = i + 1;
  while (j < line.length && isKeyChar(line.charCodeAt(j))) j++;
  return line.charCodeAt(j) === 0x3d ? j + 1 : -1;
}

type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: ParseError };

function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    // The first token is always the family word, never a key: "!a=b" is family "a=b".
    let key: string | null = null;
    const k = tokens.length === 0 ? -1 : keyEnd(line, i);
    if (k >= 0) {
      key = line.slice(i, k - 1).toLowerCase();
      i = k;
    }
    const open = line[i] ?? "";
    const closers = QUOTES.get(open);
    if (closers !== undefined) {
      const c1 = closers.charCodeAt(0);
      const c2 = closers.length > 1 ? closers.charCodeAt(1) : c1;
      let j = i + 1;
      while (j < n && line.charCodeAt(j) !== c1 && line.charCodeAt(j) !== c2) j++;
      if (j >= n) return { ok: false, error: { kind: "unterminatedQuote", quote: open, at: i } };
      let text = line.slice(i + 1, j);
      // Text glued to the closing quote stays with it: „Tag der offenen Tür“, → "Tag der offenen Tür,".
      const tail = j + 1;
      i = tail;
      while (i < n && !isSpace(line.charCodeAt(i))) i++;
      text += line.slice(tail, i);
      tokens.push({ text, quoted: true, key });
      continue;
    }
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    tokens.push({ text: line.slice(start, i), quoted: false, key });
  }
  return { ok: true, tokens };
}

export function parseCommand(text: string): ParseResult {
  const nl = text.indexOf("\n");
  const raw = nl < 0 ? text : text.slice(0, nl);
  const firstLine = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  // trimEnd, not /\s+$/: the regex is quadratic on long inner runs of whitespace.
  const body = nl < 0 ? "" : text.slice(nl + 1).trimEnd();
  const t = tokenize(firstLine);
  if (!t.ok) return t;
  const [familyTok, ...rest] = t.tokens;
  if (!familyTok || familyTok.text === "") return { ok: false, error: { kind: "empty" } };

  let verb: string | null = null;
  let verbText: string | null = null;
  let from = 0;
  const second = rest[0];
  // A quoted second word is literal text (a title), not a verb.
  if (second && second.key === null && !second.quoted) {
    verbText = second.text;
    verb = verbText.toLowerCase();
    from = 1;
  }
  const words: string[] = [];
  const keys: ParsedCommand["keys"] = [];
  for (let i = from; i < rest.length; i++) {
    const tok = rest[i] as Token;
    if (tok.key !== null) {
      keys.push({ key: tok.key, value: tok.text, quoted: tok.quoted });
      continue;
    }
    const last = keys.at(-1);
    // After the first key every other word continues that key's value (at=2026-12-05 20:00),
    // joined with one space; this also applies after a quoted value, whose `quoted` flag is kept.
    if (last) last.value = last.value === "" ? tok.text : `${last.value} ${tok.text}`;
    else words.push(tok.text);
  }
  return { ok: true, value: { family: familyTok.text.toLowerCase(), verb, verbText, words, keys, body, firstLine } };
}

/** Free text (a title, a reason) from positional words: joined with single spaces. */
export function freeText(words: readonly string[]): string {
  return words.join(" ");
}

/** A word of the user's input as quoted back in a reply: at most `max` characters, then "…". */
export function quoteBack(word: string, max = 60): string {
  const chars = Array.from(word);
  return chars.length <= max ? word : `${chars.slice(0, max).join("")}…`;
}

/** The parse step on the path of a message: its words, or why not. Only members hear about a typing error. */
export function parseStep(text: string, member: boolean, lang: Lang): Step<ParsedCommand> {
  const parsed = parseCommand(text);
  if (parsed.ok) return next(parsed.value);
  if (parsed.error.kind === "empty") return ignore("empty");
  if (!member) return ignore("stranger");
  return errorReply(coreMessages[lang].unterminatedQuote(parsed.error.quote));
}
