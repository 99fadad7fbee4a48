// Staffing of an operation: per agency how many are on the roster against how many are needed, the
// gaps, and the people on it.
import { z } from "zod";
import type { UserId } from "../../src/ids.ts";
import { count } from "../../src/pipeline/args.ts";
import type { ArgEnv, BaseContext } from "../../src/pipeline/family.ts";
import { join, mention } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import type { StaffLine } from "./messages.ts";

const MAX_STAFF = 500;

/** `city=2 polizei=3`: staff needed per agency. */
export function staffingArg(env: ArgEnv) {
  return z.record(z.string(), count(env, env.lang === "de" ? "Personal" : "staff", MAX_STAFF));
}

export function staffLines(ctx: BaseContext, op: Operation): StaffLine[] {
  return ctx.config.agencies
    .map((a) => ({ agency: a.name, committed: op.roster.get(a.id)?.length ?? 0, needed: op.needed.get(a.id) ?? null }))
    .filter((s) => s.needed !== null || s.committed > 0);
}

export function staffGaps(ctx: BaseContext, op: Operation): StaffLine[] {
  return staffLines(ctx, op).filter((s) => s.needed !== null && s.committed < s.needed);
}

/** Everyone on the roster, mentioned (so they are notified) or as plain IDs. */
export function people(users: readonly UserId[], notify: boolean): Rich {
  return join(users.map((u) => (notify ? mention(u) : u)), ", ");
}
