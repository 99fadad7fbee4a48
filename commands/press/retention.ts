// Retention of press statements: config.retention.pressDrafts (default 5 years) after release or
// withdrawal, the draft keeps its number, state and dates; title, every version's text, authors,
// approvals and reasons are removed. Open drafts are never due.
import type { BaseContext } from "../../src/pipeline/family.ts";
import { retire } from "../../src/records/retention.ts";
import { prId } from "./draft.ts";

export function pressRetention(ctx: BaseContext): number {
  const store = ctx.store.retention;
  return retire(ctx, {
    kind: "pressDrafts",
    how: "anonymised",
    due: (cutoff, limit) => store.pressDue(cutoff, limit),
    target: (draft) => prId(draft.id),
    remove: (draft) => {
      store.anonymisePress(draft.id, ctx.now());
      return null;
    },
  });
}
