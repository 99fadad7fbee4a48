// Is a message for us? A command prefix ("!" or "/" directly followed by a letter), the bot's pill,
// its user ID, or its display name followed by ":" or ",". Returns the command text without the
// prefix, first line and body lines preserved. Everything here is linear in the input: indexOf and
// hand-written scans instead of regexes that could backtrack on hostile HTML.
//
// The first step on the path of a message (addressStep, at the end): a command for us, a plain reply
// to one of our messages (for the family that owns it), or nothing for us.
import type { EventId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import type { Lang } from "../i18n/lang.ts";
import { errorReply, ignore, next } from "./step.ts";
import type { Message, Step } from "./step.ts";

export interface BotIdentity {
  userId: string;
  displayName: string | null;
}
export interface AddressInput {
  body: string;
  formattedBody?: string | undefined;
}
/**
 * text = the command text after the prefix or mention, leading whitespace trimmed. `spaced`: spaces
 * stood between the prefix and the word ("! einsatz"), so the word counts only if it names a family.
 */
export type Addressed = { prefix: "!" | "/" | "mention"; text: string; spaced?: boolean };

const LETTER = /^\p{L}/u;
const SPACE = /\s/;
// Only the start of formatted_body matters; bounding it keeps the tag regexes cheap.
const HTML_HEAD = 4096;

/** Drops the legacy reply fallback ("> quoted" lines, then a blank line) from a plain body. */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith("> ")) return body;
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && (lines[i] ?? "").startsWith(">")) i++;
  if (i < lines.length && (lines[i] ?? "").trim() === "") return lines.slice(i + 1).join("\n");
  return body;
}

/** Drops a leading <mx-reply>…</mx-reply> (the HTML reply fallback), an opening <p> and spaces. */
function htmlStart(html: string): string {
  let s = html.trimStart();
  if (s.startsWith("<mx-reply>")) {
    const end = s.indexOf("</mx-reply>");
    s = end < 0 ? "" : s.slice(end + "</mx-reply>".length).trimStart();
  }
  if (/^<p[\s>]/i.test(s)) {
    const gt = s.indexOf(">");
    s = s.slice(gt + 1).trimStart();
  }
  return s;
}

function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi, (all, dec?: string, hex?: string, name?: string) => {
    const cp = dec ? Number(dec) : hex ? Number.parseInt(hex, 16) : -1;
    if (cp >= 0) return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
    return named[(name ?? "").toLowerCase()] ?? all;
  });
}

/** Plain text of an HTML fragment: tags dropped, <br> and paragraph breaks as newlines. */
function htmlToText(html: string): string {
  let out = "";
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const gt = html.indexOf(">", lt);
    if (gt < 0) break; // a broken tag ends the text
    const tag = html.slice(lt + 1, Math.min(gt, lt + 8)).toLowerCase();
    if (/^(br|\/p|\/div)\b/.test(tag)) out += "\n";
    i = gt + 1;
  }
  return decodeEntities(out);
}

interface Pill {
  target: string;
  label: string;
  /** The HTML after the closing </a>. */
  after: string;
}

/** The user pill formatted_body starts with: an anchor to matrix.to/#/@user (or matrix:u/user). */
function leadingPill(formatted: string | undefined): Pill | null {
  if (!formatted) return null;
  const s = htmlStart(formatted);
  if (!/^<a\s/i.test(s)) return null;
  const gt = s.indexOf(">");
  if (gt < 0 || gt > HTML_HEAD) return null;
  const tag = s.slice(0, gt);
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
  const href = decodeEntities(m?.[1] ?? m?.[2] ?? "");
  let raw: string;
  if (/^https:\/\/matrix\.to\/#\//i.test(href)) raw = href.slice("https://matrix.to/#/".length);
  else if (/^matrix:u\//i.test(href)) raw = `@${href.slice("matrix:u/".length)}`;
  else return null;
  raw = raw.split("?")[0] ?? "";
  let target: string;
  try {
    target = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (!target.startsWith("@")) return null;
  const close = s.search(/<\/a\s*>/i);
  if (close < 0) return null;
  const closeEnd = s.indexOf(">", close) + 1;
  return { target, label: htmlToText(s.slice(gt + 1, close)).trim(), after: s.slice(closeEnd) };
}

/** The text after `name` at the start of `text` (case-insensitive), if the name ends at a word boundary. */
function afterName(text: string, name: string): string | null {
  if (!name || text.length < name.length) return null;
  if (text.slice(0, name.length).toLowerCase() !== name.toLowerCase()) return null;
  const rest = text.slice(name.length);
  const next = rest[0];
  if (next !== undefined && next !== ":" && next !== "," && !SPACE.test(next)) return null;
  return rest;
}

/** Drops the ":" or "," after a name (spaces allowed around it). Null if there was none. */
function afterSeparator(rest: string): string | null {
  const t = rest.trimStart();
  return t.startsWith(":") || t.startsWith(",") ? t.slice(1) : null;
}

/** Command text after a mention: trimmed, and a redundant "!"/"/" prefix ("Lagebot: !op list") dropped. */
function commandText(rest: string): Addressed | null {
  let text = rest.trimStart();
  if ((text[0] === "!" || text[0] === "/") && LETTER.test(text.slice(1, 3))) text = text.slice(1);
  return text.trim() === "" ? null : { prefix: "mention", text };
}

function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function address(input: AddressInput, bot: BotIdentity): Addressed | null {
  const body = stripReplyFallback(input.body).trimStart();
  const first = body[0];
  if (first === "!" || first === "/") {
    if (LETTER.test(body.slice(1, 3))) return { prefix: first, text: body.slice(1) };
    // "! einsatz": up to 3 spaces after the prefix (autocorrect, phone keyboards) are forgiven; "!!!" or "/ " is chat.
    let i = 1;
    while (i < body.length && i <= 3 && (body[i] === " " || body[i] === "\t")) i++;
    return i > 1 && LETTER.test(body.slice(i, i + 2)) ? { prefix: first, text: body.slice(i), spaced: true } : null;
  }
  const displayName = (bot.displayName ?? "").trim();
  const pill = leadingPill(input.formattedBody);
  if (pill) {
    if (!sameUser(pill.target, bot.userId)) return null; // addressed to someone else
    // The plain body usually starts with the pill's text; the separator is optional after a pill.
    for (const name of [pill.label, displayName, bot.userId]) {
      const rest = afterName(body, name);
      if (rest !== null) return commandText(afterSeparator(rest) ?? rest);
    }
    // A body that does not repeat the pill text: take the command from the HTML after the pill.
    const rest = htmlToText(pill.after);
    return commandText(afterSeparator(rest) ?? rest);
  }
  // The raw user ID needs no separator ("@bot:server op list"); the display name does.
  const afterId = afterName(body, bot.userId);
  if (afterId !== null) return commandText(afterSeparator(afterId) ?? afterId);
  const afterDisplay = afterName(body, displayName);
  const rest = afterDisplay === null ? null : afterSeparator(afterDisplay);
  return rest === null ? null : commandText(rest);
}

const MAX_PILLS = 20;

/** Every user pill in formatted_body: its label and the user ID it links to (at most MAX_PILLS). */
function userPills(formatted: string): Array<{ label: string; target: string }> {
  const out: Array<{ label: string; target: string }> = [];
  let from = 0;
  while (out.length < MAX_PILLS) {
    const at = formatted.indexOf("<a", from);
    if (at < 0) break;
    const pill = leadingPill(formatted.slice(at, at + HTML_HEAD));
    from = at + 2;
    if (pill && pill.label) out.push({ label: pill.label, target: pill.target });
  }
  return out;
}

/**
 * A pill in a value (`owner=<pill Anna Berger>`) reaches the plain body as the display name only;
 * this puts the user ID it links to in its place, so `owner=Anna Berger` means that exact user.
 * Only values after "=" are touched: a name in free text stays text.
 */
export function resolvePills(text: string, formattedBody: string | undefined): string {
  if (!formattedBody || !formattedBody.includes("<a")) return text;
  let out = text;
  for (const { label, target } of userPills(formattedBody)) {
    for (const form of [label, label.startsWith("@") ? label.slice(1) : `@${label}`]) {
      const at = out.indexOf(`=${form}`);
      if (at < 0) continue;
      out = `${out.slice(0, at + 1)}${target}${out.slice(at + 1 + form.length)}`;
      break;
    }
  }
  return out;
}

/** A message for us: command text (pills in values resolved to user IDs), or a plain reply to one of our messages. */
export type ForUs =
  | { to: "command"; prefix: Addressed["prefix"]; text: string; spaced: boolean }
  | { to: "card"; replyTo: EventId }
  | { to: "edit"; original: EventId };

/** Step 1: is the message for us? Our own, notices and edits never are; chat is not, unless it replies to us. */
export function addressStep(ev: Message, bot: BotIdentity, lang: Lang): Step<ForUs> {
  if (ev.sender === bot.userId) return ignore("own");
  if (ev.msgtype === "m.notice") return ignore("notice");
  // An edit of a command does not run it again; pipeline/edits.ts decides whether it is told so.
  if (ev.relType === "m.replace") return ev.replaces ? next({ to: "edit", original: ev.replaces }) : ignore("edit");
  const addressed = address({ body: ev.body, formattedBody: ev.formattedBody }, bot);
  if (!addressed) return ev.replyTo ? next({ to: "card", replyTo: ev.replyTo }) : ignore("chat");
  if (ev.tooLong) return errorReply(coreMessages[lang].tooLongMessage());
  return next({ to: "command", prefix: addressed.prefix, text: resolvePills(addressed.text, ev.formattedBody), spaced: addressed.spaced === true });
}
