// What the sync loop knows between syncs, shared by the client subclass (lagebot-client.ts), its
// event listeners (sync-hooks.ts) and the Connection that reports it: whether syncs work, the last
// outage, which events of the sync being processed are history, and the batch being collected.
import { describeError } from "./errors.ts";
import { SyncBatch } from "./batch.ts";
import { Reachability } from "./reachability.ts";
import type { SyncHooks } from "./sync-hooks.ts";

export const LONG_POLL_MS = 25_000;
// A long poll answers within LONG_POLL_MS; silence well beyond it means the line is dead (a black
// hole shows no error until the SDK's 40 s request timeout).
const SILENT_SYNC_MS = LONG_POLL_MS + 15_000;

export class SyncState {
  hooks: SyncHooks | null = null;
  /** No sync token was saved: everything in the first sync is history, not commands to us. */
  firstSync: boolean;
  stopped = false;
  lastSync: number | null = null;
  /** performance.now() when the sync response being processed arrived. */
  arrivedAt: number | null = null;
  syncFailure: { since: number; reason: string } | null = null;
  lastOutage: { from: number; to: number; reason: string } | null = null;
  /** Event IDs of the sync being processed that came before our join (or in the first sync). */
  historic = new Set<string>();
  readonly batch = new SyncBatch();
  readonly reachability = new Reachability();

  constructor(hadToken: boolean) {
    this.firstSync = !hadToken;
  }

  /** A sync answered: an outage, if there was one, ends here. */
  answered(): void {
    this.arrivedAt = performance.now();
    if (this.syncFailure) this.lastOutage = { from: this.lastSync ?? this.syncFailure.since, to: Date.now(), reason: this.syncFailure.reason };
    this.syncFailure = null;
  }

  failed(e: unknown): void {
    this.syncFailure ??= { since: Date.now(), reason: describeError(e) };
  }

  /** No failed sync, and the long poll not silent for too long. */
  reachable(): boolean {
    return this.syncFailure === null && (this.lastSync === null || Date.now() - this.lastSync < SILENT_SYNC_MS);
  }
}
