// The several-IDs rule (pipeline/many.ts) reads a verb's kind of ID from its usage line; the verb's
// argument schema is what really parses it. This keeps the two in step for every verb (review N1).
import { describe, expect, it } from "vitest";
import { families } from "../../../commands/index.ts";
import { RECORD_PREFIXES } from "../../../src/ids.ts";
import type { ArgEnv, Verb } from "../../../src/pipeline/family.ts";
import { idPrefixOf } from "../../../src/pipeline/many.ts";
import { Registry } from "../../../src/pipeline/registry.ts";

describe("the kind of ID a verb takes", () => {
  it("is the same in its usage line and in its argument schema, for every verb", () => {
    const env: ArgEnv = { lang: "en", zone: "Europe/Berlin", now: new Date("2026-12-02T09:00:00Z") };
    /** Whether the verb's schema takes "P-1" as its first word (other arguments may still be missing). */
    const takes = (v: Verb, word: string): boolean => {
      const res = v.parse({ words: [word], text: word, body: "", staffing: {} }, env);
      return res.ok || !res.issues.some((i) => i.path[0] === "words");
    };
    const seen: string[] = [];
    for (const f of new Registry(families).families) {
      for (const v of f.verbs) {
        const accepted = RECORD_PREFIXES.filter((p) => takes(v, `${p}-1`));
        const fromSchema = accepted.length === 1 ? (accepted[0] ?? null) : null;
        const name = `${f.name}.${v.spec.name}`;
        expect(`${name}: ${idPrefixOf(v)}`).toBe(`${name}: ${fromSchema}`);
        if (fromSchema) seen.push(name);
      }
    }
    expect(seen).toContain("op.join");
    expect(seen).toContain("press.reject");
  });
});
