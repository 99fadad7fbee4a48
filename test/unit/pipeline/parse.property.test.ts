// Property tests for the parser and addressing. LAGEBOT_FC_RUNS overrides the number of runs of
// every property (e.g. 200 for a quick local loop, 50000 for a soak run).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { address } from "../../../src/pipeline/address.ts";
import type { BotIdentity } from "../../../src/pipeline/address.ts";
import { parseCommand } from "../../../src/pipeline/parse.ts";

function runs(fallback: number): number {
  const n = Number.parseInt(process.env["LAGEBOT_FC_RUNS"] ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const BOT: BotIdentity = { userId: "@lagebot:stadt.example", displayName: "Lagebot" };
const KEY = /^[A-Za-zÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß_-]*=/;
const OPENERS = new Set(['"', "„", "“", "”", "'", "‚", "‘", "»", "«"]);
// Quote styles the renderer uses: open, close, and every closer the parser accepts after that
// opener (the quoted content must avoid all of them).
const STYLES: ReadonlyArray<readonly [string, string, string]> = [
  ['"', '"', '"'],
  ["„", "“", "“”"],
  ["“", "”", "”“"],
  ["”", "”", "”"],
  ["'", "'", "'"],
  ["‚", "‘", "‘’"],
  ["«", "»", "»"],
];

// Characters that stress the tokenizer: every quote, =, whitespace, newlines, lone surrogates.
const syntaxChar = fc.constantFrom(...Array.from("\"„“”'‚‘’»«= \t\u00a0\n\r!/:,@<>&abcÄß-_"));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const nastyString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ unit: fc.oneof(syntaxChar, loneSurrogate, fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength }),
  );

describe("parseCommand properties", () => {
  it("never throws and returns a well-formed result for any string", () => {
    fc.assert(
      fc.property(nastyString(200), (s) => {
        const r = parseCommand(s);
        if (r.ok) {
          const c = r.value;
          expect(c.family).not.toBe("");
          expect(c.family).toBe(c.family.toLowerCase());
          for (const k of c.keys) expect(KEY.test(`${k.key}=`)).toBe(true);
          expect(c.firstLine.includes("\n")).toBe(false);
        } else if (r.error.kind === "unterminatedQuote") {
          const line = s.split("\n")[0] ?? "";
          expect(line[r.error.at]).toBe(r.error.quote);
        }
      }),
      { numRuns: runs(10_000) },
    );
  });

  it("round-trips rendered commands", () => {
    fc.assert(
      fc.property(command, fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), (cmd, choices) => {
        const line = render(cmd, choices);
        const r = parseCommand(line);
        if (!r.ok) throw new Error(`${JSON.stringify(line)} → ${JSON.stringify(r.error)}`);
        expect({ ...r.value, body: undefined, firstLine: undefined }).toEqual({
          family: cmd.family.toLowerCase(),
          verb: cmd.verb === null ? null : cmd.verb.toLowerCase(),
          verbText: cmd.verb,
          words: cmd.words,
          keys: cmd.keys.map((k) => ({ key: k.key.toLowerCase(), value: k.value, quoted: k.quoted })),
          body: undefined,
          firstLine: undefined,
        });
        expect(r.value.firstLine).toBe(line);
      }),
      { numRuns: runs(2000) },
    );
  });

  it("returns everything after the first newline as the body", () => {
    fc.assert(
      fc.property(nastyString(80), nastyString(300), fc.boolean(), (first, rest, crlf) => {
        const line = first.replaceAll("\n", " ").replaceAll("\r", " ");
        const r = parseCommand(`op list ${line}${crlf ? "\r\n" : "\n"}${rest}`);
        if (!r.ok) {
          expect(r.error.kind).toBe("unterminatedQuote");
          return;
        }
        expect(r.value.body).toBe(rest.trimEnd());
        expect(r.value.firstLine).toBe(`op list ${line}`);
      }),
      { numRuns: runs(2000) },
    );
  });

  it("stays linear on 64 KiB of quotes and other worst cases", () => {
    const big = 65536;
    const cases = [
      '"'.repeat(big),
      "„".repeat(big),
      `op ${"„\"".repeat(big / 2)}`,
      `op ${"'a ".repeat(big / 3)}`,
      `op x ${"a=".repeat(big / 2)}`,
      `op x ${"a= ".repeat(big / 3)}`,
      `op x ${" ".repeat(big)}x\n${" ".repeat(big)}x${" ".repeat(big)}`,
      `op x ${"ab".repeat(big / 2)}`,
      `op ${"\ud800".repeat(big)}`,
    ];
    // Warm up the JIT first: the limit is there to catch quadratic blowups (seconds), not to benchmark.
    for (const s of cases) parseCommand(s);
    for (const s of cases) {
      const started = performance.now();
      parseCommand(s);
      expect(performance.now() - started, s.slice(0, 20)).toBeLessThan(100);
    }
    fc.assert(
      fc.property(fc.string({ unit: syntaxChar, minLength: big, maxLength: big }), (s) => {
        const started = performance.now();
        parseCommand(s);
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: Math.min(runs(20), 200) },
    );
  });
});

describe("address properties", () => {
  const identity = fc.record({
    userId: fc.oneof(fc.constant(BOT.userId), fc.string({ unit: "binary", maxLength: 30 })),
    displayName: fc.option(fc.oneof(fc.constant("Lagebot"), fc.string({ unit: "binary", maxLength: 20 }))),
  });
  const html = fc.oneof(
    nastyString(200),
    nastyString(100).map((s) => `<a href="https://matrix.to/#/${s}">${s}</a>${s}`),
    nastyString(100).map((s) => `<mx-reply>${s}</mx-reply><p><a href='matrix:u/${s}'>${s}`),
  );

  it("never throws for any input and identity", () => {
    fc.assert(
      fc.property(nastyString(200), fc.option(html, { nil: undefined }), identity, (body, formattedBody, bot) => {
        const r = address({ body, formattedBody }, bot);
        if (r) expect(r.text.trim()).not.toBe("");
      }),
      { numRuns: runs(10_000) },
    );
  });

  it("ignores text that does not start with a prefix or a mention", () => {
    const chat = nastyString(200).filter((s) => {
      const t = s.trimStart();
      return !/^[!/>@]/.test(t) && !t.toLowerCase().startsWith("lagebot");
    });
    const notOurPill = fc.oneof(
      fc.constant(undefined),
      nastyString(100).filter((s) => !s.includes("lagebot")),
      fc.constant('<a href="https://matrix.to/#/@anna:stadt.example">Lagebot</a>: op list'),
    );
    fc.assert(
      fc.property(chat, notOurPill, (body, formattedBody) => {
        expect(address({ body, formattedBody }, BOT)).toBeNull();
      }),
      { numRuns: runs(2000) },
    );
  });

  it("returns the command text after a prefix or the display name", () => {
    const cmd = fc.tuple(fc.constantFrom("o", "E", "ä", "Ω"), nastyString(100)).map(([a, b]) => a + b);
    fc.assert(
      fc.property(cmd, fc.constantFrom("!", "/", "Lagebot: ", "lagebot,", "@lagebot:stadt.example "), (text, prefix) => {
        const r = address({ body: `${prefix}${text}` }, BOT);
        const expected = prefix === "!" || prefix === "/" ? { prefix, text } : { prefix: "mention", text };
        expect(r).toEqual(expected);
      }),
      { numRuns: runs(2000) },
    );
  });

  it("stays fast on hostile HTML and long bodies", () => {
    const big = 65536;
    const cases = [
      { body: "Lagebot", formattedBody: `<a href="https://matrix.to/#/@lagebot:stadt.example"${" href='x".repeat(big / 8)}` },
      { body: "x", formattedBody: "<mx-reply>".repeat(big / 10) },
      { body: "Lagebot: x", formattedBody: `<a href="https://matrix.to/#/@lagebot:stadt.example">${"<".repeat(big)}` },
      { body: "Lagebot: x", formattedBody: `<a href="https://matrix.to/#/@lagebot:stadt.example">L</a>${"&#1".repeat(big / 3)}` },
      { body: `${"> x\n".repeat(big / 4)}\n!op list` },
      { body: `${" ".repeat(big)}x` },
    ];
    for (const input of cases) address(input, BOT);
    for (const input of cases) {
      const started = performance.now();
      address(input, BOT);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});

// --- rendering for the round trip -----------------------------------------------------------

interface Cmd {
  family: string;
  verb: string | null;
  words: string[];
  keys: Array<{ key: string; value: string; quoted: boolean }>;
}

const letters = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜß");
const letter = fc.constantFrom(...letters);
const textChar = fc.constantFrom(...letters, ...Array.from("0123456789 .,:;-_/?!*()=#'\""), "€", "é");
const bareWord = fc.tuple(letter, fc.string({ unit: fc.constantFrom(...letters, ...Array.from("0123456789-.:")), maxLength: 8 })).map(([a, b]) => a + b);
const text = fc.string({ unit: textChar, maxLength: 20 });
const keyName = fc.tuple(letter, fc.string({ unit: fc.constantFrom(...letters, ...Array.from("0123456789_-")), maxLength: 8 })).map(([a, b]) => a + b);

/** Can s appear unquoted as one token (or, with continuation, as a key's multi-word value)? */
function bareOk(s: string, multiWord: boolean): boolean {
  if (s === "" || /^\s|\s$|\s\s|[\t\n\r\u00a0]/.test(s)) return false;
  const parts = s.split(" ");
  if (!multiWord && parts.length > 1) return false;
  return parts.every((p) => !KEY.test(p) && !OPENERS.has(p[0] ?? ""));
}

const command: fc.Arbitrary<Cmd> = fc
  .record({
    family: bareWord,
    verb: fc.option(bareWord),
    words: fc.array(text, { maxLength: 4 }),
    keys: fc.array(fc.record({ key: keyName, value: text, quoted: fc.boolean() }), { maxLength: 4 }),
  })
  .map((c) => ({
    ...c,
    // Values that cannot stand bare must be quoted; whether bare ones are quoted is random.
    keys: c.keys.map((k) => ({ ...k, quoted: k.quoted || !bareOk(k.value, true) })),
  }));

function quote(s: string, pick: number): string {
  const usable = STYLES.filter(([, , closers]) => !Array.from(closers).some((q) => s.includes(q)));
  const style = usable[pick % usable.length];
  if (!style) throw new Error(`no quote style for ${s}`);
  return `${style[0]}${s}${style[1]}`;
}

function render(c: Cmd, choices: readonly number[]): string {
  let n = 0;
  const choice = () => choices[n++ % choices.length] ?? 0;
  const space = () => [" ", "  ", "\t", "\u00a0", " \u3000"][choice() % 5] ?? " ";
  const tokens = [c.family];
  if (c.verb !== null) tokens.push(c.verb);
  c.words.forEach((w, i) => {
    // Without a verb an unquoted first word would become the verb.
    const bare = bareOk(w, false) && (c.verb !== null || i > 0) && choice() % 2 === 0;
    tokens.push(bare ? w : quote(w, choice()));
  });
  for (const k of c.keys) tokens.push(`${k.key}=${k.quoted ? quote(k.value, choice()) : k.value}`);
  return (choice() % 3 === 0 ? space() : "") + tokens.join(space()) + (choice() % 3 === 0 ? space() : "");
}
