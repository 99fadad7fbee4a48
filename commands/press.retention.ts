// Retention of press statements: config.retention.pressDrafts (default 5 years) after release or
// withdrawal, the draft keeps its number, state and dates; title, every version's text, authors,
// approvals and reasons are removed. Open drafts are never due.
import { auditRemoval, retentionCutoff, RETENTION_BATCH } from "../src/records/retention.ts";
import type { BaseContext } from "../src/pipeline/family.ts";
import { RetentionStore } from "../src/store/retention.ts";
import { prId } from "./press.shared.ts";

export function pressRetention(ctx: BaseContext): number {
  const store = new RetentionStore(ctx.db);
  const due = store.pressDue(retentionCutoff(ctx, "pressDrafts"), RETENTION_BATCH);
  for (const draft of due) {
    store.anonymisePress(draft.id, ctx.now());
    auditRemoval(ctx, { target: prId(draft.id), kind: "pressDrafts", how: "anonymised", content: draft });
  }
  return due.length;
}
