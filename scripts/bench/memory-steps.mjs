// Child of `node scripts/bench/memory.ts modules`: loads the bot's parts one after another, as
// start-up does, and prints after each step (two GCs) what /proc says about this process. Plain
// JavaScript, so that the probe itself carries no TypeScript stripper. argv[2]: "dist" or "src".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const compiled = process.argv[2] === "dist";
const app = (p) => new URL(compiled ? `../../dist/${p}.js` : `../../${p}.ts`, import.meta.url).href;
const require = createRequire(import.meta.url);

function measure() {
  globalThis.gc();
  globalThis.gc();
  const rollup = readFileSync("/proc/self/smaps_rollup", "utf8");
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(rollup)?.[1] ?? 0) / 1024;
  let mallocHeap = 0;
  let mapping = "";
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) mapping = line;
    else if (line.startsWith("Rss:") && mapping.endsWith("[heap]")) mallocHeap += Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
  }
  return { rss: kb("Rss"), anon: kb("Anonymous"), heap: process.memoryUsage().heapUsed / 1048576, malloc: mallocHeap };
}

const steps = [
  ["node alone (+ src/deferred: the stand-ins main.ts sets first)", () => import(app("src/deferred"))],
  ["Intl with a time zone (ICU data)", async () => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin" }).format(new Date())],
  ["node:crypto, node:http (require), node:fs", async () => (require("node:http"), (await import("node:crypto")).randomBytes(4), await import("node:fs"))],
  ["pino", () => import("pino")],
  ["better-sqlite3 + an open database", async () => new (await import("better-sqlite3")).default(":memory:").exec("CREATE TABLE t (x)")],
  ["zod", () => import("zod")],
  ["luxon", () => import("luxon")],
  ["chrono-node (de, en)", async () => (await import("chrono-node/de"), await import("chrono-node/en"))],
  ["prom-client + default metrics", async () => { const p = await import("prom-client"); p.collectDefaultMetrics({ register: new p.Registry() }); }],
  ["ical-generator, ical-timezones, csv-stringify, feiertagejs", async () => (await import("ical-generator"), await import("@touch4it/ical-timezones"), await import("csv-stringify/sync"), await import("feiertagejs"))],
  ["config, time, stores", async () => (await import(app("src/config")), await import(app("src/time/parse")), await import(app("src/store/operations")))],
  ["the command families (commands/index)", () => import(app("commands/index"))],
  ["the rest of the bot (src/bot)", () => import(app("src/bot"))],
  ["matrix-bot-sdk (as loadSdk loads it)", async () => (await import(app("src/matrix/sdk"))).loadSdk()],
];

const out = [];
for (const [label, run] of steps) {
  await run();
  await new Promise((r) => setTimeout(r, 200));
  out.push([label, measure()]);
}
process.stdout.write(JSON.stringify(out));
