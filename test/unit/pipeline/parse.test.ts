import { describe, expect, it } from "vitest";
import { freeText, parseCommand } from "../../../src/pipeline/parse.ts";
import type { ParsedCommand } from "../../../src/pipeline/parse.ts";

function ok(text: string): ParsedCommand {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected a parse, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe("parseCommand: shape", () => {
  it("splits family and verb", () => {
    expect(ok("op list")).toEqual({ family: "op", verb: "list", verbText: "list", words: [], keys: [], body: "", firstLine: "op list" });
    expect(ok("lage Bahnhof")).toMatchObject({ verb: "bahnhof", verbText: "Bahnhof" });
  });

  it("has no verb for a single word", () => {
    expect(ok("status")).toMatchObject({ family: "status", verb: null, words: [] });
  });

  it("lower-cases family, verb and keys but not words or values", () => {
    const c = ok("OP PLAN Streife Bahnhof PLACE=Markt Ort=Süd");
    expect(c.family).toBe("op");
    expect(c.verb).toBe("plan");
    expect(c.words).toEqual(["Streife", "Bahnhof"]);
    expect(c.keys).toEqual([
      { key: "place", value: "Markt", quoted: false },
      { key: "ort", value: "Süd", quoted: false },
    ]);
  });

  it("lower-cases umlauts in families, verbs and keys", () => {
    const c = ok("EINSATZ ÄNDERN OP-7 ÖRTLICHKEIT=Markt");
    expect(c.verb).toBe("ändern");
    expect(c.words).toEqual(["OP-7"]);
    expect(c.keys[0]?.key).toBe("örtlichkeit");
  });

  it("keeps IDs as words", () => {
    expect(ok("op show OP-7").words).toEqual(["OP-7"]);
    expect(ok("op show op7").words).toEqual(["op7"]);
  });

  it("collapses runs of spaces, tabs and no-break spaces", () => {
    const c = ok("  op \t list\u00a0 woche  ");
    expect(c).toMatchObject({ family: "op", verb: "list", words: ["woche"] });
  });

  it("reports an empty command", () => {
    expect(parseCommand("")).toEqual({ ok: false, error: { kind: "empty" } });
    expect(parseCommand("   \t ")).toEqual({ ok: false, error: { kind: "empty" } });
    expect(parseCommand("\nop list")).toEqual({ ok: false, error: { kind: "empty" } });
    expect(parseCommand('"" list')).toEqual({ ok: false, error: { kind: "empty" } });
  });

  it("never reads the first word as a key", () => {
    expect(ok("a=b c=d")).toMatchObject({ family: "a=b", verb: null, keys: [{ key: "c", value: "d", quoted: false }] });
  });

  it("has no verb when the second token is a key or quoted", () => {
    expect(ok("op at=morgen")).toMatchObject({ verb: null, words: [], keys: [{ key: "at", value: "morgen" }] });
    expect(ok('notiz "Hallo Welt"')).toMatchObject({ verb: null, words: ["Hallo Welt"] });
  });
});

describe("parseCommand: quotes", () => {
  const styles: Array<[string, string, string]> = [
    ["straight double", '"', '"'],
    ["German „…“", "\u201e", "\u201c"],
    ["German „…” (sloppy)", "\u201e", "\u201d"],
    ["English “…”", "\u201c", "\u201d"],
    ["”…”", "\u201d", "\u201d"],
    ["straight single", "'", "'"],
    ["German ‚…‘", "\u201a", "\u2018"],
    ["English ‘…’", "\u2018", "\u2019"],
    ["guillemets »…«", "\u00bb", "\u00ab"],
    ["guillemets «…»", "\u00ab", "\u00bb"],
  ];
  for (const [name, open, close] of styles) {
    it(`accepts ${name} in words and values`, () => {
      const c = ok(`op plan ${open}Streife Bahnhof${close} place=${open}Bahnhof Süd${close}`);
      expect(c.words).toEqual(["Streife Bahnhof"]);
      expect(c.keys).toEqual([{ key: "place", value: "Bahnhof Süd", quoted: true }]);
    });
  }

  it("keeps key=value text inside quotes as text", () => {
    const c = ok('op plan "a=b c=d" x=1');
    expect(c.words).toEqual(["a=b c=d"]);
    expect(c.keys).toEqual([{ key: "x", value: "1", quoted: false }]);
  });

  it("keeps other quote characters inside a quoted string", () => {
    expect(ok(`op plan "it's „fine“"`).words).toEqual(["it's „fine“"]);
    expect(ok(`op plan „sag "ja"“`).words).toEqual(['sag "ja"']);
  });

  it("treats quote characters inside a word as letters", () => {
    expect(ok("notiz add O'Brien kommt").words).toEqual(["O'Brien", "kommt"]);
  });

  it("keeps text glued to the closing quote", () => {
    expect(ok("op plan „Tag der offenen Tür“, morgen").words).toEqual(["Tag der offenen Tür,", "morgen"]);
  });

  it("accepts empty quoted strings", () => {
    expect(ok('op edit OP-7 note=""').keys).toEqual([{ key: "note", value: "", quoted: true }]);
  });

  it("reports an unterminated quote with its position in the first line", () => {
    expect(parseCommand('op plan "Streife Bahnhof')).toEqual({ ok: false, error: { kind: "unterminatedQuote", quote: '"', at: 8 } });
    expect(parseCommand("op plan x place=„Bahnhof")).toEqual({ ok: false, error: { kind: "unterminatedQuote", quote: "„", at: 16 } });
  });

  it("does not let a quote run into the body", () => {
    expect(parseCommand('op report "Text\nweiter"')).toMatchObject({ ok: false, error: { kind: "unterminatedQuote" } });
  });
});

describe("parseCommand: keys", () => {
  it("continues an unquoted value over following non-key words", () => {
    const c = ok('op plan Streife at=2026-12-05 20:00 place="Bahnhof Süd"');
    expect(c.words).toEqual(["Streife"]);
    expect(c.keys).toEqual([
      { key: "at", value: "2026-12-05 20:00", quoted: false },
      { key: "place", value: "Bahnhof Süd", quoted: true },
    ]);
  });

  it("continues with a single space however the words were spaced", () => {
    expect(ok("op plan x at=05.12.  20:00   Uhr until=23:00").keys).toEqual([
      { key: "at", value: "05.12. 20:00 Uhr", quoted: false },
      { key: "until", value: "23:00", quoted: false },
    ]);
  });

  it("appends words after a quoted value too and keeps it marked quoted", () => {
    expect(ok('op plan x place="Bahnhof Süd" Osteingang').keys).toEqual([{ key: "place", value: "Bahnhof Süd Osteingang", quoted: true }]);
  });

  it("keeps a cron expression whole when quoted", () => {
    expect(ok('schedule add weekly cron="0 10 * * 2" text=Lage').keys).toEqual([
      { key: "cron", value: "0 10 * * 2", quoted: true },
      { key: "text", value: "Lage", quoted: false },
    ]);
  });

  it("accepts an empty value and continues it without a leading space", () => {
    expect(ok("op edit OP-7 note=").keys).toEqual([{ key: "note", value: "", quoted: false }]);
    expect(ok("op edit OP-7 note= x=1").keys).toEqual([
      { key: "note", value: "", quoted: false },
      { key: "x", value: "1", quoted: false },
    ]);
    expect(ok("op edit OP-7 note= neu").keys).toEqual([{ key: "note", value: "neu", quoted: false }]);
  });

  it("keeps duplicates in order", () => {
    expect(ok("op plan x a=1 A=2").keys.map((k) => [k.key, k.value])).toEqual([
      ["a", "1"],
      ["a", "2"],
    ]);
  });

  it("allows digits, _ and - after the first letter of a key, and = in values", () => {
    expect(ok("op plan x max_2-x=a=b").keys).toEqual([{ key: "max_2-x", value: "a=b", quoted: false }]);
  });

  it("does not read URLs or other =-words as keys", () => {
    const c = ok("notiz add http://x.example/?a=b 1=2 -x=y =z");
    expect(c.words).toEqual(["http://x.example/?a=b", "1=2", "-x=y", "=z"]);
    expect(c.keys).toEqual([]);
  });

  it("reads a URL after a key as part of its value", () => {
    expect(ok("op edit OP-7 link=https://x.example/?a=b").keys).toEqual([{ key: "link", value: "https://x.example/?a=b", quoted: false }]);
  });

  it("is safe with prototype names: __proto__ is no key (starts with _), constructor is an ordinary one", () => {
    const c = ok("op plan x __proto__=1 constructor=2 toString=3");
    expect(c.keys.map((k) => k.key)).toEqual(["constructor", "tostring"]);
    expect(c.words).toEqual(["x", "__proto__=1"]);
    expect(ok("op plan x proto=1 __proto__=2").keys).toEqual([{ key: "proto", value: "1 __proto__=2", quoted: false }]);
  });
});

describe("parseCommand: lines", () => {
  it("returns everything after the first line as the body", () => {
    const c = ok("op report OP-7\nZwei Platzverweise.\n\n  Eingerückt.\n\n");
    expect(c.firstLine).toBe("op report OP-7");
    expect(c.words).toEqual(["OP-7"]);
    expect(c.body).toBe("Zwei Platzverweise.\n\n  Eingerückt.");
  });

  it("handles CRLF line ends on the first line", () => {
    const c = ok("op report OP-7\r\nText\r\n");
    expect(c.firstLine).toBe("op report OP-7");
    expect(c.words).toEqual(["OP-7"]);
    expect(c.body).toBe("Text");
  });

  it("has an empty body for a one-line command or only blank lines after it", () => {
    expect(ok("op list").body).toBe("");
    expect(ok("op list\n  \n").body).toBe("");
  });

  it("does not parse keys or quotes in the body", () => {
    const c = ok('op report OP-7\nort=Markt "offen');
    expect(c.keys).toEqual([]);
    expect(c.body).toBe('ort=Markt "offen');
  });
});

describe("freeText", () => {
  it("joins words with single spaces", () => {
    expect(freeText(["Streife", "Bahnhof Süd"])).toBe("Streife Bahnhof Süd");
    expect(freeText([])).toBe("");
  });
});
