// Prometheus metrics (prom-client) for operators and for `npm run bench`. Counters the bot already
// keeps (outbox retries, fired posts, decryption failures) are read at scrape time, not duplicated.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Transport } from "./matrix/outbox.ts";

/** What the running bot reports; bound once its parts exist. */
export interface MetricSources {
  outbox(): { pending: number; failed: number; retrying: number };
  outboxRetries(): number;
  schedulerLagMs(): number | null;
  scheduledFired(): number;
  syncAgeMs(): number | null;
  decryptionFailures(): number;
  waitingForKeys(): number;
}

// Fine steps below 50 ms (the bench reads quantiles of these histograms), coarse ones up to 30 s for a
// homeserver that falls behind.
const FAST_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Events waiting for their reply; old entries (messages that got none) fall out first. */
const MAX_TRACKED = 5_000;

export class Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | null = null;
  private readonly commands: Counter<"family" | "outcome">;
  private readonly handling: Histogram<"family">;
  private readonly botAdded: Histogram;
  private readonly outboxWait: Histogram;
  private readonly lateKeyWait: Histogram;
  private readonly arrivals = new Map<string, number>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({ name: "lagebot_commands_total", help: "Commands handled, by family and outcome (ok, rejected)", labelNames: ["family", "outcome"], registers });
    this.handling = new Histogram({ name: "lagebot_command_duration_seconds", help: "Time in the command's transaction (handler, audit, outbox rows)", labelNames: ["family"], buckets: FAST_BUCKETS, registers });
    this.botAdded = new Histogram({
      name: "lagebot_bot_added_seconds",
      help: "From the arrival of the sync response with a message to the start of the PUT of its reply",
      buckets: FAST_BUCKETS,
      registers,
    });
    this.outboxWait = new Histogram({
      name: "lagebot_outbox_wait_seconds",
      help: "From a message entering the outbox to its first PUT (waits behind the room's earlier messages when the homeserver is slow)",
      buckets: FAST_BUCKETS,
      registers,
    });
    this.lateKeyWait = new Histogram({
      name: "lagebot_late_key_wait_seconds",
      help: "From sending an encrypted event whose room key came late to its decryption by the bot",
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    const src = () => this.sources;
    const outboxGauge = (name: string, help: string, pick: (o: ReturnType<MetricSources["outbox"]>) => number) =>
      new Gauge({ name, help, registers, collect() { const s = src(); if (s) this.set(pick(s.outbox())); } });
    outboxGauge("lagebot_outbox_pending", "Messages waiting to be sent (queue length)", (o) => o.pending);
    outboxGauge("lagebot_outbox_retrying", "Pending messages that failed at least once", (o) => o.retrying);
    outboxGauge("lagebot_outbox_failed", "Messages given up on (permanent errors)", (o) => o.failed);
    monotonic("lagebot_outbox_retries_total", "Send attempts that will be retried (429, 5xx, network)", () => src()?.outboxRetries() ?? 0, registers);
    monotonic("lagebot_scheduled_fired_total", "Scheduled posts fired", () => src()?.scheduledFired() ?? 0, registers);
    monotonic("lagebot_decryption_failures_total", "Events that could not be decrypted (no room key within the wait window)", () => src()?.decryptionFailures() ?? 0, registers);
    new Gauge({ name: "lagebot_waiting_for_keys", help: "Encrypted events waiting for their room key", registers, collect() { const s = src(); if (s) this.set(s.waitingForKeys()); } });
    optionalGauge("lagebot_scheduler_lag_seconds", "Delay of the last fired scheduled post after its due time", () => src()?.schedulerLagMs() ?? null, registers);
    optionalGauge("lagebot_sync_age_seconds", "Time since the last completed sync with the homeserver", () => src()?.syncAgeMs() ?? null, registers);
  }

  bind(sources: MetricSources): void {
    this.sources = sources;
  }

  command(family: string, outcome: string, ms: number): void {
    this.commands.inc({ family, outcome });
    this.handling.observe({ family }, ms / 1000);
  }

  /** A message event arrived in the sync response received at `at` (performance.now()). */
  arrived(event: Record<string, unknown>, at: number | null): void {
    const id = event["event_id"];
    if (at === null || typeof id !== "string" || event["type"] !== "m.room.message") return;
    if (this.arrivals.size >= MAX_TRACKED) this.arrivals.delete(this.arrivals.keys().next().value ?? "");
    this.arrivals.set(id, at);
  }

  /** An encrypted event was decrypted `ms` after it was sent, its key having come late. */
  lateKey(ms: number): void {
    this.lateKeyWait.observe(ms / 1000);
  }

  /** A message's first PUT starts after `ms` in the outbox. */
  queued(ms: number): void {
    this.outboxWait.observe(ms / 1000);
  }

  /** The transport with the bot-added time observed when a reply's first send starts. */
  instrument(t: Transport): Transport {
    return {
      sendEvent: (roomId, type, txnId, content) => {
        this.replying(content);
        return t.sendEvent(roomId, type, txnId, content);
      },
      redact: (roomId, target, txnId, reason) => t.redact(roomId, target, txnId, reason),
      encrypts: (roomId) => t.encrypts(roomId),
      upload: (roomId, data, name, mime, encrypt) => t.upload(roomId, data, name, mime, encrypt),
      ...(t.direct ? { direct: t.direct } : {}),
    };
  }

  private replying(content: Record<string, unknown>): void {
    const rel = content["m.relates_to"];
    const reply: unknown = typeof rel === "object" && rel !== null ? Reflect.get(rel, "m.in_reply_to") : null;
    const target: unknown = typeof reply === "object" && reply !== null ? Reflect.get(reply, "event_id") : null;
    if (typeof target !== "string") return;
    const at = this.arrivals.get(target);
    if (at === undefined) return;
    this.arrivals.delete(target); // a retry of the same reply is not counted again
    this.botAdded.observe((performance.now() - at) / 1000);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A counter that mirrors a running total kept elsewhere. */
function monotonic(name: string, help: string, read: () => number, registers: Registry[]): void {
  let seen = 0;
  new Counter({
    name, help, registers,
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}

/** A gauge in seconds that has no sample until there is something to report. */
function optionalGauge(name: string, help: string, readMs: () => number | null, registers: Registry[]): void {
  new Gauge({
    name, help, registers,
    collect() {
      const ms = readMs();
      if (ms === null) this.reset();
      else this.set(ms / 1000);
    },
  });
}
