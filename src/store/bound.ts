// The repositories a handler reaches through `ctx.store`, bound to the database of the transaction it
// runs in. Families never hold the database itself: everything they read or write goes through here
// (the architecture test keeps `ctx.db` out of commands/). Each repository is made on first use.
import type { Database } from "../db/open.ts";
import type { RoomId } from "../ids.ts";
import { ActionsStore } from "./actions.ts";
import { appendAudit, auditBetween, historyOf, verifyAudit } from "./audit.ts";
import type { AuditEntry, AuditRecord } from "./audit.ts";
import { CommitteesStore } from "./committees.ts";
import { OperationsStore } from "./operations.ts";
import { findByRef } from "./outbox.ts";
import type { OutboxId } from "./outbox.ts";
import { PressStore } from "./press.ts";
import { RetentionStore } from "./retention.ts";
import { lastReported, recordReported } from "./room-safety.ts";
import { upcoming } from "./schedule.ts";
import type { ScheduledRow } from "./schedule.ts";
import { SpotsStore } from "./spots.ts";

export interface Stores {
  readonly press: PressStore;
  readonly operations: OperationsStore;
  readonly committees: CommitteesStore;
  readonly actions: ActionsStore;
  readonly spots: SpotsStore;
  readonly retention: RetentionStore;
  readonly auditLog: {
    /** An entry with its own actor and outcome (ctx.audit writes the handler's, outcome "ok"). */
    append(entry: AuditEntry): void;
    between(from: number | null, to: number | null, limit: number): AuditRecord[];
    verify(range: { fromId: number; toId: number } | null): ReturnType<typeof verifyAudit>;
    historyOf(target: string, limit: number): ReturnType<typeof historyOf>;
  };
  readonly outbox: { idByRef(ref: string): OutboxId | null };
  readonly schedule: { upcoming(limit: number): ScheduledRow[] };
  readonly roomReports: { last(roomId: RoomId): string | null; record(roomId: RoomId, key: string | null, at: number): void };
}

export function storesOf(db: Database): Stores {
  const made = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  return {
    get press() {
      return once("press", () => new PressStore(db));
    },
    get operations() {
      return once("operations", () => new OperationsStore(db));
    },
    get committees() {
      return once("committees", () => new CommitteesStore(db));
    },
    get actions() {
      return once("actions", () => new ActionsStore(db));
    },
    get spots() {
      return once("spots", () => new SpotsStore(db));
    },
    get retention() {
      return once("retention", () => new RetentionStore(db));
    },
    auditLog: {
      append: (entry) => {
        appendAudit(db, entry);
      },
      between: (from, to, limit) => auditBetween(db, from, to, limit),
      verify: (range) => verifyAudit(db, range),
      historyOf: (target, limit) => historyOf(db, target, limit),
    },
    outbox: { idByRef: (ref) => findByRef(db, ref)?.id ?? null },
    schedule: { upcoming: (limit) => upcoming(db, limit) },
    roomReports: {
      last: (roomId) => lastReported(db, roomId),
      record: (roomId, key, at) => {
        recordReported(db, roomId, key, at);
      },
    },
  };
}
