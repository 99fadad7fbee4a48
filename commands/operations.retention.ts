// Retention of joint operations: config.retention.operations (default 2 years) after the date, the
// operation keeps its number, time, type, state and staffing figures; title, place, field, report,
// reasons and every person (planner, reporter, roster) are removed.
import { auditRemoval, retentionCutoff, RETENTION_BATCH } from "../src/records/retention.ts";
import type { BaseContext } from "../src/pipeline/family.ts";
import { RetentionStore } from "../src/store/retention.ts";
import { opId } from "./operations.shared.ts";

export function operationsRetention(ctx: BaseContext): number {
  const store = new RetentionStore(ctx.db);
  const due = store.operationsDue(retentionCutoff(ctx, "operations"), RETENTION_BATCH);
  for (const op of due) {
    // The reminders of an operation this old are long gone; cancel defensively all the same.
    ctx.cancelScheduled(`op:${op.id}`);
    store.anonymiseOperation(op.id, ctx.now());
    auditRemoval(ctx, { target: opId(op.id), kind: "operations", how: "anonymised", content: op });
  }
  return due.length;
}
