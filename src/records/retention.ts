// The daily retention run (DSGVO): every family's `retention` hook deletes or anonymises the records
// whose period in config.retention has passed. Each removal leaves one audit row that holds a SHA-256
// of what was removed, never the content: enough to prove later what was deleted, not to restore it.
import { durationMs } from "../config.ts";
import type { Config } from "../config.ts";
import type { BaseContext, JobContext } from "../pipeline/family.ts";
import { appendAudit } from "../store/audit.ts";
import { trimSentBefore } from "../store/outbox.ts";
import { purgeQuestions } from "../store/questions.ts";
import { contentHash } from "./hash.ts";
import { RETENTION, retentionRow } from "./recurring.ts";

export type RetentionKind = keyof Config["retention"];

/** At most this many records per family and run keep the nightly transaction short; the rest follow the next night. */
const RETENTION_BATCH = 500;

/** Records of this kind whose reference time is before the cutoff are due. */
function retentionCutoff(ctx: BaseContext, kind: RetentionKind): Date {
  const ms = durationMs(ctx.config.retention[kind]);
  if (ms === null) throw new Error(`retention.${kind} is not a duration`);
  return new Date(ctx.now().getTime() - ms);
}

/** The audit row of one removal: which record, what kind of removal, and the hash of what went. */
function auditRemoval(ctx: BaseContext, r: { target: string; kind: RetentionKind; how: "deleted" | "anonymised"; content: unknown; part?: string }): void {
  ctx.audit(`retention.${r.how === "deleted" ? "delete" : "anonymise"}`, r.target, {
    kind: r.kind, ...(r.part ? { part: r.part } : {}), period: ctx.config.retention[r.kind], sha256: contentHash(r.content),
  });
}

/** What a family's retention hook removes: which records are due, how one goes, and its audit name. */
export interface RetentionRule<T> {
  kind: RetentionKind;
  how: "deleted" | "anonymised";
  /** The records whose reference time is before the cutoff, at most `limit`. */
  due: (cutoff: Date, limit: number) => readonly T[];
  /** The audit target of a record ("OP-7"). */
  target: (record: T) => string;
  /**
   * Deletes or anonymises the record. Returns the parts that went one by one, each audited on its
   * own (a hotspot's notes, the hotspot staying), or null when the record itself went.
   */
  remove: (record: T) => ReadonlyArray<{ part: string; content: unknown }> | null;
}

/** The one retention loop: removes what is due under the rule, one audit row each; returns how many. */
export function retire<T>(ctx: BaseContext, rule: RetentionRule<T>): number {
  let removed = 0;
  for (const record of rule.due(retentionCutoff(ctx, rule.kind), RETENTION_BATCH)) {
    const target = rule.target(record);
    const parts = rule.remove(record);
    for (const p of parts ?? [{ part: null, content: record }]) {
      auditRemoval(ctx, { target, kind: rule.kind, how: rule.how, content: p.content, ...(p.part ? { part: p.part } : {}) });
      removed++;
    }
  }
  return removed;
}

/**
 * Runs every family's hook, each in its own savepoint: a failing hook is rolled back and recorded
 * as an error in the audit log, and the others still run. Returns the count per family.
 */
export function runRetention(ctx: BaseContext): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of ctx.familyHooks()) {
    const hook = f.retention;
    if (!hook) continue;
    try {
      counts[f.name] = ctx.db.transaction(() => hook(ctx))();
    } catch (e) {
      appendAudit(ctx.db, {
        at: ctx.now().getTime(), actor: "bot", agency: null, action: "retention.run", target: f.name, roomId: null, eventId: null, outcome: "error",
        details: { error: e instanceof Error ? e.name : "unknown" },
      });
    }
  }
  return counts;
}

/** The scheduled job: schedules tomorrow's run first (so it survives a failing hook), then runs. */
export function retentionJob(ctx: JobContext): void {
  ctx.cancelScheduled(RETENTION.ref);
  const next = retentionRow(ctx.config, ctx.now(), [ctx.roomId]);
  ctx.schedule(next.job, new Date(next.dueAt), { roomId: next.roomId, ref: next.ref, payload: next.payload });
  const counts = runRetention(ctx);
  counts["outbox"] = trimSentCopies(ctx);
  counts["questions"] = purgeQuestions(ctx.db, ctx.now().getTime());
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > 0) ctx.audit("retention.run", null, { counts });
}

/**
 * The outbox keeps what it sent so that cards can be edited and reactions traced to them. After
 * retention.sentMessages only that is left of a sent row: its IDs, room, ref and message type; texts
 * and files go. The messages themselves stay in the rooms, under the homeserver's own retention.
 */
export function trimSentCopies(ctx: BaseContext): number {
  const cutoff = retentionCutoff(ctx, "sentMessages").getTime();
  return trimSentBefore(ctx.db, cutoff);
}
