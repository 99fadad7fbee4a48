// A bot under measurement as a child process: its output line by line, and what /proc says about it
// (resident memory, CPU seconds). Lagebot and the peer both run through this, so both are measured
// the same way. (test/support/bot-process.ts always runs src/main.ts; the bench runs what `npm start`
// runs.)
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
const USER_HZ = 100;

export interface ProcStats {
  /** Resident set now, MB. */
  rssMb: number;
  /** Peak resident set (VmHWM), MB. */
  peakMb: number;
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
}

/** Memory and CPU of a running process from /proc. */
export function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: kb("VmRSS"), peakMb: kb("VmHWM"), cpuSeconds: ticks / USER_HZ };
}

export class ChildBot {
  readonly name: string;
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly listeners = new Set<() => void>();
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;

  private constructor(name: string, file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.name = name;
    this.child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    if (this.child.pid === undefined) throw new Error(`${name}: cannot start ${file}`);
    this.pid = this.child.pid;
    process.once("exit", () => this.child.kill("SIGKILL"));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let buffer = "";
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          this.lines.push(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
        for (const l of [...this.listeners]) l();
      });
    }
    this.exited = new Promise((resolve) =>
      this.child.once("close", (code, signal) => {
        this.exitStatus = { code, signal };
        for (const l of [...this.listeners]) l();
        resolve();
      }),
    );
  }

  /** Starts the process and resolves once a line matches `ready` (rejects with its output on exit or time-out). */
  static async start(name: string, file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp; timeoutMs: number }): Promise<ChildBot> {
    const bot = new ChildBot(name, file, args, opts);
    try {
      await bot.waitForLine(opts.ready, opts.timeoutMs);
    } catch (e) {
      await bot.kill("SIGKILL");
      throw e;
    }
    return bot;
  }

  get running(): boolean {
    return this.exitStatus === null;
  }

  output(): string[] {
    return [...this.lines];
  }

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

  waitForLine(re: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.lines.find((l) => re.test(l));
        if (hit !== undefined) done(() => resolve(hit));
        else if (!this.running) done(() => reject(new Error(`${this.name} exited (${JSON.stringify(this.exitStatus)}) before a line matching ${re}:\n${this.recent()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms:\n${this.recent()}`))), timeoutMs);
      const done = (then: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        then();
      };
      this.listeners.add(check);
      check();
    });
  }

  stats(): ProcStats {
    return procStats(this.pid);
  }

  /** Sends `signal` and waits for the exit (SIGKILL after 15 s). */
  async kill(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  recent(n = 30): string {
    return this.lines.slice(-n).map((l) => `  | ${l}`).join("\n") || "  (no output)";
  }
}
