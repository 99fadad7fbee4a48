import { describe, expect, it } from "vitest";
import { lineDiff } from "../../../commands/press/diff.ts";

const show = (a: string, b: string): string[] => lineDiff(a, b).map((d) => `${d.op === "removed" ? "-" : "+"}${d.line}`);

describe("the line diff of two versions", () => {
  it("shows a changed line as removed and added, and leaves unchanged lines out", () => {
    expect(show("a\nb\nc", "a\nB\nc")).toEqual(["-b", "+B"]);
  });

  it("shows inserted and deleted lines in text order", () => {
    expect(show("a\nc", "a\nb\nc")).toEqual(["+b"]);
    expect(show("a\nb\nc", "a\nc")).toEqual(["-b"]);
    expect(show("x\na\ny", "a\nz")).toEqual(["-x", "-y", "+z"]);
  });

  it("is empty for equal texts and whole for disjoint ones", () => {
    expect(show("a\nb", "a\nb")).toEqual([]);
    expect(show("a", "b")).toEqual(["-a", "+b"]);
  });

  it("falls back to whole blocks for very long changes without slowing down", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `alt ${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `neu ${i}`).join("\n");
    const started = performance.now();
    const d = lineDiff(a, b);
    expect(performance.now() - started).toBeLessThan(500);
    expect(d.filter((x) => x.op === "removed")).toHaveLength(3000);
    expect(d.filter((x) => x.op === "added")).toHaveLength(3000);
  });
});
