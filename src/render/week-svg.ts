// The coming week as a picture (`!lage woche`): days across, operations and meetings as blocks, the
// staffing gaps per agency as red labels, holidays tinted. A pure function from a plain model to SVG
// text; src/render/week-png.ts turns it into the PNG that clients show inline. Sizes are for a phone:
// 1080 px wide, type no smaller than 17 px. Every text from users is XML-escaped here.
import { cut, measure, wrap } from "./text-fit.ts";
import type { Face } from "./text-fit.ts";

export interface WeekGap {
  agency: string;
  missing: number;
}

export interface WeekItem {
  kind: "operation" | "meeting";
  /** "OP-7", or a committee's short name. */
  id: string;
  title: string;
  /** "20:00–23:00". */
  time: string;
  gaps: readonly WeekGap[];
}

export interface WeekDay {
  /** "Mo". */
  weekday: string;
  /** "07.12.". */
  date: string;
  holiday: string | null;
  weekend: boolean;
  items: readonly WeekItem[];
}

export interface WeekWords {
  /** "Keine Einsätze und Sitzungen in diesen sieben Tagen". */
  empty: string;
  more: (n: number) => string;
  holiday: string;
  operation: string;
  meeting: string;
  gap: string;
  totals: string;
}

export interface WeekPicture {
  title: string;
  subtitle: string;
  days: readonly WeekDay[];
  totals: readonly WeekGap[];
  words: WeekWords;
}

export const WIDTH = 1080;
export const FONT = "DejaVu Sans";
const PAD = 12;
const GAP = 4;
const COL = (WIDTH - 2 * PAD - 6 * GAP) / 7;
const INNER = COL - 16;
/** At most this many blocks in a day; the rest as "+ n weitere". */
export const PER_DAY = 6;

const COLOR = {
  ink: "#1a1a1a",
  muted: "#555555",
  day: "#f4f6f8",
  weekend: "#e8ebef",
  holiday: "#fde6cf",
  holidayInk: "#8a3b00",
  operation: "#1f5fbf",
  operationFill: "#e3edfb",
  meeting: "#6b3fa0",
  meetingFill: "#efe6f8",
  gap: "#c62828",
};

// Characters XML 1.0 does not allow at all (resvg refuses the document), and lone surrogates.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an SVG text node or attribute. */
export function xml(s: string): string {
  return s
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** "Polizei −2" in `px`, the agency shortened first: the number must stay. */
export function gapLabel(g: WeekGap, px: number, f: Face): string {
  const number = ` −${g.missing}`;
  return `${cut(g.agency, px - measure(number, f), f)}${number}`;
}

interface Text {
  x: number;
  y: number;
  size: number;
  text: string;
  fill?: string;
  bold?: boolean;
  anchor?: "middle" | "start";
}

function text(t: Text): string {
  const weight = t.bold ? ` font-weight="bold"` : "";
  const anchor = t.anchor === "middle" ? ` text-anchor="middle"` : "";
  return `<text x="${r(t.x)}" y="${r(t.y)}" font-size="${t.size}"${weight}${anchor} fill="${t.fill ?? COLOR.ink}">${xml(t.text)}</text>`;
}

const r = (n: number): string => String(Math.round(n * 10) / 10);
const rect = (x: number, y: number, w: number, h: number, fill: string, rx = 8): string =>
  `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" rx="${rx}" fill="${fill}"/>`;

/** One block: its height and its SVG at (x, y). */
function block(item: WeekItem, x: number, y: number): { h: number; svg: string } {
  const op = item.kind === "operation";
  const parts: string[] = [];
  let at = y + 32;
  // A long short name of a committee gets smaller type before it is cut.
  const idSize = measure(item.id, { size: 26, bold: true }) <= INNER - 4 ? 26 : 21;
  parts.push(text({ x: x + 12, y: at, size: idSize, bold: true, text: cut(item.id, INNER - 4, { size: idSize, bold: true }), fill: op ? COLOR.operation : COLOR.meeting }));
  at += 28;
  parts.push(text({ x: x + 12, y: at, size: 20, text: cut(item.time, INNER - 4, { size: 20 }), fill: COLOR.muted }));
  for (const line of wrap(item.title, INNER - 4, { size: 21 }, 3)) {
    at += 26;
    parts.push(text({ x: x + 12, y: at, size: 21, text: line }));
  }
  at += 10;
  for (const g of item.gaps) {
    // A long agency name gets smaller type before it is shortened; the number always stays.
    const room = INNER - 14;
    const size = measure(`${g.agency} −${g.missing}`, { size: 20, bold: true }) <= room ? 20 : 17;
    parts.push(rect(x + 8, at, INNER, 32, COLOR.gap, 6));
    parts.push(text({ x: x + 14, y: at + 23, size, bold: true, text: gapLabel(g, room, { size, bold: true }), fill: "#ffffff" }));
    at += 38;
  }
  const h = at - y + 2;
  const frame = rect(x, y, COL - 8, h, op ? COLOR.operationFill : COLOR.meetingFill) + rect(x, y, 6, h, op ? COLOR.operation : COLOR.meeting, 3);
  return { h, svg: frame + parts.join("") };
}

/** The picture as SVG text, with its size in pixels. */
export function weekSvg(week: WeekPicture): { svg: string; width: number; height: number } {
  const w = week.words;
  const head: string[] = [];
  head.push(text({ x: PAD, y: 58, size: 40, bold: true, text: cut(week.title, WIDTH - 2 * PAD, { size: 40, bold: true }) }));
  head.push(text({ x: PAD, y: 98, size: 24, text: week.subtitle, fill: COLOR.muted }));
  let top = 120;
  if (week.totals.length) {
    head.push(text({ x: PAD, y: top + 26, size: 24, bold: true, text: w.totals }));
    let x = PAD + measure(w.totals, { size: 24, bold: true }) + 16;
    let y = top;
    for (const g of week.totals) {
      const label = `${g.agency} −${g.missing}`;
      const width = measure(label, { size: 24, bold: true }) + 20;
      if (x + width > WIDTH - PAD) {
        x = PAD;
        y += 44;
      }
      head.push(rect(x, y, width, 36, COLOR.gap, 6), text({ x: x + 10, y: y + 26, size: 24, bold: true, text: label, fill: "#ffffff" }));
      x += width + 10;
    }
    top = y + 52;
  }

  const columns: string[] = [];
  const headerH = 84;
  let tallest = 0;
  const bodies = week.days.map((day, i) => {
    const x = PAD + i * (COL + GAP);
    const parts: string[] = [];
    let y = top + headerH + 8;
    if (day.holiday) {
      const lines = wrap(day.holiday, INNER, { size: 20, bold: true }, 3);
      parts.push(rect(x + 4, y, COL - 8, 14 + lines.length * 24, COLOR.holidayInk));
      lines.forEach((l, j) => parts.push(text({ x: x + COL / 2, y: y + 28 + j * 24, size: 20, bold: true, anchor: "middle", text: l, fill: "#ffffff" })));
      y += 14 + lines.length * 24 + 8;
    }
    const shown = day.items.slice(0, PER_DAY);
    for (const item of shown) {
      const b = block(item, x + 4, y);
      parts.push(b.svg);
      y += b.h + 8;
    }
    if (day.items.length > shown.length) {
      y += 28;
      parts.push(text({ x: x + 10, y, size: 20, bold: true, text: cut(w.more(day.items.length - shown.length), INNER, { size: 20, bold: true }) }));
      y += 12;
    }
    tallest = Math.max(tallest, y - (top + headerH));
    return { x, day, parts };
  });
  const empty = week.days.every((d) => d.items.length === 0);
  const emptyLines = empty ? wrap(w.empty, WIDTH - 6 * PAD, { size: 30 }, 2) : [];
  // In an empty week the sentence sits below the holiday banners, which `tallest` already holds.
  const bandTop = top + headerH + tallest + 40;
  const bandH = emptyLines.length * 40 + 24;
  const bodyH = empty ? Math.max(tallest + 80 + bandH, 220) : Math.max(tallest + 16, 200);
  for (const { x, day, parts } of bodies) {
    const fill = day.holiday ? COLOR.holiday : day.weekend ? COLOR.weekend : COLOR.day;
    columns.push(rect(x, top, COL, headerH + bodyH, fill));
    columns.push(text({ x: x + COL / 2, y: top + 38, size: 30, bold: true, anchor: "middle", text: day.weekday, fill: day.holiday ? COLOR.holidayInk : COLOR.ink }));
    columns.push(text({ x: x + COL / 2, y: top + 70, size: 24, anchor: "middle", text: day.date, fill: day.holiday ? COLOR.holidayInk : COLOR.muted }));
    columns.push(...parts);
  }
  if (empty) {
    // Across the columns, on a band of its own, so it reads as one sentence.
    columns.push(rect(PAD * 2, bandTop, WIDTH - 4 * PAD, bandH, "#ffffff", 10));
    emptyLines.forEach((l, j) => columns.push(text({ x: WIDTH / 2, y: bandTop + 38 + j * 40, size: 30, anchor: "middle", text: l, fill: COLOR.muted })));
  }

  // Legend: what the colours mean.
  const ly = top + headerH + bodyH + 24;
  const legend: string[] = [];
  let lx = PAD;
  for (const [fill, label] of [[COLOR.operation, w.operation], [COLOR.meeting, w.meeting], [COLOR.gap, w.gap], [COLOR.holidayInk, w.holiday]] as const) {
    legend.push(rect(lx, ly, 28, 28, fill, 5), text({ x: lx + 38, y: ly + 23, size: 24, text: label }));
    lx += 38 + measure(label, { size: 24 }) + 30;
  }
  const height = Math.ceil(ly + 28 + PAD + 8);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" font-stretch="condensed">` +
    rect(0, 0, WIDTH, height, "#ffffff", 0) +
    head.join("") +
    columns.join("") +
    legend.join("") +
    `</svg>`;
  return { svg, width: WIDTH, height };
}
