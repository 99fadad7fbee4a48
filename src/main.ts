// Entry point: `npm start [-- --config path]`. Config problems are listed all at once and nothing is
// written; SIGTERM/SIGINT shut down cleanly with exit code 0.
import "./deferred.ts"; // first: dependencies' unused packages stay unloaded (see there)
import { parseArgs } from "node:util";
import { formatProblems, loadConfigFile } from "./config.ts";
import { createLogger } from "./log.ts";
import { startBot } from "./bot.ts";
import type { Bot } from "./bot.ts";
import { StartupError } from "./matrix/client.ts";
import { STARTING } from "./http/health.ts";
import { startHttpServer } from "./http/server.ts";
import type { HttpEndpoint } from "./http/server.ts";
import { Metrics } from "./metrics.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { config: { type: "string", short: "c" } }, allowPositionals: false, strict: true });
  const path = values.config ?? process.env["LAGEBOT_CONFIG"] ?? "./config.json";
  const loaded = loadConfigFile(path, process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n`);
    return 2;
  }
  const config = loaded.config;
  const log = createLogger(config.logLevel);
  let bot: Bot | null = null;
  let http: HttpEndpoint | null = null;
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "shutting down");
    void (http ? http.close() : Promise.resolve()).then(() => (bot ? bot.stop() : undefined)).then(() => {
      log.info("stopped");
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("unhandledRejection", (e) => log.error({ err: e }, "unhandled rejection"));

  const metrics = new Metrics();
  // Up before the bot connects, so /health says "starting" rather than nothing while it retries.
  if (config.metrics.port !== null) {
    http = await startHttpServer({ ...config.metrics, port: config.metrics.port, log, metrics: () => metrics.render(), health: () => bot?.health() ?? STARTING });
  }
  try {
    bot = await startBot(config, log, undefined, metrics);
  } catch (e) {
    if (e instanceof StartupError) {
      log.fatal(e.message);
      process.stderr.write(`Lagebot cannot start:\n${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  await bot.ready;
  log.info({ rooms: bot.runtime().rooms.length }, "ready: connected and caught up");
  return -1; // keep running
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`Lagebot crashed during start-up: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
