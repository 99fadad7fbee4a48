// The arguments of the committee verbs that need more than the shared building blocks: the agenda's
// lead time, reminder offsets, a meeting's length, and the meeting meant by a date.
import { z } from "zod";
import { committeeSlug } from "../../src/pipeline/args.ts";
import type { SchemaEnv } from "../../src/pipeline/family.ts";
import { formatDateError } from "../../src/time/format.ts";
import { parseDuration } from "../../src/time/duration.ts";
import { parseDate, parseDateTime } from "../../src/time/parse.ts";
import { wallTime } from "../../src/time/zone.ts";
import { cmMessages } from "./messages.ts";

const MAX_LEAD_DAYS = 30;

export function agendaLeadArg(env: SchemaEnv) {
  return z.string().transform((s, issue) => {
    const v = s.trim().toLowerCase();
    const days = /^\d{1,2}$/.test(v) ? Number(v) : null;
    const text = days !== null ? `${days}d` : v;
    const ms = parseDuration(text);
    if (ms !== null && ms <= MAX_LEAD_DAYS * 86_400_000) return text;
    issue.addIssue({ code: "custom", message: env.t(cmMessages).badAgenda(s) });
    return z.NEVER;
  });
}

export function remindArg(env: SchemaEnv) {
  return z.string().transform((s, issue) => {
    const v = s.trim().toLowerCase();
    if (/^(none|keine|nein|no)$/.test(v)) return [];
    const parts = v.split(/[,\s]+/).filter(Boolean);
    if (parts.length > 0 && parts.length <= 5 && parts.every((p) => parseDuration(p) !== null && (parseDuration(p) ?? 0) <= MAX_LEAD_DAYS * 86_400_000)) return parts;
    issue.addIssue({ code: "custom", message: env.t(cmMessages).badRemind(s) });
    return z.NEVER;
  });
}

export function minutesArg(env: SchemaEnv) {
  return z.string().transform((s, issue) => {
    const n = /^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (n >= 1 && n <= 1440) return n;
    issue.addIssue({ code: "custom", message: env.t(cmMessages).badDuration(s) });
    return z.NEVER;
  });
}

/** The words after the slug as a meeting date, optionally with a time (for days with several meetings). */
export function meetingDateArg(env: SchemaEnv) {
  return committeeSlug(env).transform((w, issue) => {
    const text = w.rest.join(" ").trim();
    const d = parseDate(text, env);
    if (d.ok) return { slug: w.slug, day: d.value, at: null };
    const dt = parseDateTime(text, env);
    if (dt.ok) return { slug: w.slug, day: wallTime(dt.value, env.zone).toFormat("yyyy-MM-dd"), at: dt.value };
    issue.addIssue({ code: "custom", message: formatDateError(d.error, env.zone, env.lang) });
    return z.NEVER;
  });
}
