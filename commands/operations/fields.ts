// The fields of an operation as arguments (type, time, place, linked hotspot) and the checks before
// one is planned or changed.
import { z } from "zod";
import { coreMessages } from "../../src/i18n/core.ts";
import { formatRecordId, parseRecordId } from "../../src/ids.ts";
import { choice, optionalText } from "../../src/pipeline/args.ts";
import type { ArgEnv, Bilingual, CommandContext, Outcome } from "../../src/pipeline/family.ts";
import type { Rich } from "../../src/render/rich.ts";
import { unknownSpot } from "../../src/render/spots.ts";
import type { OperationFields, OperationType } from "../../src/store/operations.ts";
import { formatDateError, formatDateTime } from "../../src/time/format.ts";
import { parseDateTimeSpan } from "../../src/time/parse.ts";
import { opMessages } from "./messages.ts";
import { opId, opStore } from "./operation.ts";
import { staffingArg } from "./staffing.ts";

const TYPES: Record<OperationType, readonly string[]> = { patrol: ["streife"], control: ["kontrolle"], event: ["veranstaltung"] };
export const FIELD_KEYS = {
  at: ["wann", "beginn"],
  until: ["bis", "ende"],
  place: ["ort"],
  type: ["art", "typ"],
  field: ["feld", "handlungsfeld"],
  spot: ["brennpunkt", "hotspot"],
} as const;

function spotArg(env: ArgEnv) {
  return z.string().transform((s, c) => {
    const n = parseRecordId("HS", s);
    if (n !== null) return n;
    c.addIssue({ code: "custom", message: env.lang === "de" ? `„${s}“ ist kein Brennpunkt; erwartet wird z. B. HS-2.` : `"${s}" is not a hotspot; expected e.g. HS-2.` });
    return z.NEVER;
  });
}

/** The optional fields that planning and changing an operation share; the staffing per agency (`stadt=2`). */
export function fieldArgs(env: ArgEnv) {
  return {
    place: optionalText(env, { de: "der Ort", en: "place" }, 200),
    type: choice(env, env.lang === "de" ? "art" : "type", TYPES).optional(),
    field: optionalText(env, { de: "das Handlungsfeld", en: "field" }, 100),
    spot: spotArg(env).optional(),
    staffing: staffingArg(env),
  };
}

/** `spot=HS-n` must name a hotspot that exists; the failure to return, or null. */
export function checkSpot(ctx: CommandContext, id: number | null | undefined): Outcome | null {
  if (id === null || id === undefined || ctx.store.spots.get(id)) return null;
  return ctx.fail(unknownSpot(ctx.lang, formatRecordId("HS", id)));
}

/** `at=`: a start, or a start with its end in one value ("Fr 20-23 Uhr"); the end as `until=` reads it. */
export function startArg(env: ArgEnv) {
  return z.string().transform((s, c) => {
    const res = parseDateTimeSpan(s, env);
    if (res.ok) return res.value;
    c.addIssue({ code: "custom", message: formatDateError(res.error, env.zone, env.lang) });
    return z.NEVER;
  });
}

/** A refusal of the end, with the verb's usage below it as every argument error has it. */
export function endRefused(ctx: CommandContext, problem: Rich, usage: Bilingual): Outcome {
  return ctx.fail(ctx.t(coreMessages).badArgs(problem, usage[ctx.lang]));
}

export function checkTimes(ctx: CommandContext, start: Date, end: Date | null, usage: Bilingual, startChanged = true): Outcome | null {
  const m = ctx.t(opMessages);
  if (startChanged && start <= ctx.now()) return ctx.fail(m.inPast(formatDateTime(start, ctx.zone, ctx.lang)));
  if (end && end <= start) return endRefused(ctx, m.endBeforeStart(formatDateTime(start, ctx.zone, ctx.lang), formatDateTime(end, ctx.zone, ctx.lang)), usage);
  return null;
}

/** Another operation at the same place and time: a warning, not a refusal. */
export function overlapWarning(ctx: CommandContext, f: OperationFields, exceptId: number | null): Rich | null {
  if (!f.place) return null;
  const others = opStore(ctx).overlapping(f.place, f.startsAt, f.endsAt, exceptId);
  return others.length > 0 ? ctx.t(opMessages).overlap(others.map((o) => opId(o.id))) : null;
}
