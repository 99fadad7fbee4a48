// Several IDs in one command (`!einsatz teilnehmen OP-1 OP-2`): the one rule for every verb that takes
// an ID. A verb in EACH runs once per ID, as if each had been sent alone; any other verb takes one ID
// and is answered with the commands to send instead — it would otherwise act on the first ID and read
// the others as its free text (a reason, a note).
import { formatRecordId, parseRecordId, RECORD_PREFIXES } from "../ids.ts";
import type { RecordPrefix } from "../ids.ts";
import { answeredMessages } from "../i18n/answered.ts";
import type { Lang } from "../i18n/lang.ts";
import type { Verb } from "./family.ts";
import { familyWord, refusalOf } from "./registry.ts";
import type { Routed } from "./registry.ts";
import { errorReply, next } from "./step.ts";
import type { Step } from "./step.ts";

/**
 * Verbs (as audited, "op.join") that act on each of several IDs: safe to repeat and meaningful for
 * many — joining or leaving rosters, approving, marking done, and reading. Changes that carry a
 * reason or text, or cannot be undone (cancel, reject, release, withdraw, close, edit), take one.
 */
export const EACH: ReadonlySet<string> = new Set([
  "op.join", "op.leave", "op.show", "press.approve", "press.status", "agenda.done", "action.done", "spot.show",
]);

export const MAX_IDS = 10;

/** Words between two IDs that mean "and". */
const AND = new Set(["und", "and", "sowie", "&", "+"]);

/** The kind of ID a verb takes first, read from its usage ("!op join OP-n" → OP); null if it takes none. */
export function idPrefixOf(verb: Verb): RecordPrefix | null {
  const m = /^\S+ \S+ ([A-Z]+)-n\b/.exec(verb.spec.usage.en);
  const p = m?.[1];
  return RECORD_PREFIXES.find((x) => x === p) ?? null;
}

/**
 * The IDs at the start of the words (split at commas, "und" between them) and the words after them.
 * Only the first may be a bare number; a later one needs its prefix ("OP-2") or a comma or "und"
 * before it ("OP-1, 2"): in "HS-1 3 Jugendliche" or "PR-1 2. Absatz" the number is the text.
 */
export function leadingIds(words: readonly string[], prefix: RecordPrefix): { ids: string[]; rest: string[] } {
  const parts = words.flatMap((w, word) => w.split(",").map((text, k) => ({ text, word, joined: k > 0 })));
  const ids: string[] = [];
  let lastWord = -1;
  let joined = false; // a comma or "und" came right before this part
  for (const p of parts) {
    if (p.text === "") {
      // "OP-1," ends its word at a comma: the next word is joined to it.
      joined ||= ids.length > 0;
      continue;
    }
    const id = parseRecordId(prefix, p.text) !== null;
    const named = /[A-Za-z]/.test(p.text);
    if (id && (ids.length === 0 || named || joined || p.joined)) {
      ids.push(p.text);
      lastWord = p.word;
      joined = false;
      continue;
    }
    if (ids.length > 0 && AND.has(p.text.toLowerCase()) && !joined) {
      joined = true;
      continue;
    }
    break;
  }
  return { ids, rest: words.slice(lastWord + 1) };
}

/** The verb as a user of this language writes it: "!einsatz teilnehmen". */
function commandWords(r: Routed, lang: Lang): string {
  const v = lang === "de" && r.verb.spec.aliases?.[0] ? r.verb.spec.aliases[0] : r.verb.spec.name;
  return `!${familyWord(r.family, lang)}${v ? ` ${v}` : ""}`;
}

/** The many-IDs step: one routed command per ID (usually just the one), or why several are not taken. */
export function manyStep<R extends Routed>(r: R, lang: Lang): Step<R[]> {
  const prefix = idPrefixOf(r.verb);
  if (!prefix) return next([r]);
  const { ids, rest } = leadingIds(r.words, prefix);
  const distinct = [...new Set(ids.map((w) => formatRecordId(prefix, parseRecordId(prefix, w) ?? 0)))];
  const m = answeredMessages[lang];
  // "!einsatz teilnehmen OP-1 2": these verbs take no text, so the 2 is most likely a second ID
  // written without its prefix. Acting on OP-1 alone, or on OP-2 unasked, would both be a guess.
  const loose = EACH.has(r.action) && ids.length > 0 ? parseRecordId(prefix, rest[0] ?? "") : null;
  if (loose !== null) {
    const command = `${commandWords(r, lang)} ${[...distinct, formatRecordId(prefix, loose)].join(" ")}`;
    return errorReply(m.looseNumber(rest[0] ?? "", distinct.at(-1) ?? "", command), r.verb.spec.mutates ? refusalOf(r, "bare number") : null);
  }
  if (distinct.length < 2) return next([r]);
  const refusal = r.verb.spec.mutates ? refusalOf(r, "several IDs") : null;
  if (distinct.length > MAX_IDS) return errorReply(m.tooManyIds(MAX_IDS), refusal);
  if (!EACH.has(r.action)) {
    const command = commandWords(r, lang);
    const more = rest.length > 0 ? " …" : "";
    return errorReply(m.oneIdOnly(command, distinct.map((id) => `${command} ${id}${more}`)), refusal);
  }
  return next(distinct.map((id) => ({ ...r, words: [id, ...rest] })));
}
