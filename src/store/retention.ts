// What the daily retention run removes from operations and press drafts, and how. A record whose
// period has passed is anonymised rather than deleted: its number, dates, state and staffing figures
// stay (so OP-n and PR-n are never given out twice and statistics still add up); names, texts,
// reasons and the people involved go. The SQL is in each aggregate's repository (store/operations.ts,
// store/press.ts); hotspot notes are in store/spots.ts.
import type { Database } from "../db/open.ts";
import { OperationsStore } from "./operations.ts";
import type { OperationContent } from "./operations.ts";
import { PressStore } from "./press.ts";
import type { PressContent } from "./press.ts";

export type { OperationContent, PressContent };

/** Stands in for a removed title (the column requires text). */
export const REMOVED = "—";

export class RetentionStore {
  private readonly operations: OperationsStore;
  private readonly press: PressStore;
  constructor(db: Database) {
    this.operations = new OperationsStore(db);
    this.press = new PressStore(db);
  }

  /** Operations that ended (or, without an end, started) before `cutoff` and are not yet anonymised. */
  operationsDue(cutoff: Date, limit: number): OperationContent[] {
    return this.operations.endedBefore(cutoff, limit);
  }

  anonymiseOperation(id: number, now: Date): void {
    this.operations.anonymise(id, REMOVED, now);
  }

  /** Released or withdrawn drafts closed before `cutoff` and not yet anonymised. */
  pressDue(cutoff: Date, limit: number): PressContent[] {
    return this.press.closedBefore(cutoff, limit);
  }

  /** Deletes versions and approvals (texts, people, reasons); the draft row stays as a numbered stub. */
  anonymisePress(id: number, now: Date): void {
    this.press.anonymise(id, REMOVED, now);
  }
}
