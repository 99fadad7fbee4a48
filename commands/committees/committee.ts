// A committee by its short name: its repository, and loading one for a verb.
import type { BaseContext, CommandContext, Outcome } from "../../src/pipeline/family.ts";
import { findCommittee } from "../../src/render/committees.ts";
import { CommitteesStore } from "../../src/store/committees.ts";
import type { Committee } from "../../src/store/committees.ts";

export const store = (ctx: BaseContext): CommitteesStore => ctx.store.committees;

/** The committee by its short name, or the answer naming the known ones. */
export function load(ctx: CommandContext, slug: string): { c: Committee } | { fail: Outcome } {
  const found = findCommittee(store(ctx), ctx.lang, slug);
  return "unknown" in found ? { fail: ctx.fail(found.unknown) } : { c: found.committee };
}
