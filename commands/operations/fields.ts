// The fields of an operation as arguments (type, time, place, linked hotspot) and the checks before
// one is planned or changed.
import { z } from "zod";
import { formatRecordId, parseRecordId } from "../../src/ids.ts";
import { choice, optionalText } from "../../src/pipeline/args.ts";
import type { ArgEnv, CommandContext, Outcome } from "../../src/pipeline/family.ts";
import type { Rich } from "../../src/render/rich.ts";
import { unknownSpot } from "../../src/render/spots.ts";
import type { OperationFields, OperationType } from "../../src/store/operations.ts";
import { formatDateTime } from "../../src/time/format.ts";
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
    place: optionalText(env, { de: "Ort", en: "place" }, 200),
    type: choice(env, "art/type", TYPES).optional(),
    field: optionalText(env, { de: "Handlungsfeld", en: "field" }, 100),
    spot: spotArg(env).optional(),
    staffing: staffingArg(env),
  };
}

/** `spot=HS-n` must name a hotspot that exists; the failure to return, or null. */
export function checkSpot(ctx: CommandContext, id: number | null | undefined): Outcome | null {
  if (id === null || id === undefined || ctx.store.spots.get(id)) return null;
  return ctx.fail(unknownSpot(ctx.lang, formatRecordId("HS", id)));
}

export function checkTimes(ctx: CommandContext, start: Date, end: Date | null, startChanged = true): Outcome | null {
  const m = ctx.t(opMessages);
  if (startChanged && start <= ctx.now()) return ctx.fail(m.inPast(formatDateTime(start, ctx.zone, ctx.lang)));
  if (end && end <= start) return ctx.fail(m.endBeforeStart(formatDateTime(start, ctx.zone, ctx.lang), formatDateTime(end, ctx.zone, ctx.lang)));
  return null;
}

/** Another operation at the same place and time: a warning, not a refusal. */
export function overlapWarning(ctx: CommandContext, f: OperationFields, exceptId: number | null): Rich | null {
  if (!f.place) return null;
  const others = opStore(ctx).overlapping(f.place, f.startsAt, f.endsAt, exceptId);
  return others.length > 0 ? ctx.t(opMessages).overlap(others.map((o) => opId(o.id))) : null;
}
