import { describe, expect, it } from "vitest";
import { nearest, osaDistance } from "../../../src/pipeline/suggest.ts";

const VERBS = ["plan", "list", "show", "edit", "cancel", "join", "leave", "report", "ics"];
const DE = ["planen", "liste", "zeigen", "ändern", "absagen", "teilnehmen", "austragen", "bericht", "kalender"];

describe("osaDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions", () => {
    expect(osaDistance("plan", "plan")).toBe(0);
    expect(osaDistance("plan", "plna")).toBe(1);
    expect(osaDistance("list", "lsit")).toBe(1);
    expect(osaDistance("plan", "planen")).toBe(2);
    expect(osaDistance("", "abc")).toBe(3);
    expect(osaDistance("kitten", "sitting")).toBe(3);
  });

  it("is the restricted variant: no edits inside a transposed pair", () => {
    expect(osaDistance("ca", "abc")).toBe(3);
  });

  it("stops early above the limit", () => {
    expect(osaDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
    expect(osaDistance("a", "abcdef", 2)).toBe(3);
  });
});

describe("nearest", () => {
  it("finds transpositions and typos", () => {
    expect(nearest("plna", VERBS)).toBe("plan");
    expect(nearest("lsit", VERBS)).toBe("list");
    expect(nearest("shwo", VERBS)).toBe("show");
    expect(nearest("cancle", VERBS)).toBe("cancel");
    expect(nearest("repotr", VERBS)).toBe("report");
  });

  it("finds German verbs", () => {
    expect(nearest("planne", DE)).toBe("planen");
    expect(nearest("teilnemen", DE)).toBe("teilnehmen");
    expect(nearest("kalnder", DE)).toBe("kalender");
  });

  it("is case- and accent-insensitive", () => {
    expect(nearest("PLAN", VERBS)).toBe("plan");
    expect(nearest("andern", DE)).toBe("ändern");
    expect(nearest("ÄNDRN", DE)).toBe("ändern");
    expect(nearest("Kalendér", DE)).toBe("kalender");
  });

  it("uses a tolerance that grows with the input length", () => {
    // Length ≤ 4: one edit.
    expect(nearest("lst", ["list"])).toBe("list");
    expect(nearest("lx", ["list"])).toBeNull();
    // Length ≤ 8: two edits.
    expect(nearest("plan", ["planen"])).toBe("planen");
    expect(nearest("bercht", ["bericht"])).toBe("bericht");
    expect(nearest("bxrxcht", ["bericht"])).toBe("bericht");
    expect(nearest("bxrxcxt", ["bericht"])).toBeNull();
    // Longer: three edits.
    expect(nearest("teixnxhmxn", ["teilnehmen"])).toBe("teilnehmen");
    expect(nearest("txixnxhmxn", ["teilnehmen"])).toBeNull();
  });

  it("honours an explicit maximum", () => {
    expect(nearest("plna", VERBS, 0)).toBeNull();
    expect(nearest("pxxn", ["plan"], 2)).toBe("plan");
  });

  it("prefers the closest candidate and breaks ties by list order", () => {
    expect(nearest("lis", ["lisa", "list"])).toBe("lisa");
    expect(nearest("lis", ["list", "lisa"])).toBe("list");
    expect(nearest("plam", ["planen", "plan"])).toBe("plan");
  });

  it("accepts a unique prefix of at least three letters", () => {
    expect(nearest("teiln", DE)).toBe("teilnehmen");
    expect(nearest("kalen", ["kalender", "liste"])).toBe("kalender");
    expect(nearest("aus", ["austragen", "ausblenden", "liste"])).toBeNull();
    expect(nearest("te", ["teilnehmen"])).toBeNull();
  });

  it("does not suggest a complete replacement", () => {
    expect(nearest("x", ["y", "op"])).toBeNull();
  });

  it("returns null for empty input or no candidates", () => {
    expect(nearest("", VERBS)).toBeNull();
    expect(nearest("plan", [])).toBeNull();
  });

  it("copes with huge and odd inputs", () => {
    expect(nearest("x".repeat(65536), VERBS)).toBeNull();
    expect(nearest("\ud800plan", VERBS)).toBe("plan");
    expect(nearest("plan", ["x".repeat(65536), "plan"])).toBe("plan");
  });
});
