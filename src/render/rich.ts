// One source per message: a tagged template yields the plain body and the HTML body together.
// Interpolated strings are user text and are always HTML-escaped.
import { escapeHtml } from "./html.ts";
import type { Rich } from "./html.ts";

// People are named by src/render/people.ts (one rule for every family); re-exported for the builders.
export { mention, person } from "./people.ts";
export { escapeHtml };
export type { Rich };

export type Part = string | number | Rich | null | undefined;

function isRich(p: Part): p is Rich {
  return typeof p === "object" && p !== null;
}

/** User text cannot hold the placeholders that stand for people (people.ts) or our messages (event-link.ts). */
const noPlaceholders = (s: string): string => s.replace(/[\uE000-\uE003]/g, "\uFFFD");

export function text(raw: string): Rich {
  const s = noPlaceholders(raw);
  return { plain: s, html: escapeHtml(s).replace(/\n/g, "<br>"), mentions: [] };
}

function toRich(p: Part): Rich {
  if (isRich(p)) return p;
  if (p === null || p === undefined) return EMPTY;
  return text(String(p));
}

export const EMPTY: Rich = { plain: "", html: "", mentions: [] };

/** Concatenates parts in order. */
export function concat(...parts: Part[]): Rich {
  const rs = parts.map(toRich);
  return { plain: rs.map((x) => x.plain).join(""), html: rs.map((x) => x.html).join(""), mentions: [...new Set(rs.flatMap((x) => x.mentions))] };
}

/** Template literal: literal parts are trusted markup-free text; interpolations are escaped. */
export function r(strings: TemplateStringsArray, ...values: Part[]): Rich {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    parts.push(text(s));
    if (i < values.length) parts.push(values[i]);
  });
  return concat(...parts);
}

export function b(p: Part): Rich {
  const x = toRich(p);
  return { plain: x.plain, html: `<b>${x.html}</b>`, mentions: x.mentions };
}

export function i(p: Part): Rich {
  const x = toRich(p);
  return { plain: x.plain, html: `<i>${x.html}</i>`, mentions: x.mentions };
}

export function code(raw: string): Rich {
  const s = noPlaceholders(raw);
  return { plain: s, html: `<code>${escapeHtml(s)}</code>`, mentions: [] };
}

// Block elements bring their own margin in clients (Element); a <br> beside one shows as a double gap.
const BLOCK_END = /<\/(ul|ol|blockquote|pre|table)>$|<hr>$/;
const BLOCK_START = /^<(ul|ol|blockquote|pre|table|hr)>/;

/** Joins HTML lines with <br>, except next to a block element, which already breaks the line. */
function joinHtmlLines(htmls: readonly string[]): string {
  return htmls.reduce((acc, h, idx) => (idx === 0 ? h : acc + (BLOCK_END.test(acc) || BLOCK_START.test(h) ? "" : "<br>") + h), "");
}

/** Lines, skipping null parts, so optional lines can be written inline. */
export function lines(...parts: Part[]): Rich {
  const rs = parts.filter((p) => p !== null && p !== undefined && p !== "").map(toRich);
  return {
    plain: rs.map((x) => x.plain).join("\n"),
    html: joinHtmlLines(rs.map((x) => x.html)),
    mentions: [...new Set(rs.flatMap((x) => x.mentions))],
  };
}

export function join(parts: readonly Part[], sep: string): Rich {
  const out: Part[] = [];
  parts.forEach((p, idx) => {
    if (idx > 0) out.push(sep);
    out.push(p);
  });
  return concat(...out);
}

/** A bullet list: "• item" lines in plain text, <ul> in HTML; null items are left out, as in lines(). */
export function list(items: readonly Part[]): Rich {
  const rs = items.filter((p) => p !== null && p !== undefined).map(toRich);
  if (rs.length === 0) return EMPTY;
  return {
    plain: rs.map((x) => `• ${x.plain}`).join("\n"),
    html: `<ul>${rs.map((x) => `<li>${x.html}</li>`).join("")}</ul>`,
    mentions: [...new Set(rs.flatMap((x) => x.mentions))],
  };
}

/**
 * A block with a bold heading line followed by content. Bold inside the heading is dropped: the whole
 * heading is bold already, and <b><b> is noise in the formatted body. (User text is escaped, so a
 * literal <b> in the heading's HTML can only be our own markup.)
 */
export function section(heading: Part, body: Part): Rich {
  const h = toRich(heading);
  const c = toRich(body);
  const head = `<b>${h.html.replace(/<\/?b>/g, "")}</b>`;
  return { plain: `${h.plain}\n${c.plain}`, html: joinHtmlLines([head, c.html]), mentions: [...new Set([...h.mentions, ...c.mentions])] };
}

/** Preformatted block for long user text (press drafts), kept as typed. */
export function quote(raw: string): Rich {
  const s = noPlaceholders(raw);
  return { plain: s.split("\n").map((l) => `> ${l}`).join("\n"), html: `<blockquote>${escapeHtml(s).replace(/\n/g, "<br>")}</blockquote>`, mentions: [] };
}

/**
 * A changed line of a text. The sign says it without colour too (plain body, screen readers); in
 * HTML a removed line is also struck through and red, an added one bold and green (<del> and
 * data-mx-color are on Matrix's allowed list, <ins> is not).
 */
export function diffLine(op: "removed" | "added", raw: string): Rich {
  const s = noPlaceholders(raw);
  const e = escapeHtml(s).replace(/\n/g, "<br>");
  return op === "removed"
    ? { plain: `− ${s}`, html: `<span data-mx-color="#b3261e">− <del>${e}</del></span>`, mentions: [] }
    : { plain: `+ ${s}`, html: `<span data-mx-color="#1b6e20">+ <b>${e}</b></span>`, mentions: [] };
}

/** Lines set apart as one block, a quote in HTML (the plain body keeps the lines as they are). */
export function block(...parts: Part[]): Rich {
  const x = lines(...parts);
  return x.html === "" ? EMPTY : { plain: x.plain, html: `<blockquote>${x.html}</blockquote>`, mentions: x.mentions };
}

/** Rich items in running text, as andList (src/i18n/phrases.ts): "A", "A und B", "A; B und C"; `and` is " und " or " and ". */
export function joinAnd(parts: readonly Part[], and: string): Rich {
  if (parts.length <= 1) return concat(...parts);
  return concat(join(parts.slice(0, -1), "; "), and, parts.at(-1));
}
