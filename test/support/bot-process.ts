/**
 * Runs the bot as operators do: a child process `node src/main.ts --config <file>` in the repository
 * root, its stdout and stderr captured line by line.
 *
 *   const bot = await BotProcess.start({ config });          // resolves on the line containing "ready"
 *   await bot.kill("SIGKILL");                               // → { code, signal }
 *   const again = await bot.restart();                       // same config, same data directory
 *   const res = await BotProcess.runToExit(badConfig, 20_000); // { code, stdout, stderr }
 *
 * The config is written to a fresh temporary file. Without `dataDir` (neither in the options nor in
 * the config) the bot gets a fresh temporary data directory, so it never writes into the repository.
 * LAGEBOT_CONFIG, LAGEBOT_ACCESS_TOKEN and VITEST* of the test process are not passed on (give what the
 * bot should see in `env`).
 *
 * Cleanup: bots still running when the test process exits are killed; where util-linux `setpriv`
 * exists the bot also gets a parent-death signal, so it dies with a test worker that is killed.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotStartOptions {
  /** The bot's configuration, written to a temporary JSON file. */
  config: object;
  /** Overrides `config.dataDir`. */
  dataDir?: string;
  /** Extra environment variables for the bot. */
  env?: Record<string, string>;
  /** How long to wait for the `ready` line (default 60 s). */
  timeoutMs?: number;
}

const READY = /\bready\b/i;
const KILL_TIMEOUT_MS = 15_000;

// ---- cleanup ----------------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of liveChildren) child.kill("SIGKILL");
    if (!process.env["LAGEBOT_KEEP_SYNAPSE"]) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

function tempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

let setprivWorks: boolean | undefined;

/** `setpriv --pdeathsig SIGKILL` makes the kernel kill the bot when its parent dies (Linux). */
function command(args: string[]): { file: string; args: string[] } {
  setprivWorks ??= spawnSync("setpriv", ["--pdeathsig", "SIGKILL", "true"], { stdio: "ignore", timeout: 5_000 }).status === 0;
  return setprivWorks ? { file: "setpriv", args: ["--pdeathsig", "SIGKILL", process.execPath, ...args] } : { file: process.execPath, args };
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => key !== "LAGEBOT_CONFIG" && key !== "LAGEBOT_ACCESS_TOKEN" && !key.startsWith("VITEST"));
  return { ...Object.fromEntries(inherited), ...extra };
}

function spawnBot(configFile: string, env: Record<string, string>): ChildProcess {
  installExitHook();
  const { file, args } = command(["src/main.ts", "--config", configFile]);
  const child = spawn(file, args, { cwd: REPO_ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  return child;
}

/** Splits a stream into lines, calling `onLine` for each complete line (and the rest at the end). */
function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, nl).replace(/\r$/, ""));
      buffer = buffer.slice(nl + 1);
    }
  });
  stream.on("end", () => {
    if (buffer !== "") onLine(buffer);
    buffer = "";
  });
}

// ---- the bot ----------------------------------------------------------------------------------

export class BotProcess {
  readonly configFile: string;
  readonly dataDir: string | undefined;
  readonly pid: number | undefined;
  private readonly env: Record<string, string>;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;
  private spawnError: Error | undefined;

  private constructor(configFile: string, dataDir: string | undefined, env: Record<string, string>) {
    this.configFile = configFile;
    this.dataDir = dataDir;
    this.env = env;
    this.child = spawnBot(configFile, env);
    this.pid = this.child.pid;
    const onLine = (line: string) => {
      this.lines.push(line);
      for (const listener of [...this.lineListeners]) listener(line);
    };
    if (this.child.stdout) lines(this.child.stdout, onLine);
    if (this.child.stderr) lines(this.child.stderr, onLine);
    this.exited = new Promise((resolveExit) => {
      this.child.once("error", (e) => {
        this.spawnError = e;
        if (this.child.pid === undefined) {
          this.status = { code: null, signal: null };
          resolveExit(this.status);
          for (const listener of [...this.lineListeners]) listener("");
        }
      });
      // "close" comes after the output streams ended, so no line is missing after an exit.
      this.child.once("close", (code, signal) => {
        this.status = { code, signal };
        resolveExit(this.status);
        for (const listener of [...this.lineListeners]) listener("");
      });
    });
  }

  /** Starts the bot and resolves once it logged a line containing `ready` (rejects with its output otherwise). */
  static async start(opts: BotStartOptions): Promise<BotProcess> {
    const config: Record<string, unknown> = { ...(opts.config as Record<string, unknown>) };
    if (opts.dataDir !== undefined) config["dataDir"] = opts.dataDir;
    if (config["dataDir"] === undefined) config["dataDir"] = join(tempDir("lagebot-data-"), "data");
    const dataDir = typeof config["dataDir"] === "string" ? config["dataDir"] : undefined;
    const configFile = writeConfig(config);
    return BotProcess.launch(configFile, dataDir, opts.env ?? {}, opts.timeoutMs ?? 60_000);
  }

  private static async launch(configFile: string, dataDir: string | undefined, env: Record<string, string>, timeoutMs: number, waitForReady = true): Promise<BotProcess> {
    const bot = new BotProcess(configFile, dataDir, env);
    if (!waitForReady) return bot;
    try {
      await bot.waitForLine(READY, timeoutMs);
    } catch (e) {
      await bot.kill("SIGKILL").catch(() => undefined);
      throw new Error(`bot did not become ready: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return bot;
  }

  /** Starts the bot again with the same config file, data directory and environment (after `kill`). */
  async restart(opts: { timeoutMs?: number; /** false: return at once (e.g. to kill it during start-up) */ waitForReady?: boolean } = {}): Promise<BotProcess> {
    if (this.running) throw new Error(`restart(): bot ${this.pid} is still running; kill it first`);
    return BotProcess.launch(this.configFile, this.dataDir, this.env, opts.timeoutMs ?? 60_000, opts.waitForReady ?? true);
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.status === undefined;
  }

  /** The exit code, null while running or when killed by a signal. */
  get exitCode(): number | null {
    return this.status?.code ?? null;
  }

  /** The signal that ended the process, null while running or after a normal exit. */
  get exitSignal(): NodeJS.Signals | null {
    return this.status?.signal ?? null;
  }

  /** Every line the bot wrote so far (stdout and stderr interleaved as received). */
  output(): string[] {
    return [...this.lines];
  }

  /** Lines parsed as JSON objects (pino logs); other lines are skipped. */
  jsonLines(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      if (!line.startsWith("{")) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (typeof v === "object" && v !== null && !Array.isArray(v)) out.push(v as Record<string, unknown>);
      } catch {
        // not JSON
      }
    }
    return out;
  }

  /**
   * The first line (already written or still to come) matching `re`. Rejects with the recent output
   * when the bot exits first or after `timeoutMs` (default 30 s).
   */
  waitForLine(re: RegExp, timeoutMs = 30_000, opts: { fromLine?: number } = {}): Promise<string> {
    const test = (line: string) => {
      re.lastIndex = 0;
      return re.test(line);
    };
    const already = this.lines.slice(opts.fromLine ?? 0).find(test);
    if (already !== undefined) return Promise.resolve(already);
    if (!this.running) return Promise.reject(new Error(`bot ${this.describeExit()} before a line matching ${re}:\n${this.recent()}`));
    return new Promise((resolveLine, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
      };
      const listener = (line: string) => {
        if (this.running && line !== "" && test(line)) {
          done();
          resolveLine(line);
        } else if (!this.running) {
          const hit = this.lines.slice(opts.fromLine ?? 0).find(test);
          done();
          if (hit !== undefined) resolveLine(hit);
          else reject(new Error(`bot ${this.describeExit()} before a line matching ${re}:\n${this.recent()}`));
        }
      };
      const timer = setTimeout(() => {
        this.lineListeners.delete(listener);
        reject(new Error(`no line matching ${re} within ${timeoutMs} ms:\n${this.recent()}`));
      }, timeoutMs);
      this.lineListeners.add(listener);
    });
  }

  /** Sends `signal` (if still running) and resolves with how the process ended (rejects after 15 s). */
  async kill(signal: "SIGKILL" | "SIGTERM" | "SIGINT" = "SIGTERM"): Promise<ExitStatus> {
    if (this.running) this.child.kill(signal);
    const status = await within(this.exited, KILL_TIMEOUT_MS);
    if (status !== undefined) return status;
    this.child.kill("SIGKILL");
    await within(this.exited, 5_000);
    throw new Error(`bot did not exit within ${KILL_TIMEOUT_MS} ms of ${signal} (then killed):\n${this.recent()}`);
  }

  /** Resolves when the process has ended by itself (rejects after `timeoutMs`). */
  async waitForExit(timeoutMs = 30_000): Promise<ExitStatus> {
    const status = await within(this.exited, timeoutMs);
    if (status === undefined) throw new Error(`bot still running after ${timeoutMs} ms:\n${this.recent()}`);
    return status;
  }

  private describeExit(): string {
    if (this.spawnError) return `could not be started (${this.spawnError.message})`;
    return this.status?.signal ? `was killed by ${this.status.signal}` : `exited with code ${this.status?.code ?? "?"}`;
  }

  private recent(n = 40): string {
    const tailLines = this.lines.slice(-n);
    return tailLines.length === 0 ? "  (no output)" : tailLines.map((l) => `  | ${l}`).join("\n");
  }

  /**
   * Runs the bot until it exits by itself (for start-up errors). Kills it after `timeoutMs` and then
   * reports `timedOut: true`. `config` is a path to an existing file or an object to write.
   */
  static async runToExit(
    config: string | object,
    timeoutMs = 30_000,
    env: Record<string, string> = {},
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }> {
    const configFile = typeof config === "string" ? config : writeConfig(config);
    const child = spawnBot(configFile, env);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr?.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    try {
      const status = await new Promise<ExitStatus>((resolveExit, reject) => {
        child.once("error", (e) => {
          if (child.pid === undefined) reject(new Error(`cannot start the bot: ${e.message}`));
        });
        child.once("close", (code, signal) => resolveExit({ code, signal }));
      });
      return { ...status, stdout, stderr, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `p`'s value, or undefined when it takes longer than `ms` (the timer is cleared either way). */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function writeConfig(config: object): string {
  const file = join(tempDir("lagebot-cfg-"), "config.json");
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}
