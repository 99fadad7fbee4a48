// The bench's peer: matrix-reminder-bot 0.4.0 (PyPI), the bot users would compare Lagebot with. It
// is installed into a cached virtualenv (scripts/bench/reminder-bot-requirements.txt says what it
// needs) and runs beside Lagebot on the same Synapse, in rooms of its own with the same members.
// Syntax and config from its README and source (matrix_reminder_bot/config.py, bot_commands.py):
// `!help reminders`, `!remindme <time>; <text>` (time read by dateparser in reminders.timezone);
// replies are plain notices (not Matrix replies); a reminder is "@user <text>"; it logs in with a
// password and logs "Startup complete" before its first sync.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../test/support/bot-process.ts";
import { ChildBot } from "./process.ts";

export const PEER_VERSION = "0.4.0";
export const PEER_NAME = `matrix-reminder-bot ${PEER_VERSION}`;
const REQUIREMENTS = join(REPO_ROOT, "scripts", "bench", "reminder-bot-requirements.txt");

export type PeerInstall = { ok: true; python: string } | { ok: false; why: string };

function cacheDir(): string {
  return process.env["LAGEBOT_CACHE"] || join(homedir(), ".cache", "lagebot");
}

/** The installed version in a virtualenv, or null. */
function installedVersion(venv: string): string | null {
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) return null;
  const r = spawnSync(python, ["-c", "import importlib.metadata as m, matrix_reminder_bot.main; print(m.version('matrix-reminder-bot'))"], { encoding: "utf8", timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The peer's virtualenv, installed on first use (a minute or so) and then reused. Built under a
 * temporary name and renamed into place, so a failed install never looks cached.
 */
export function ensurePeer(log: (line: string) => void): PeerInstall {
  const venv = join(cacheDir(), "reminder-bot-venv");
  if (installedVersion(venv) === PEER_VERSION) return { ok: true, python: join(venv, "bin", "python") };
  const python = process.env["LAGEBOT_PYTHON"] || "python3";
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), ".reminder-bot-venv.tmp."));
  try {
    log(`installing ${PEER_NAME} into ${venv}`);
    const steps: string[][] = [
      [python, "-m", "venv", join(work, "venv")],
      [join(work, "venv", "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", "-r", REQUIREMENTS],
    ];
    for (const [file, ...args] of steps) {
      const r = spawnSync(file as string, args, { encoding: "utf8", timeout: 600_000 });
      if (r.status !== 0) return { ok: false, why: `${[file, ...args].slice(0, 4).join(" ")} failed: ${(r.error?.message ?? r.stderr).trim().split("\n").at(-1) ?? "?"}` };
    }
    rmSync(venv, { recursive: true, force: true });
    renameSync(join(work, "venv"), venv);
    const version = installedVersion(venv);
    return version === PEER_VERSION ? { ok: true, python: join(venv, "bin", "python") } : { ok: false, why: `installed, but it reports version ${version ?? "none"}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface PeerConfig {
  homeserverUrl: string;
  userId: string;
  password: string;
  timezone: string;
}

/** The peer as a process with its own data directory; stop and start it again with the same data. */
export class Peer {
  private readonly python: string;
  private readonly dir: string;
  private readonly configFile: string;
  proc: ChildBot | null = null;

  constructor(python: string, config: PeerConfig) {
    this.python = python;
    this.dir = mkdtempSync(join(tmpdir(), "lagebot-bench-peer-"));
    this.configFile = join(this.dir, "config.yaml");
    // YAML is a superset of JSON: the config as JSON needs no YAML writer.
    writeFileSync(this.configFile, JSON.stringify({
      command_prefix: "!",
      matrix: { user_id: config.userId, user_password: config.password, device_id: "BENCHPEER", device_name: "bench peer", homeserver_url: config.homeserverUrl },
      storage: { database: `sqlite://${join(this.dir, "bot.db")}`, store_path: join(this.dir, "store") },
      reminders: { timezone: config.timezone },
      allowlist: { enabled: false, regexes: [] },
      blocklist: { enabled: false, regexes: [] },
      // Every key spelt out: a false default counts as missing to its config reader.
      logging: { level: "INFO", console_logging: { enabled: true }, file_logging: { enabled: false, filepath: join(this.dir, "bot.log") } },
    }));
  }

  async start(): Promise<ChildBot> {
    // asyncio.run rather than the package's script, whose get_event_loop() newer Pythons refuse.
    const code = "import asyncio\nfrom matrix_reminder_bot import main\nasyncio.run(main.main())";
    this.proc = await ChildBot.start("peer", this.python, ["-c", code, this.configFile], {
      cwd: this.dir, env: { ...process.env, PYTHONUNBUFFERED: "1" }, ready: /Startup complete/, timeoutMs: 120_000,
    });
    return this.proc;
  }

  async stop(): Promise<void> {
    await this.proc?.kill("SIGTERM");
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
