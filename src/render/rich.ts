// One source per message: a tagged template yields the plain body and the HTML body together.
// Interpolated strings are user text and are always HTML-escaped.
import type { UserId } from "../ids.ts";

export interface Rich {
  readonly plain: string;
  readonly html: string;
  readonly mentions: readonly UserId[];
}

export type Part = string | number | Rich | null | undefined;

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}

function isRich(p: Part): p is Rich {
  return typeof p === "object" && p !== null;
}

export function text(s: string): Rich {
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

export function code(s: string): Rich {
  return { plain: s, html: `<code>${escapeHtml(s)}</code>`, mentions: [] };
}

/** A pill that notifies the user (listed in m.mentions). */
export function mention(user: UserId, name?: string | null): Rich {
  const label = name || user;
  return { plain: label, html: `<a href="https://matrix.to/#/${encodeURIComponent(user)}">${escapeHtml(label)}</a>`, mentions: [user] };
}

/** Lines, skipping null parts, so optional lines can be written inline. */
export function lines(...parts: Part[]): Rich {
  const rs = parts.filter((p) => p !== null && p !== undefined && p !== "").map(toRich);
  return {
    plain: rs.map((x) => x.plain).join("\n"),
    html: rs.map((x) => x.html).join("<br>"),
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

/** A block with a bold heading line followed by content. */
export function section(heading: Part, body: Part): Rich {
  const h = toRich(heading);
  const c = toRich(body);
  const sepHtml = c.html.startsWith("<ul>") ? "" : "<br>";
  return { plain: `${h.plain}\n${c.plain}`, html: `<b>${h.html}</b>${sepHtml}${c.html}`, mentions: [...new Set([...h.mentions, ...c.mentions])] };
}

/** Preformatted block for long user text (press drafts), kept as typed. */
export function quote(s: string): Rich {
  return { plain: s.split("\n").map((l) => `> ${l}`).join("\n"), html: `<blockquote>${escapeHtml(s).replace(/\n/g, "<br>")}</blockquote>`, mentions: [] };
}
