// Staffing of an operation: per agency how many are on the roster against how many are needed, the
// gaps, and the people on it.
import { z } from "zod";
import type { UserId } from "../../src/ids.ts";
import { count } from "../../src/pipeline/args.ts";
import type { ArgEnv, BaseContext } from "../../src/pipeline/family.ts";
import { join, mention, person } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import type { StaffLine } from "./messages.ts";

const MAX_STAFF = 500;

/** `city=2 polizei=3`: staff needed per agency. */
export function staffingArg(env: ArgEnv) {
  // The key is the agency; the message names what the number is, not a key "Personal=" that does not exist.
  return z.record(z.string(), count(env, "", MAX_STAFF, { de: "Die Personalzahl (z. B. stadt=2)", en: "The staff number (e.g. city=2)" }));
}

export function staffLines(ctx: BaseContext, op: Operation): StaffLine[] {
  return ctx.config.agencies
    .map((a) => ({ agency: a.name, committed: op.roster.get(a.id)?.length ?? 0, needed: op.needed.get(a.id) ?? null }))
    .filter((s) => s.needed !== null || s.committed > 0);
}

export function staffGaps(ctx: BaseContext, op: Operation): StaffLine[] {
  return staffLines(ctx, op).filter((s) => s.needed !== null && s.committed < s.needed);
}

/** People by name: as pills that notify them, or only named. */
export function people(users: readonly UserId[], notify: boolean): Rich {
  return join(users.map((u) => (notify ? mention(u) : person(u))), ", ");
}

/**
 * Whom a change of an operation notifies: its roster, but not whoever made the change. Only a change
 * of time or place (or a cancellation) concerns them; a new title or note does not.
 */
export function toNotify(roster: readonly UserId[], author: UserId, concernsThem: boolean): UserId[] {
  return concernsThem ? roster.filter((u) => u !== author) : [];
}
