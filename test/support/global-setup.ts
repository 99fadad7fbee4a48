/**
 * Vitest global setup: starts ONE Synapse for the whole run when a selected test file lies under
 * test/e2e (and LAGEBOT_NO_E2E is not 1), provides its address to the tests, and stops it afterwards.
 *
 *   import { inject } from "vitest";
 *   const hs = inject("synapse"); // { url, serverName, sharedSecret }
 *
 * Without a Synapse, `inject("synapse")` gives an address where nothing listens (port 1), so a test
 * that uses it anyway fails at once with "connection refused"; `inject("synapseRunning")` tells.
 */
import { join, resolve, sep } from "node:path";
import type { TestProject } from "vitest/node";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cryptoMissing } from "./crypto-probe.ts";
import { startSynapse, synapseVenv } from "./synapse.ts";
import type { HomeserverRef } from "./synapse.ts";

declare module "vitest" {
  export interface ProvidedContext {
    synapse: HomeserverRef;
    synapseRunning: boolean;
  }
}

const NOWHERE: HomeserverRef = { url: "http://127.0.0.1:1", serverName: "no-synapse.invalid", sharedSecret: "" };

/**
 * Whether this run selected an end-to-end test file. Vitest does not hand the selection to global
 * setups, so this globs with the run's filename filters (an internal of Vitest 4); without them
 * (or should that internal change) it globs everything, which errs on the side of starting Synapse.
 */
async function e2eSelected(project: TestProject): Promise<boolean> {
  const filters: unknown = Reflect.get(project.vitest, "filenamePattern");
  const usable = Array.isArray(filters) && filters.every((f) => typeof f === "string") ? (filters as string[]) : undefined;
  const { testFiles } = await project.globTestFiles(usable);
  const e2eDir = resolve(project.config.root, "test", "e2e") + sep;
  return testFiles.some((f) => resolve(f).startsWith(e2eDir));
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
  if (process.env["LAGEBOT_NO_E2E"] === "1") {
    process.stderr.write("LAGEBOT_NO_E2E=1: no Synapse started\n");
    return undefined;
  }
  if (!(await e2eSelected(project))) return undefined;
  provision(project.config.root);
  const started = Date.now();
  const hs = await startSynapse();
  process.stderr.write(`Synapse ready at ${hs.url} after ${Date.now() - started} ms (directory ${hs.dir})\n`);
  project.provide("synapse", { url: hs.url, serverName: hs.serverName, sharedSecret: hs.sharedSecret });
  project.provide("synapseRunning", true);
  return () => hs.stop();
}
