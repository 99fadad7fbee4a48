// Building blocks for verb argument schemas. Each helper reports problems in the user's language,
// so the registry can answer with the message as is.
import { z } from "zod";
import { parseRecordId } from "../ids.ts";
import { recordIdHint } from "../i18n/record-id-hints.ts";
import type { RecordId, RecordPrefix } from "../ids.ts";
import { parseDate, parseDateTime, readEndTime } from "../time/parse.ts";
import type { EndTime, Lean } from "../time/parse.ts";
import { formatDateError } from "../time/format.ts";
import type { ArgEnv, Bilingual } from "./family.ts";

const say = (env: ArgEnv, m: Bilingual): string => m[env.lang];
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * What a text argument is, for its error messages. German with its article ("der Titel", "der Name
 * des Brennpunkts"), so the sentences read whole: "Es fehlt der Titel.", "Der Titel ist zu lang …".
 * English without one ("title").
 */
export type TextArg = Bilingual;

const tooLong = (what: TextArg, max: number): Bilingual => ({
  de: `${cap(what.de)} ist zu lang (höchstens ${max} Zeichen).`,
  en: `The ${what.en} is too long (at most ${max} characters).`,
});

/** Required free text (title, reason), trimmed, at most `max` characters. */
export function freeText(env: ArgEnv, what: TextArg, max: number) {
  return z
    .string()
    .trim()
    .min(1, { error: say(env, { de: `Es fehlt ${what.de}.`, en: `The ${what.en} is missing.` }) })
    .max(max, { error: say(env, tooLong(what, max)) });
}

/** Optional short text value of a key. */
export function optionalText(env: ArgEnv, what: TextArg, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: say(env, tooLong(what, max)) })
    .optional();
}

export function dateTime(env: ArgEnv) {
  return z.string().transform((s, ctx) => {
    const res = parseDateTime(s, env);
    if (res.ok) return res.value;
    ctx.addIssue({ code: "custom", message: formatDateError(res.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

/** A date-time or, given the start, a time of day after it (on the next day when earlier: a night shift). */
export function endTime(env: ArgEnv, start: () => Date | null) {
  return z.string().transform((s, ctx): EndTime => {
    const from = start();
    const res = from ? readEndTime(s, from, env) : parseDateTime(s, env);
    if (res.ok) return res.value instanceof Date ? { at: res.value, nextDay: false } : res.value;
    ctx.addIssue({ code: "custom", message: formatDateError(res.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

/**
 * A calendar date as "YYYY-MM-DD" in the configured zone. Due dates lean ahead; the bounds of a
 * period gone by pass `{ prefer: "past" }` ("1.12." on 10.12. is this 1 December, "Montag" the last one).
 */
export function calendarDate(env: ArgEnv, opts: { prefer?: Lean } = {}) {
  return z.string().transform((s, ctx) => {
    const res = parseDate(s, env, opts);
    if (res.ok) return res.value;
    ctx.addIssue({ code: "custom", message: formatDateError(res.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

/**
 * A whole number from 0 to max. `key` names it in the message ("stadt="); a value that has no key of
 * its own passes a `label` instead ("Die Personalzahl (z. B. stadt=2)").
 */
export function count(env: ArgEnv, key: string, max: number, label?: Bilingual) {
  return z.string().transform((s, ctx) => {
    const n = /^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= max) return n;
    const what = label ?? { de: `${key}=`, en: `${key}=` };
    ctx.addIssue({
      code: "custom",
      message: say(env, { de: `${what.de} muss eine ganze Zahl von 0 bis ${max} sein, nicht „${s}“.`, en: `${what.en} must be a whole number from 0 to ${max}, not "${s}".` }),
    });
    return z.NEVER;
  });
}

/**
 * One of fixed values, each with aliases (case-insensitive). `key` is the key the value stands after
 * (in the reader's language), or null for a positional word such as a list filter, which has none.
 */
export function choice<T extends string>(env: ArgEnv, key: string | null, values: Readonly<Record<T, readonly string[]>>) {
  return z.string().transform((s, ctx): T => {
    const v = s.trim().toLowerCase();
    for (const [canon, aliases] of Object.entries(values) as Array<[T, readonly string[]]>) {
      if (canon === v || aliases.some((a) => a.toLowerCase() === v)) return canon;
    }
    const allowed = Object.entries(values as Record<string, readonly string[]>).map(([c, a]) => (env.lang === "de" && a[0] ? a[0] : c)).join(", ");
    const message =
      key === null
        ? { de: `„${s}“ ist hier nicht möglich. Möglich sind: ${allowed}.`, en: `"${s}" is not possible here. Possible: ${allowed}.` }
        : { de: `Unbekannter Wert für ${key}=: „${s}“. Möglich sind: ${allowed}.`, en: `Unknown value for ${key}=: "${s}". Possible: ${allowed}.` };
    ctx.addIssue({ code: "custom", message: say(env, message) });
    return z.NEVER;
  });
}

/** A typed record ID such as OP-7 from the first word; the rest stays in `rest`. */
export function recordIdWord<P extends RecordPrefix>(env: ArgEnv, prefix: P) {
  return z.array(z.string()).transform((words, ctx): { id: RecordId<P>; rest: string[] } => {
    const first = words[0];
    const id = first ? parseRecordId(prefix, first) : null;
    if (id !== null) return { id, rest: words.slice(1) };
    ctx.addIssue({
      code: "custom",
      message: first
        ? [say(env, { de: `„${first}“ ist keine gültige Nummer; erwartet wird z. B. ${prefix}-7.`, en: `"${first}" is not a valid ID; expected e.g. ${prefix}-7.` }), recordIdHint(prefix, first, env.lang)].filter(Boolean).join(" ")
        : say(env, { de: `Es fehlt die Nummer, z. B. ${prefix}-7.`, en: `The ID is missing, e.g. ${prefix}-7.` }),
    });
    return z.NEVER;
  });
}

/** At most one positional word (a filter such as "week"), with a default. */
export function oneWord(env: ArgEnv, fallback: string) {
  return z
    .array(z.string())
    .max(1, { error: say(env, { de: "Bitte nur ein Wort angeben.", en: "Please give only one word." }) })
    .transform((w) => w[0] ?? fallback);
}

/** A committee's short name as the first word: lower-case letters, digits and hyphens; the rest stays in `rest`. */
export function committeeSlug(env: ArgEnv) {
  return z.array(z.string()).transform((words, ctx): { slug: string; rest: string[] } => {
    const first = words[0]?.toLowerCase();
    if (first && /^[a-z0-9][a-z0-9-]{1,31}$/.test(first)) return { slug: first, rest: words.slice(1) };
    ctx.addIssue({
      code: "custom",
      message: first
        ? say(env, {
            de: `„${words[0]}“ ist kein gültiges Kürzel für ein Gremium: 2 bis 32 Kleinbuchstaben, Ziffern oder Bindestriche, z. B. verkehr oder ordnungs-ag.`,
            en: `"${words[0]}" is not a valid committee short name: 2 to 32 lower-case letters, digits or hyphens, e.g. traffic or order-wg.`,
          })
        : say(env, { de: "Es fehlt das Kürzel des Gremiums, z. B. verkehr.", en: "The committee's short name is missing, e.g. traffic." }),
    });
    return z.NEVER;
  });
}

/**
 * `owner=`: "me"/"ich" for the sender, a Matrix user ID, or a person as typed from memory (`@ben`,
 * `Ben`, `"Ben Krause"`), which the handler finds among the room's members (ownership.ts, ownerOf).
 */
export function ownerArg(env: ArgEnv) {
  return z.string().transform((s, ctx): string => {
    const v = s.trim().replace(/\s+/g, " ");
    if (/^(me|ich|mir|mich)$/i.test(v)) return "me";
    if (v.length > 0 && v.length <= 100) return v;
    ctx.addIssue({
      code: "custom",
      message: say(env, {
        de: v.length > 0 ? "Der Name ist zu lang (höchstens 100 Zeichen)." : "Es fehlt, wer verantwortlich ist, z. B. verantwortlich=@name:server.example (oder „ich“).",
        en: v.length > 0 ? "The name is too long (at most 100 characters)." : "The owner is missing, e.g. owner=@name:server.example (or \"me\").",
      }),
    });
    return z.NEVER;
  });
}
