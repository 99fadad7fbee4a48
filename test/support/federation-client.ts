/**
 * The federated test world (federation.ts) as a test file sees it. Call `useFederation()` once at
 * the top of a describe block (or of the file): it takes a lease on the world in `beforeAll` and gives
 * it back in `afterAll`.
 *
 *   import { inject } from "vitest";
 *   import { useFederation } from "../../support/federation-client.ts";
 *
 *   describe.skipIf(!inject("federationRunning"))("police and city", () => {
 *     const fed = useFederation({ faults: true });
 *     it("…", async () => {
 *       const anna = await Person.create(fed.city, `anna-${id}`);    // @anna-…:stadt.test
 *       const ben = await Person.create(fed.police, `ben-${id}`);    // @ben-…:polizei.test
 *       await fed.partition();          // both links cut ("blackhole"; or partition("refuse"))
 *       await fed.heal();
 *       await fed.stop("police");       // SIGTERM; same directory, ports, database, signing key …
 *       await fed.start("police");      // … when it comes back (resolves once /health answers)
 *     });
 *   });
 *
 * Leases: without `faults`, a shared lease (any number of files at once, none of them may inject
 * faults); with `faults: true`, an exclusive one: the file waits until no other file holds a lease,
 * and runs alone in the world. After it, the world is restored before anyone else gets in (links
 * healed, servers started, backoffs reset), also when its worker dies. So files never see each
 * other's faults; a fault file only waits (the lease's hook allows 30 minutes). Blocks of one file run
 * one after the other, so a file may have a shared block and a fault block (world.test.ts does), but
 * not a fault block inside a shared one. Users and rooms of all files share the two servers: make
 * localparts unique per file.
 *
 * What the servers do after a fault is real Synapse behaviour with short retry intervals (see
 * FEDERATION_RETRY in federation.ts): a transaction is retried in place every ≤ 7 s for about 50 s;
 * a destination that stayed down longer is backed off (5 s, doubling, at most 30 s) and caught up
 * when something wakes it (a new event for it, a request from it, or the once-a-minute wake-up).
 * `resetBackoff()` clears both servers' backoffs at once, as an operator would with the admin API.
 */
import { request } from "node:http";
import type { ClientRequest, IncomingMessage } from "node:http";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { HomeserverRef } from "./synapse.ts";
import type { FederationRef, PartitionMode, ServerKey, UntrustedStats, WorldState } from "./federation.ts";

export type { PartitionMode, ServerKey, UntrustedStats, WorldState } from "./federation.ts";

export interface FederatedWorld {
  /** `stadt.test`: client API URL, server name, registration secret. */
  readonly city: HomeserverRef;
  /** `polizei.test`. */
  readonly police: HomeserverRef;
  /** A server name whose TLS certificate is not signed by the test CA (see `untrustedStats`). */
  readonly untrustedServerName: string;
  /** Cuts both links (federation requests either way fail); resolves once cut. Exclusive lease only. */
  partition(mode?: PartitionMode): Promise<void>;
  /** Restores both links. */
  heal(): Promise<void>;
  /** Stops a server (SIGTERM, SIGKILL after 10 s); its link stays, so the other side sees a closed port. */
  stop(server: ServerKey): Promise<void>;
  /** Starts a stopped server again on its directory; resolves once /health answers. */
  start(server: ServerKey): Promise<void>;
  /** Clears each server's backoff for the other and wakes its federation queue. */
  resetBackoff(): Promise<void>;
  /** Partition, stopped servers, leases. */
  state(): Promise<WorldState>;
  /** What reached the untrusted TLS server so far. */
  untrustedStats(): Promise<UntrustedStats>;
}

const NOT_RUNNING = "no federated world in this run (inject(\"federationRunning\") is false): skip the describe block with describe.skipIf";

interface HeldLease {
  id: string;
  req: ClientRequest;
  res: IncomingMessage;
}

/** Opens a lease and resolves once it is granted; the lease lasts as long as the connection. */
function acquire(control: string, mode: "shared" | "exclusive", holder: string): Promise<HeldLease> {
  return new Promise<HeldLease>((resolve, reject) => {
    const url = new URL(`${control}/lease`);
    url.searchParams.set("mode", mode);
    url.searchParams.set("holder", holder);
    const req = request(url, { method: "POST", agent: false });
    let granted = false;
    req.once("error", (e) => {
      if (!granted) reject(new Error(`federation lease: ${e.message}`, { cause: e }));
    });
    req.once("response", (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`federation lease: HTTP ${String(res.statusCode)}`));
        return;
      }
      res.setEncoding("utf8");
      let buffered = "";
      res.on("data", (chunk: string) => {
        buffered += chunk;
        const m = /^granted (\S+)$/m.exec(buffered);
        if (m && !granted) {
          granted = true;
          resolve({ id: m[1] as string, req, res });
        }
      });
      res.once("close", () => {
        if (!granted) reject(new Error("federation lease: the world closed the connection before granting (is the run ending?)"));
      });
    });
    req.end();
  });
}

/** Leases this process holds now (an exclusive one requested meanwhile would wait for them forever). */
let heldHere = 0;

/** Takes a lease for the surrounding describe block (or file) and returns the world. */
export function useFederation(opts: { faults?: boolean; holder?: string } = {}): FederatedWorld {
  const running = inject("federationRunning");
  const ref: FederationRef = inject("federation");
  const mode = opts.faults ? "exclusive" : "shared";
  let lease: HeldLease | undefined;

  beforeAll(async () => {
    if (!running) return;
    if (mode === "exclusive" && heldHere > 0) throw new Error("useFederation({ faults: true }) inside a block that already holds a lease would wait for itself: use it in a block of its own");
    const holder = opts.holder ?? `${expect.getState().testPath ?? "?"} (pid ${process.pid})`;
    lease = await acquire(ref.control, mode, holder);
    heldHere++;
    // A fault file may hold the world for a while (the ten-minute cut of federation/outage.test.ts
    // takes about 14 minutes with its other blocks), and files wait their turn.
  }, 30 * 60_000);

  afterAll(() => {
    if (!lease) return;
    lease.res.destroy();
    lease.req.destroy();
    lease = undefined;
    heldHere--;
  });

  const call = async <T>(method: "GET" | "POST", op: string, params: Record<string, string> = {}): Promise<T> => {
    if (!running) throw new Error(NOT_RUNNING);
    const headers: Record<string, string> = {};
    if (method === "POST") {
      if (!opts.faults) throw new Error(`fed.${op.slice(1)}(): faults need useFederation({ faults: true })`);
      if (!lease) throw new Error(`fed.${op.slice(1)}(): no lease yet (call it from a test or a hook after useFederation's beforeAll)`);
      headers["x-lease"] = lease.id;
    }
    const url = new URL(`${ref.control}${op}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url, { method, headers, signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`fed ${op}: HTTP ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  return {
    city: ref.city,
    police: ref.police,
    untrustedServerName: ref.untrustedServerName,
    partition: async (m: PartitionMode = "blackhole") => {
      await call("POST", "/partition", { mode: m });
    },
    heal: async () => {
      await call("POST", "/heal");
    },
    stop: async (server: ServerKey) => {
      await call("POST", "/stop", { server });
    },
    start: async (server: ServerKey) => {
      await call("POST", "/start", { server });
    },
    resetBackoff: async () => {
      await call("POST", "/reset-backoff");
    },
    state: () => call<WorldState>("GET", "/state"),
    untrustedStats: () => call<UntrustedStats>("GET", "/untrusted"),
  };
}
