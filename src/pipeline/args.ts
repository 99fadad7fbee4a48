// Building blocks for verb argument schemas. Each helper reports problems in the user's language,
// so the registry can answer with the message as is.
import { z } from "zod";
import { parseRecordId } from "../ids.ts";
import type { RecordId, RecordPrefix } from "../ids.ts";
import { parseDate, parseDateTime, readEndTime } from "../time/parse.ts";
import type { EndTime } from "../time/parse.ts";
import { formatDateError } from "../time/format.ts";
import type { ArgEnv, Bilingual } from "./family.ts";

const say = (env: ArgEnv, m: Bilingual): string => m[env.lang];

/** Required free text (title, reason), trimmed, at most `max` characters. */
export function freeText(env: ArgEnv, what: Bilingual, max: number) {
  return z
    .string()
    .trim()
    .min(1, { error: say(env, { de: `Es fehlt: ${what.de}.`, en: `Missing: ${what.en}.` }) })
    .max(max, { error: say(env, { de: `${what.de} ist zu lang (höchstens ${max} Zeichen).`, en: `${what.en} is too long (at most ${max} characters).` }) });
}

/** Optional short text value of a key. */
export function optionalText(env: ArgEnv, what: Bilingual, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: say(env, { de: `${what.de} ist zu lang (höchstens ${max} Zeichen).`, en: `${what.en} is too long (at most ${max} characters).` }) })
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

/** A calendar date (due dates) as "YYYY-MM-DD" in the configured zone. */
export function calendarDate(env: ArgEnv) {
  return z.string().transform((s, ctx) => {
    const res = parseDate(s, env);
    if (res.ok) return res.value;
    ctx.addIssue({ code: "custom", message: formatDateError(res.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

export function count(env: ArgEnv, key: string, max: number) {
  return z.string().transform((s, ctx) => {
    const n = /^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= max) return n;
    ctx.addIssue({
      code: "custom",
      message: say(env, { de: `${key}= muss eine ganze Zahl von 0 bis ${max} sein, nicht „${s}“.`, en: `${key}= must be a whole number from 0 to ${max}, not "${s}".` }),
    });
    return z.NEVER;
  });
}

/** One of fixed values, each with aliases (case-insensitive). */
export function choice<T extends string>(env: ArgEnv, key: string, values: Readonly<Record<T, readonly string[]>>) {
  return z.string().transform((s, ctx): T => {
    const v = s.trim().toLowerCase();
    for (const [canon, aliases] of Object.entries(values) as Array<[T, readonly string[]]>) {
      if (canon === v || aliases.some((a) => a.toLowerCase() === v)) return canon;
    }
    const allowed = Object.entries(values as Record<string, readonly string[]>).map(([c, a]) => (env.lang === "de" && a[0] ? a[0] : c)).join(", ");
    ctx.addIssue({ code: "custom", message: say(env, { de: `Unbekannt für ${key}=: „${s}“. Möglich: ${allowed}.`, en: `Unknown value for ${key}=: "${s}". Possible: ${allowed}.` }) });
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
        ? say(env, { de: `„${first}“ ist keine gültige Nummer; erwartet wird z. B. ${prefix}-7.`, en: `"${first}" is not a valid ID; expected e.g. ${prefix}-7.` })
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

/** `owner=`: a Matrix user ID, or "me"/"ich" for the sender. Membership is checked by the handler (ownership.ts, ownerOf). */
export function ownerArg(env: ArgEnv) {
  return z.string().transform((s, ctx): string => {
    const v = s.trim();
    if (/^(me|ich|mir|mich)$/i.test(v)) return "me";
    if (/^@[^:\s]+:[^\s]+$/.test(v)) return v;
    ctx.addIssue({
      code: "custom",
      message: say(env, { de: `„${v}“ ist keine Matrix-ID. Bitte so angeben: verantwortlich=@name:server.example (oder „ich“).`, en: `"${v}" is not a Matrix ID. Please write owner=@name:server.example (or "me").` }),
    });
    return z.NEVER;
  });
}
