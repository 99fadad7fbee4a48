// What /health reports: healthy while the sync with the homeserver works and the database takes a
// write. Every failing condition is named, so an operator sees why without reading logs.
import type { Database } from "../db/open.ts";
import { putValue } from "../store/kv.ts";

export interface Health {
  ok: boolean;
  reasons: string[];
  syncAgeSeconds: number | null;
}

export interface HealthInputs {
  now: number;
  lastSyncAt: number | null;
  syncFailure: { since: number; reason: string } | null;
  databaseProblem: string | null;
}

/**
 * A sync long-polls for 25 s and the SDK gives a request 40 s, so an age beyond this means the loop
 * is stuck even though no request has failed yet.
 */
export const SYNC_STALE_MS = 90_000;

export const STARTING: Health = { ok: false, reasons: ["starting: not yet connected to the homeserver"], syncAgeSeconds: null };

export function assessHealth(i: HealthInputs): Health {
  const reasons: string[] = [];
  const age = i.lastSyncAt === null ? null : i.now - i.lastSyncAt;
  if (i.syncFailure) reasons.push(`homeserver unreachable since ${new Date(i.syncFailure.since).toISOString()}: ${i.syncFailure.reason}`);
  else if (age === null) reasons.push("no sync with the homeserver completed yet");
  else if (age > SYNC_STALE_MS) reasons.push(`last sync completed ${Math.round(age / 1000)} s ago`);
  if (i.databaseProblem) reasons.push(`database not writable: ${i.databaseProblem}`);
  return { ok: reasons.length === 0, reasons, syncAgeSeconds: age === null ? null : Math.round(age / 100) / 10 };
}

const PROBE_CACHE_MS = 5_000;
const PROBE_KEY = "lagebot.health.checked_at";

/**
 * Writes one small row, so a full disk, a read-only mount or a lost file shows up. The answer is kept
 * for a few seconds: a flood of /health requests must not turn into a flood of fsyncs.
 */
export function databaseProbe(db: Database): () => string | null {
  let last: { at: number; problem: string | null } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.at < PROBE_CACHE_MS) return last.problem;
    let problem: string | null = null;
    try {
      putValue(db, PROBE_KEY, String(now));
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    last = { at: now, problem };
    return problem;
  };
}
