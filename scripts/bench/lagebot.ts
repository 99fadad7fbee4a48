// Lagebot as the bench runs it: what `npm start` runs (the compiled dist/src/main.js with the start
// script's Node flags), built first when the sources are newer, with a config in a temporary file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../test/support/bot-process.ts";
import { ChildBot } from "./process.ts";

/** The Node flags and entry file of `npm start`, read from package.json. */
export const START = (() => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts?: { start?: string } };
  const m = /^node\s+(.*?)\s*(\S+\.(?:js|ts))(?:\s|$)/.exec(pkg.scripts?.start ?? "");
  return { flags: (m?.[1] ?? "").split(/\s+/).filter(Boolean), entry: m?.[2] ?? "src/main.ts" };
})();
export const NODE_FLAGS = START.flags.join(" ");

let extra: string[] = [];
/** Flags added to every Lagebot process of this run (`npm run bench -- --node-flags …`). */
export function setExtraFlags(flags: string[]): void {
  extra = flags;
}

/** Builds dist/ when it is older than the sources, as `npm start`'s prestart does. */
export function buildIfStale(): void {
  if (!START.entry.startsWith("dist/")) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "build.mjs"), "--if-stale"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("building dist/ failed");
}

/** The bench's environment without what would override the bot's config file. */
function botEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env["LAGEBOT_CONFIG"];
  delete env["LAGEBOT_ACCESS_TOKEN"];
  return env;
}

export class Lagebot {
  readonly dataDir: string;
  private readonly configFile: string;
  proc: ChildBot | null = null;
  port = 0;

  constructor(config: Record<string, unknown>, dataDir: string) {
    this.dataDir = dataDir;
    this.configFile = join(mkdtempSync(join(tmpdir(), "lagebot-bench-cfg-")), "config.json");
    writeFileSync(this.configFile, JSON.stringify({ ...config, dataDir }), { mode: 0o600 });
  }

  /** Starts the bot; another entry (src/main.ts) or other Node flags than npm start's, to compare. */
  async start(entry = START.entry, flags = [...START.flags, ...extra]): Promise<ChildBot> {
    const proc = await ChildBot.start("Lagebot", process.execPath, [...flags, entry, "--config", this.configFile], {
      cwd: REPO_ROOT, env: botEnv(), ready: /\bready\b/i, timeoutMs: 120_000,
    });
    const line = proc.jsonLines().find((l) => typeof l["msg"] === "string" && l["msg"].includes("health and metrics endpoint"));
    if (typeof line?.["port"] !== "number") throw new Error("Lagebot did not log its metrics endpoint");
    this.proc = proc;
    this.port = line["port"];
    return proc;
  }

  async stop(): Promise<void> {
    await this.proc?.kill("SIGTERM");
  }
}
