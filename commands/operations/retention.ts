// Retention of joint operations: config.retention.operations (default 2 years) after the date, the
// operation keeps its number, time, type, state and staffing figures; title, place, field, report,
// reasons and every person (planner, reporter, roster) are removed.
import type { BaseContext } from "../../src/pipeline/family.ts";
import { retire } from "../../src/records/retention.ts";
import { opId } from "./operation.ts";

export function operationsRetention(ctx: BaseContext): number {
  const store = ctx.store.retention;
  return retire(ctx, {
    kind: "operations",
    how: "anonymised",
    due: (cutoff, limit) => store.operationsDue(cutoff, limit),
    target: (op) => opId(op.id),
    remove: (op) => {
      // The reminders of an operation this old are long gone; cancel defensively all the same.
      ctx.cancelScheduled(`op:${op.id}`);
      store.anonymiseOperation(op.id, ctx.now());
      return null;
    },
  });
}
