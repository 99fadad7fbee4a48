// Rate limits and server errors between the bot and a real Synapse, injected by a proxy: 429 with
// retry_after_ms (and Retry-After), then 500s, then slow answers and an answer lost after Synapse
// stored the event. The bot waits as told, retries each send under the same transaction ID (the
// proxy's log of PUT paths shows it), keeps the room's order, and loses and doubles nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../../support/bot-process.ts";
import { faultWorld, isBotMessage, repliesTo, waitForReplies } from "../../support/faults.ts";
import type { FaultWorld } from "../../support/faults.ts";
import { isReplyTo } from "../../support/person.ts";
import { FaultProxy } from "../../support/proxy.ts";
import type { Fault, ProxyRequest } from "../../support/proxy.ts";
import { ifSet } from "../../support/suite.ts";

const hs = inject("synapse");
const SEND = /^\/_matrix\/client\/v3\/rooms\/[^/]+\/send\/m\.room\.message\//;
const COMMANDS = ["!status", "!hilfe", "!einsatz liste", "!presse liste", "!hilfe einsatz"];

describe("rate limits, server errors and slow answers", () => {
  let w: FaultWorld;
  let proxy: FaultProxy;
  let bot: BotProcess | null = null;
  const figures: string[] = [];

  beforeAll(async () => {
    w = await faultWorld(hs, "ratelimit");
    proxy = await FaultProxy.start(hs.url);
    await w.anna.startSync();
    bot = await BotProcess.start({ config: w.config({ homeserverUrl: proxy.url }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await started?.anna.stopSync();
    await ifSet(proxy)?.stop();
    started?.dispose();
    console.log(`ratelimit: ${figures.join("; ")}`);
  });

  /** Sends the commands in a row under `fault`, waits for every reply; returns the PUTs of the phase. */
  async function phase(name: string, fault: Fault, times: number): Promise<{ attempts: Map<string, ProxyRequest[]>; puts: ProxyRequest[] }> {
    const since = proxy.requests().length;
    proxy.inject({ method: "PUT", path: SEND, times, fault });
    const mark = w.anna.mark();
    const sent: string[] = [];
    for (const c of COMMANDS) sent.push(await w.anna.send(w.room, c));
    await waitForReplies(w.anna, w.botId, sent, mark, 90_000);
    await w.anna.collect(w.room, 2_000); // room for a duplicate to show up

    // Exactly one reply each, in the order of the commands.
    for (const id of sent) expect(repliesTo(w.anna, w.botId, id, mark)).toHaveLength(1);
    const order = w.anna.eventsSince(mark, w.room).filter(isBotMessage(w.botId)).map((ev) => sent.findIndex((id) => isReplyTo(ev, id)));
    expect(order).toEqual(sent.map((_, i) => i));

    const puts = proxy.requests({ method: "PUT", path: SEND }).filter((r) => proxy.requests().indexOf(r) >= since);
    const attempts = new Map<string, ProxyRequest[]>();
    for (const p of puts) attempts.set(p.path, [...(attempts.get(p.path) ?? []), p]);
    // One transaction ID per reply: retries reuse it, so the homeserver can drop a duplicate.
    expect(attempts.size).toBe(COMMANDS.length);
    for (const list of attempts.values()) expect(list.at(-1)?.status).toBe(200);
    const faulted = puts.filter((p) => p.fault === fault.kind).length;
    expect(faulted).toBe(times);
    figures.push(`${name}: ${faulted} faults, ${puts.length} PUTs for ${COMMANDS.length} replies, duplicates found 0`);
    return { attempts, puts };
  }

  it("waits as told after 429 and retries under the same transaction ID", async () => {
    const retryAfterMs = 1_500;
    const { attempts } = await phase("429", { kind: "status", status: 429, retryAfterMs }, 3);
    const waits: number[] = [];
    for (const list of attempts.values()) {
      list.forEach((p, i) => {
        const next = list[i + 1];
        if (p.status === 429 && next) waits.push(next.at - p.doneAt);
      });
    }
    expect(waits).toHaveLength(3);
    // Retry-After is whole seconds (rounded up), retry_after_ms is exact: either is "as told".
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(retryAfterMs - 50);
  });

  it("backs off after 500s and retries under the same transaction ID", async () => {
    const { attempts } = await phase("500", { kind: "status", status: 500 }, 4);
    const retried = [...attempts.values()].filter((l) => l.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const l of retried) expect(l.slice(0, -1).every((p) => p.status === 500)).toBe(true);
    // Backed off: the first retry waits at least 0.75 × 500 ms (a failed bookkeeping write once made it retry at once).
    for (const l of retried) expect((l[1]?.at ?? 0) - (l[0]?.doneAt ?? 0)).toBeGreaterThanOrEqual(350);
  });

  it("waits out slow answers", async () => {
    const { puts } = await phase("slow", { kind: "delay", ms: 2_500 }, 3);
    expect(puts.filter((p) => p.fault === "delay").every((p) => p.status === 200)).toBe(true);
  });

  it("posts once when Synapse stored the event but the answer was lost", async () => {
    const { attempts } = await phase("lost answer", { kind: "lose-response" }, 2);
    // Each lost answer is followed by a retry of the same PUT, which Synapse answers with the same event.
    const lost = [...attempts.values()].filter((l) => l.some((p) => p.fault === "lose-response"));
    expect(lost.length).toBeGreaterThan(0);
    for (const l of lost) expect(l.at(-1)?.fault).toBeNull();
  });
});
