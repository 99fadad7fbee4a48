// The daily retention run (DSGVO): every family's `retention` hook deletes or anonymises the records
// whose period in config.retention has passed. Each removal leaves one audit row that holds a SHA-256
// of what was removed, never the content: enough to prove later what was deleted, not to restore it.
import { createHash } from "node:crypto";
import { durationMs } from "../config.ts";
import type { Config } from "../config.ts";
import type { BaseContext, JobContext } from "../pipeline/family.ts";
import { appendAudit } from "../store/audit.ts";
import { RETENTION, retentionRow } from "./recurring.ts";

export type RetentionKind = keyof Config["retention"];

/** At most this many records per family and run keep the nightly transaction short; the rest follow the next night. */
export const RETENTION_BATCH = 500;

/** Records of this kind whose reference time is before the cutoff are due. */
export function retentionCutoff(ctx: BaseContext, kind: RetentionKind): Date {
  const ms = durationMs(ctx.config.retention[kind]);
  if (ms === null) throw new Error(`retention.${kind} is not a duration`);
  return new Date(ctx.now().getTime() - ms);
}

export const contentHash = (content: unknown): string => createHash("sha256").update(JSON.stringify(content)).digest("hex");

/** The audit row of one removal: which record, what kind of removal, and the hash of what went. */
export function auditRemoval(ctx: BaseContext, r: { target: string; kind: RetentionKind; how: "deleted" | "anonymised"; content: unknown; part?: string }): void {
  ctx.audit(`retention.${r.how === "deleted" ? "delete" : "anonymise"}`, r.target, {
    kind: r.kind, ...(r.part ? { part: r.part } : {}), period: ctx.config.retention[r.kind], sha256: contentHash(r.content),
  });
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
  return ctx.db
    .prepare(
      `UPDATE outbox SET content = json_object('msgtype', json_extract(content, '$.msgtype')), file = NULL, file_name = NULL, last_error = NULL
       WHERE state = 'sent' AND sent_at < ? AND (file IS NOT NULL OR content <> json_object('msgtype', json_extract(content, '$.msgtype')))`,
    )
    .run(cutoff).changes;
}
