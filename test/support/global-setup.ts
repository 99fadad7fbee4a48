/**
 * Vitest global setup: starts ONE Synapse for the whole run when a selected test file lies under
 * test/e2e outside test/e2e/federation (and LAGEBOT_NO_E2E is not 1), provides its address to the
 * tests, and stops it afterwards.
 *
 *   import { inject } from "vitest";
 *   const hs = inject("synapse"); // { url, serverName, sharedSecret }
 *
 * Without a Synapse, `inject("synapse")` gives an address where nothing listens (port 1), so a test
 * that uses it anyway fails at once with "connection refused"; `inject("synapseRunning")` tells.
 *
 * When a selected file lies under test/e2e/federation, it also (in parallel) brings up the federated
 * world of federation.ts: two Synapses, `stadt.test` and `polizei.test`. Tests reach it through
 * `useFederation()` (federation-client.ts), which reads `inject("federation")`;
 * `inject("federationRunning")` tells whether it is up.
 */
import { join, resolve, sep } from "node:path";
import type { TestProject } from "vitest/node";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cryptoMissing } from "./crypto-probe.ts";
import { startFederation } from "./federation.ts";
import type { FederationHandle, FederationRef } from "./federation.ts";
import { startSynapse, synapseVenv } from "./synapse.ts";
import type { HomeserverRef, SynapseHandle } from "./synapse.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synapse: HomeserverRef;
    synapseRunning: boolean;
    federation: FederationRef;
    federationRunning: boolean;
  }
}

const NOWHERE: HomeserverRef = { url: "http://127.0.0.1:1", serverName: "no-synapse.invalid", sharedSecret: "" };
const NO_FEDERATION: FederationRef = { city: NOWHERE, police: NOWHERE, control: "http://127.0.0.1:1/none", untrustedServerName: "no-synapse.invalid" };

/**
 * Which end-to-end test files this run selected: any that need the single Synapse (under test/e2e,
 * not under test/e2e/federation), any that need the federated world (under test/e2e/federation).
 * Vitest does not hand the selection to global setups, so this globs with the run's filename filters
 * (an internal of Vitest 4); without them (or should that internal change) it globs everything,
 * which errs on the side of starting servers.
 */
async function e2eSelected(project: TestProject): Promise<{ single: boolean; federation: boolean }> {
  const filters: unknown = Reflect.get(project.vitest, "filenamePattern");
  const usable = Array.isArray(filters) && filters.every((f) => typeof f === "string") ? filters.map(String) : undefined;
  const { testFiles } = await project.globTestFiles(usable);
  const e2eDir = resolve(project.config.root, "test", "e2e") + sep;
  const fedDir = resolve(project.config.root, "test", "e2e", "federation") + sep;
  const files = testFiles.map((f) => resolve(f));
  return {
    single: files.some((f) => f.startsWith(e2eDir) && !f.startsWith(fedDir)),
    federation: files.some((f) => f.startsWith(fedDir)),
  };
}

/**
 * `npm test` on a fresh machine: the Synapse virtualenv is made when it is missing (cached), and the
 * E2EE library built through the offline route when LAGEBOT_CRYPTO_SOURCE names its source. Each
 * script prints its own progress lines and, when it cannot, what is missing.
 */
function provision(root: string): void {
  const run = (script: string, what: string) => {
    process.stderr.write(`npm test: ${what}\n`);
    const res = spawnSync("bash", [script], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (res.status !== 0) throw new Error(`${script} failed (exit ${String(res.status)}); its message is above`);
  };
  if (!process.env["LAGEBOT_SYNAPSE_VENV"]) {
    const fresh = !existsSync(join(synapseVenv(), "bin", "python"));
    run("scripts/ensure-synapse.sh", fresh ? "no Synapse virtualenv yet; making it (a minute or two, cached afterwards)" : "checking the Synapse virtualenv");
  }
  if (process.env["LAGEBOT_CRYPTO_SOURCE"] && cryptoMissing()) run("scripts/ensure-crypto.sh", "the E2EE library is missing; building it from LAGEBOT_CRYPTO_SOURCE (about 7 minutes, cached afterwards)");
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide("synapse", NOWHERE);
  project.provide("synapseRunning", false);
  project.provide("federation", NO_FEDERATION);
  project.provide("federationRunning", false);
  if (process.env["LAGEBOT_NO_E2E"] === "1") {
    process.stderr.write("LAGEBOT_NO_E2E=1: no Synapse started\n");
    return undefined;
  }
  const want = await e2eSelected(project);
  if (!want.single && !want.federation) return undefined;
  provision(project.config.root);
  const started = Date.now();
  // Both at once; when one fails, the other is stopped before the error goes up.
  const [single, fed] = await Promise.allSettled([
    want.single
      ? startSynapse().then((hs) => {
          process.stderr.write(`Synapse ready at ${hs.url} after ${Date.now() - started} ms (directory ${hs.dir})\n`);
          return hs;
        })
      : Promise.resolve(undefined),
    want.federation
      ? startFederation().then((w) => {
          process.stderr.write(`Federated world (stadt.test, polizei.test) ready after ${Date.now() - started} ms (directory ${w.dir})\n`);
          return w;
        })
      : Promise.resolve(undefined),
  ]);
  const hs: SynapseHandle | undefined = single.status === "fulfilled" ? single.value : undefined;
  const world: FederationHandle | undefined = fed.status === "fulfilled" ? fed.value : undefined;
  const stopAll = async () => {
    await Promise.all([hs?.stop(), world?.stop()]);
  };
  if (single.status === "rejected" || fed.status === "rejected") {
    await stopAll();
    throw single.status === "rejected" ? single.reason : (fed as PromiseRejectedResult).reason;
  }
  if (hs) {
    project.provide("synapse", { url: hs.url, serverName: hs.serverName, sharedSecret: hs.sharedSecret });
    project.provide("synapseRunning", true);
  }
  if (world) {
    project.provide("federation", world.ref);
    project.provide("federationRunning", true);
  }
  return stopAll;
}
