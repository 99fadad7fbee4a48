import { defineConfig } from "vitest/config";

// One `npm test` runs unit and end-to-end tests. The global setup starts one Synapse for the whole
// run (only when an e2e file is selected) and stops it afterwards.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // LAGEBOT_NO_E2E=1: a quick run of what needs no Synapse (the e2e files would only fail).
    exclude: process.env["LAGEBOT_NO_E2E"] === "1" ? ["test/e2e/**", "**/node_modules/**"] : ["**/node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // The e2e files mostly wait (for Synapse, reminders, restarts), each with its own users and rooms
    // on the one Synapse: six run side by side on two cores. LAGEBOT_TEST_WORKERS overrides.
    maxWorkers: Number(process.env["LAGEBOT_TEST_WORKERS"] ?? 6),
    reporters: ["default"],
  },
});
