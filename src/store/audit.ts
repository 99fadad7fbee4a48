// Append-only audit log; each row's hash covers the previous row's hash and its own content.
import { createHash } from "node:crypto";
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";

export type AuditOutcome = "ok" | "refused" | "error";

export interface AuditEntry {
  at: number;
  actor: string;
  agency: string | null;
  action: string;
  target: string | null;
  roomId: string | null;
  eventId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

export const GENESIS_HASH = "0".repeat(64);

export function auditHash(prevHash: string, e: AuditEntry): string {
  const content = JSON.stringify([e.at, e.actor, e.agency, e.action, e.target, e.roomId, e.eventId, e.outcome, JSON.stringify(e.details)]);
  return createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}

export function appendAudit(db: Database, e: AuditEntry): void {
  const last = prepared<[], { hash: string }>(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1").get();
  const prev = last?.hash ?? GENESIS_HASH;
  prepared(
    db,
    `INSERT INTO audit (at, actor, agency, action, target, room_id, event_id, outcome, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.at, e.actor, e.agency, e.action, e.target, e.roomId, e.eventId, e.outcome, JSON.stringify(e.details), prev, auditHash(prev, e));
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  agency: string | null;
  action: string;
  target: string | null;
  room_id: string | null;
  event_id: string | null;
  outcome: AuditOutcome;
  details: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the chain (or the rows with ids in `range`, linked to the row before them); returns the
 * first row whose link or hash does not match, or null when intact.
 */
export function verifyAudit(db: Database, range: { fromId: number; toId: number } | null = null): { rows: number; firstBad: { id: number; problem: string } | null } {
  const from = range?.fromId ?? Number.MIN_SAFE_INTEGER;
  const to = range?.toId ?? Number.MAX_SAFE_INTEGER;
  let prev = prepared<[number], { hash: string }>(db, "SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1").get(from)?.hash ?? GENESIS_HASH;
  let rows = 0;
  for (const row of db.prepare<[number, number], AuditRow>("SELECT * FROM audit WHERE id >= ? AND id <= ? ORDER BY id").iterate(from, to)) {
    rows++;
    if (row.prev_hash !== prev) return { rows, firstBad: { id: row.id, problem: "link to previous row broken" } };
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      return { rows, firstBad: { id: row.id, problem: "details are not JSON" } };
    }
    const expected = auditHash(prev, {
      at: row.at, actor: row.actor, agency: row.agency, action: row.action, target: row.target,
      roomId: row.room_id, eventId: row.event_id, outcome: row.outcome, details,
    });
    if (expected !== row.hash) return { rows, firstBad: { id: row.id, problem: "content does not match its hash" } };
    prev = row.hash;
  }
  return { rows, firstBad: null };
}

/** One audit row as stored, for exports. */
export interface AuditRecord extends AuditEntry {
  id: number;
  prevHash: string;
  hash: string;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id, at: row.at, actor: row.actor, agency: row.agency, action: row.action, target: row.target, roomId: row.room_id,
    eventId: row.event_id, outcome: row.outcome, details: JSON.parse(row.details) as Record<string, unknown>, prevHash: row.prev_hash, hash: row.hash,
  };
}

/** Rows with `from <= at < to` (either end open when null), oldest first, at most `limit`. */
export function auditBetween(db: Database, from: number | null, to: number | null, limit: number): AuditRecord[] {
  return prepared<[number, number, number], AuditRow>(db, "SELECT * FROM audit WHERE at >= ? AND at < ? ORDER BY id LIMIT ?")
    .all(from ?? Number.MIN_SAFE_INTEGER, to ?? Number.MAX_SAFE_INTEGER, limit)
    .map(toRecord);
}

/** The latest `limit` successful actions on a target ("OP-7"), newest first: its history. */
export function historyOf(db: Database, target: string, limit: number): Array<{ at: number; actor: string; action: string }> {
  return prepared<[string, number], { at: number; actor: string; action: string }>(db, "SELECT at, actor, action FROM audit WHERE target = ? AND outcome = 'ok' ORDER BY id DESC LIMIT ?")
    .all(target, limit);
}

/** What the audit log holds about one incoming event (a command), oldest first: to tell whether an edit of it changed anything. */
export function auditOfEvent(db: Database, eventId: string): Array<{ actor: string; action: string; target: string | null; outcome: AuditOutcome }> {
  return prepared<[string], { actor: string; action: string; target: string | null; outcome: AuditOutcome }>(
    db, "SELECT actor, action, target, outcome FROM audit WHERE event_id = ? ORDER BY id LIMIT 20",
  ).all(eventId);
}
