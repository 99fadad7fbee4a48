import { describe, expect, it } from "vitest";
import { svgToPng } from "../../../src/render/week-png.ts";
import { measure, wrap } from "../../../src/render/text-fit.ts";
import { FONT, PER_DAY, WIDTH, gapLabel, weekSvg, xml } from "../../../src/render/week-svg.ts";
import type { WeekDay, WeekItem, WeekPicture } from "../../../src/render/week-svg.ts";

const words = {
  empty: "Keine Einsätze und keine Sitzungen in diesen sieben Tagen", more: (n: number) => `+ ${n} weitere`, holiday: "Feiertag",
  operation: "Einsatz", meeting: "Sitzung", gap: "fehlt", totals: "Insgesamt fehlen:",
};
const WD = ["Mi", "Do", "Fr", "Sa", "So", "Mo", "Di"];
const days = (items: Record<number, WeekItem[]> = {}, holidays: Record<number, string> = {}): WeekDay[] =>
  WD.map((weekday, i) => ({ weekday, date: `${23 + i}.12.`, weekend: i === 3 || i === 4, holiday: holidays[i] ?? null, items: items[i] ?? [] }));
const op = (n: number, title: string, gaps: WeekItem["gaps"] = []): WeekItem => ({ kind: "operation", id: `OP-${n}`, title, time: "10:00–12:00", gaps });
const week = (d: WeekDay[], totals: WeekPicture["totals"] = []): WeekPicture => ({ title: "Lage der Woche 23.12.–29.12.2026", subtitle: "Stand: Mi 23.12.2026, 08:00", days: d, totals, words });

/** The text nodes of the SVG, unescaped, in document order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&"),
  );
}

describe("the week as SVG", () => {
  it("escapes user text for XML, so a title cannot add elements or break the document", () => {
    const evil = `<script>alert("x")</script> & 'Co' ]]>\u0000`;
    const { svg } = weekSvg(week(days({ 0: [op(1, evil, [{ agency: "<b>Amt</b>", missing: 1 }])] })));
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toContain("\u0000");
    expect(xml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    // resvg parses it: a broken document would throw.
    expect(svgToPng(svg, FONT).width).toBe(WIDTH);
  });

  it("draws a block with ID, time and title for each operation and meeting, in its day's column", () => {
    const meeting: WeekItem = { kind: "meeting", id: "rat", title: "Stadtrat", time: "17:00–19:00", gaps: [] };
    const { svg } = weekSvg(week(days({ 0: [op(1, "Streife"), meeting], 5: [op(2, "Kontrolle")] })));
    const t = texts(svg);
    for (const s of ["OP-1", "Streife", "rat", "Stadtrat", "17:00–19:00", "OP-2", "Kontrolle"]) expect(t).toContain(s);
    expect(t.filter((s) => s === "10:00–12:00")).toHaveLength(2);
    // OP-2 sits in Monday's column (the sixth), right of OP-1 in the first.
    const x = (s: string) => Number(/<text x="([\d.]+)"[^>]*>([^<]*)<\/text>/g.exec(svg.slice(svg.indexOf(`>${s}<`) - 120))?.[1]);
    expect(x("OP-2")).toBeGreaterThan(x("OP-1") + 4 * 140);
  });

  it("labels each staffing gap with the agency and the number missing, and sums them up at the top", () => {
    const { svg } = weekSvg(week(days({ 1: [op(3, "Kontrolle", [{ agency: "Polizei", missing: 2 }, { agency: "Stadt", missing: 1 }])] }), [{ agency: "Polizei", missing: 2 }, { agency: "Stadt", missing: 1 }]));
    const t = texts(svg);
    expect(t.filter((s) => s === "Polizei −2")).toHaveLength(2); // block and total
    expect(t.filter((s) => s === "Stadt −1")).toHaveLength(2);
    expect(t).toContain("Insgesamt fehlen:");
    expect(svg).toContain('fill="#c62828"');
  });

  it("keeps the number of a gap when a long agency name has to be shortened", () => {
    const face = { size: 20, bold: true };
    expect(gapLabel({ agency: "Polizei", missing: 2 }, 118, face)).toBe("Polizei −2");
    const long = gapLabel({ agency: "Ordnungsamt der Stadt", missing: 12 }, 118, face);
    expect(long).toMatch(/^Ord\S*… −12$/);
    expect(measure(long, face)).toBeLessThanOrEqual(118);
  });

  it("marks a holiday with its name and tints the column", () => {
    const { svg } = weekSvg(week(days({}, { 2: "1. Weihnachtstag" })));
    expect(texts(svg).join(" ")).toContain("1. Weihnachts");
    expect(svg).toContain('fill="#fde6cf"');
    expect(weekSvg(week(days())).svg).not.toContain('fill="#fde6cf" rx="8"');
  });

  it("says so in an empty week, with every day still drawn", () => {
    const { svg } = weekSvg(week(days()));
    const t = texts(svg);
    expect(t).toContain(words.empty);
    for (const d of WD) expect(t).toContain(d);
    expect(t.some((s) => s.startsWith("OP-"))).toBe(false);
  });

  it("shows at most six blocks a day and counts the rest", () => {
    const many = Array.from({ length: PER_DAY + 3 }, (_, i) => op(i + 1, `Einsatz ${i + 1}`));
    const t = texts(weekSvg(week(days({ 0: many }))).svg);
    expect(t).toContain(`OP-${PER_DAY}`);
    expect(t).not.toContain(`OP-${PER_DAY + 1}`);
    expect(t).toContain("+ 3 weitere");
  });

  it("wraps titles by words, splits a word too long for a line, and cuts after the last line", () => {
    const face = { size: 21 };
    expect(wrap("Streife Altstadt", 124, face, 3)).toEqual(["Streife", "Altstadt"]);
    const split = wrap("Jugendschutzkontrolle", 124, face, 3);
    expect(split.join("").replace(/-/g, "")).toBe("Jugendschutzkontrolle");
    expect(split[0]).toMatch(/-$/);
    expect(wrap("eins zwei drei vier fünf sechs sieben acht", 124, face, 2).at(-1)).toMatch(/…$/);
    for (const line of [...split, ...wrap("eins zwei drei vier fünf sechs sieben acht", 124, face, 2)]) expect(measure(line, face)).toBeLessThanOrEqual(124);
  });
});

describe("the week as PNG", () => {
  it("is a PNG 1080 px wide, as tall as the SVG says, taller for a busy week", () => {
    const empty = weekSvg(week(days()));
    const png = svgToPng(empty.svg, FONT);
    expect(png.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The IHDR chunk holds width and height.
    expect(png.data.readUInt32BE(16)).toBe(1080);
    expect(png.data.readUInt32BE(20)).toBe(empty.height);
    expect(png.height).toBe(empty.height);
    const busy = weekSvg(week(days({ 0: [op(1, "a"), op(2, "b"), op(3, "c", [{ agency: "Polizei", missing: 1 }])] })));
    expect(busy.height).toBeGreaterThan(empty.height);
  });
});
