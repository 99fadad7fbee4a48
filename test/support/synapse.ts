/**
 * A real Synapse for end-to-end tests: loopback only, SQLite in a temporary directory, a free port,
 * rate limits raised out of the way, users created with the shared-secret admin API.
 *
 * `startSynapse()` is called once per test run by global-setup.ts (tests get the address with
 * `inject("synapse")`); a test file that needs a differently configured server (say, low message rate
 * limits to provoke 429) may start its own and must `stop()` it in `afterAll`.
 *
 * Agencies are told apart by listed user IDs, not by server names: one Synapse has one server name
 * (`lagebot.test`, so user IDs look like `@alice:lagebot.test`). Two federating servers, one per
 * agency, are federation.ts's world; it builds on `writeSynapseFiles` (a server's directory, written
 * once) and `runSynapse` (a process on it, started as often as needed, optionally through another
 * launcher script).
 *
 * The virtualenv comes from `LAGEBOT_SYNAPSE_VENV`, else `${LAGEBOT_CACHE:-~/.cache/lagebot}/synapse-venv`
 * (made by `bash scripts/ensure-synapse.sh`). `LAGEBOT_KEEP_SYNAPSE=1` keeps the server's directory
 * (config, database, logs) after `stop()` for inspection.
 *
 * Cleanup: `stop()` sends SIGTERM, then SIGKILL after 10 s. Should the Node process that started
 * Synapse die without stopping it, the kernel kills Synapse too (parent-death signal set before exec),
 * and a normal exit of that process kills any Synapse still running.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

/** What tests need to talk to a homeserver (this is what global-setup provides). */
export interface HomeserverRef {
  url: string;
  serverName: string;
  sharedSecret: string;
}

export interface SynapseHandle extends HomeserverRef {
  /** The server's temporary directory: homeserver.yaml, homeserver.db, homeserver.log, stdout.log, stderr.log. */
  dir: string;
  /** SIGTERM, up to 10 s, then SIGKILL; removes `dir` unless LAGEBOT_KEEP_SYNAPSE is set. Idempotent. */
  stop(): Promise<void>;
}

export interface StartSynapseOptions {
  /** Messages per second per user (default: practically unlimited). */
  rcMessagePerSecond?: number;
  /** Burst of messages per user (default: practically unlimited; with rcMessagePerSecond alone: 10). */
  rcMessageBurst?: number;
  /** Server name (default `lagebot.test`). */
  serverName?: string;
  /** Top-level keys merged over the generated homeserver.yaml (shallow). */
  extraConfig?: Record<string, unknown>;
  /** How long to wait for /health (default 60 s). */
  startTimeoutMs?: number;
  /** Log levels of single loggers (e.g. `{ "synapse.federation": "INFO" }`); the rest logs WARNING. */
  logLevels?: Record<string, string>;
}

const DEFAULT_SERVER_NAME = "lagebot.test";

/** The Synapse virtualenv this run uses. */
export function synapseVenv(): string {
  const fromEnv = process.env["LAGEBOT_SYNAPSE_VENV"];
  if (fromEnv) return fromEnv;
  const cache = process.env["LAGEBOT_CACHE"] || join(homedir(), ".cache", "lagebot");
  return join(cache, "synapse-venv");
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      if (addr === null || typeof addr === "string") {
        srv.close();
        reject(new Error(`unexpected listening address ${String(addr)}`));
        return;
      }
      const port = addr.port;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP helper shared with person.ts

/** A non-2xx answer of the homeserver, with the Matrix error code when there is one. */
export class MatrixHttpError extends Error {
  readonly status: number;
  readonly errcode: string | undefined;
  readonly body: string;
  constructor(method: string, url: string, status: number, body: string) {
    const parsed = matrixErrorSchema.safeParse(safeJson(body));
    const errcode = parsed.success ? parsed.data.errcode : undefined;
    super(`${method} ${redactUrl(url)}: HTTP ${status}${errcode ? ` ${errcode}` : ""}: ${body.slice(0, 500)}`);
    this.name = "MatrixHttpError";
    this.status = status;
    this.errcode = errcode;
    this.body = body;
  }
}

const matrixErrorSchema = z.object({ errcode: z.string().optional(), error: z.string().optional(), retry_after_ms: z.number().optional() });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function redactUrl(url: string): string {
  return url.replace(/access_token=[^&]+/, "access_token=…");
}

export interface MatrixRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Absolute URL. */
  url: string;
  accessToken?: string | undefined;
  body?: unknown;
  /** Aborts the request (and any wait for a retry). */
  signal?: AbortSignal | undefined;
  /** Per attempt (default 30 s). */
  timeoutMs?: number | undefined;
  /** How many 429 answers to sit out before giving up (default 20). */
  maxRateLimitRetries?: number | undefined;
}

/**
 * One JSON request to the homeserver, parsed with `schema`. Waits out 429 answers (retry_after_ms or
 * Retry-After), throws MatrixHttpError for other non-2xx answers.
 */
export async function matrixRequest<T>(req: MatrixRequest, schema: z.ZodType<T>): Promise<T> {
  const maxRetries = req.maxRateLimitRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (req.accessToken !== undefined) headers["authorization"] = `Bearer ${req.accessToken}`;
    if (req.body !== undefined) headers["content-type"] = "application/json";
    const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
    const init: RequestInit = { method: req.method, headers, signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout };
    if (req.body !== undefined) init.body = JSON.stringify(req.body);
    let res: Response;
    try {
      res = await fetch(req.url, init);
    } catch (e) {
      if (timeout.aborted && !req.signal?.aborted) throw new Error(`${req.method} ${redactUrl(req.url)}: no answer within ${req.timeoutMs ?? 30_000} ms`, { cause: e });
      throw e;
    }
    const text = await res.text();
    if (res.status === 429 && attempt < maxRetries) {
      const parsed = matrixErrorSchema.safeParse(safeJson(text));
      const header = Number(res.headers.get("retry-after"));
      const waitMs = (parsed.success ? parsed.data.retry_after_ms : undefined) ?? (Number.isFinite(header) && header > 0 ? header * 1000 : 500);
      await sleep(Math.min(Math.max(waitMs, 50), 30_000), undefined, req.signal ? { signal: req.signal } : undefined);
      continue;
    }
    if (!res.ok) throw new MatrixHttpError(req.method, req.url, res.status, text);
    const json = text === "" ? {} : safeJson(text);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${req.method} ${redactUrl(req.url)}: unexpected answer (${parsed.error.message}): ${text.slice(0, 500)}`);
    return parsed.data;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration

/** Practically unlimited (burst_count is an integer in Synapse). */
const UNLIMITED = { per_second: 100_000, burst_count: 1_000_000 };

/**
 * Every rate limit Synapse 1.163 reads (synapse/config/ratelimiting.py), raised. Synapse ignores keys
 * it does not know, so older or newer versions are fine with this list.
 */
function rateLimits(opts: StartSynapseOptions): Record<string, unknown> {
  const message =
    opts.rcMessagePerSecond === undefined && opts.rcMessageBurst === undefined
      ? UNLIMITED
      : { per_second: opts.rcMessagePerSecond ?? UNLIMITED.per_second, burst_count: opts.rcMessageBurst ?? (opts.rcMessagePerSecond === undefined ? UNLIMITED.burst_count : 10) };
  return {
    rc_message: message,
    rc_registration: UNLIMITED,
    rc_registration_token_validity: UNLIMITED,
    rc_login: { address: UNLIMITED, account: UNLIMITED, failed_attempts: UNLIMITED },
    rc_admin_redaction: UNLIMITED,
    rc_joins: { local: UNLIMITED, remote: UNLIMITED },
    rc_joins_per_room: UNLIMITED,
    rc_key_requests: UNLIMITED,
    rc_3pid_validation: UNLIMITED,
    rc_invites: { per_room: UNLIMITED, per_user: UNLIMITED, per_issuer: UNLIMITED },
    rc_third_party_invite: UNLIMITED,
    rc_media_create: UNLIMITED,
    rc_presence: { per_user: UNLIMITED },
    rc_delayed_event_mgmt: UNLIMITED,
    rc_room_creation: UNLIMITED,
    rc_reports: UNLIMITED,
    rc_user_directory: UNLIMITED,
    rc_profile: UNLIMITED,
  };
}

function homeserverConfig(dir: string, port: number, secret: string, opts: StartSynapseOptions): Record<string, unknown> {
  const serverName = opts.serverName ?? DEFAULT_SERVER_NAME;
  return {
    server_name: serverName,
    public_baseurl: `http://127.0.0.1:${port}/`,
    pid_file: join(dir, "homeserver.pid"),
    listeners: [
      { port, bind_addresses: ["127.0.0.1"], type: "http", tls: false, x_forwarded: false, resources: [{ names: ["client"], compress: false }] },
    ],
    database: { name: "sqlite3", args: { database: join(dir, "homeserver.db") } },
    log_config: join(dir, "log.yaml"),
    media_store_path: join(dir, "media"),
    signing_key_path: join(dir, "signing.key"),
    registration_shared_secret: secret,
    macaroon_secret_key: randomBytes(24).toString("hex"),
    form_secret: randomBytes(24).toString("hex"),
    enable_registration: false,
    // Registration hashes a password: the default 12 rounds cost ~0.3 s per user.
    bcrypt_rounds: 4,
    report_stats: false,
    enable_metrics: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    url_preview_enabled: false,
    presence: { enabled: false },
    max_upload_size: "10M",
    // Delayed events (MSC4140) for the bot-down alarm; Synapse offers them only with a maximum delay set.
    max_event_delay_duration: "24h",
    ...rateLimits(opts),
    ...opts.extraConfig,
  };
}

function logConfig(dir: string, levels: Record<string, string> = {}): Record<string, unknown> {
  return {
    version: 1,
    formatters: { precise: { format: "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s" } },
    handlers: { file: { class: "logging.FileHandler", formatter: "precise", filename: join(dir, "homeserver.log"), encoding: "utf8" } },
    ...(Object.keys(levels).length > 0 ? { loggers: Object.fromEntries(Object.entries(levels).map(([name, level]) => [name, { level }])) } : {}),
    root: { level: "WARNING", handlers: ["file"] },
    disable_existing_loggers: false,
  };
}

/** JSON is YAML; a header says where the file came from. */
function yamlFile(value: unknown): string {
  return `# written by test/support/synapse.ts (JSON is valid YAML)\n${JSON.stringify(value, null, 2)}\n`;
}

/**
 * An ed25519 signing key in Synapse's file format (`ed25519 <key id> <unpadded base64 seed>`), which
 * spares the separate `--generate-keys` run (another Python start-up, about a second).
 */
function signingKeyFile(): string {
  const seed = randomBytes(32).toString("base64").replace(/=+$/, "");
  return `ed25519 a_${randomBytes(3).toString("hex")} ${seed}\n`;
}

function tail(file: string, lines = 40): string {
  try {
    const text = readFileSync(file, "utf8").trimEnd();
    return text === "" ? "(empty)" : text.split("\n").slice(-lines).join("\n");
  } catch {
    return "(missing)";
  }
}

function logsOf(dir: string): string {
  return ["homeserver.log", "stderr.log", "stdout.log"].map((f) => `--- ${f} (tail) ---\n${tail(join(dir, f))}`).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Process

// Sets the parent-death signal (Linux prctl PR_SET_PDEATHSIG = 1), checks the parent is still the one
// that spawned us, then becomes Synapse (exec keeps the pid, so signals reach Synapse directly).
const LAUNCHER = [
  "import ctypes, os, signal, sys",
  "try:",
  "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)",
  "except Exception:",
  "    pass",
  "if os.getppid() != int(sys.argv[1]):",
  "    sys.exit(70)",
  "os.execv(sys.executable, [sys.executable, '-m', 'synapse.app.homeserver'] + sys.argv[2:])",
].join("\n");

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** `p`'s value, or undefined when it takes longer than `ms` (the timer is cleared either way). */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Synapse exited (code ${child.exitCode}, signal ${child.signalCode}) before it was healthy`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (e) {
      lastProblem = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
    await sleep(100);
  }
  throw new Error(`Synapse was not healthy within ${timeoutMs} ms (last: ${lastProblem})`);
}

/**
 * A Python script that starts Synapse some other way (test/support/fed-launcher.py): it is called
 * as `python SCRIPT PARENT_PID -c homeserver.yaml` with `env` added to the environment, and must
 * set the parent-death signal and check the parent as LAUNCHER does.
 */
export interface SynapseLauncher {
  script: string;
  env: Record<string, string>;
}

/** A running Synapse process on a prepared directory (see writeSynapseFiles and runSynapse). */
export interface SynapseProcess {
  readonly pid: number | undefined;
  /** Whether the process has exited (stopped, or died by itself). */
  readonly exited: boolean;
  /** SIGTERM, up to 10 s, then SIGKILL. Leaves the directory alone. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Writes homeserver.yaml, log.yaml, signing.key and media/ for a server whose client listener is on
 * `port` into `dir`; returns the path of homeserver.yaml. For servers started more than once on the
 * same directory (same database, same signing key): write once, `runSynapse` as often as needed.
 */
export function writeSynapseFiles(dir: string, port: number, secret: string, opts: StartSynapseOptions = {}): string {
  const cfg = join(dir, "homeserver.yaml");
  mkdirSync(join(dir, "media"), { recursive: true });
  writeFileSync(cfg, yamlFile(homeserverConfig(dir, port, secret, opts)));
  writeFileSync(join(dir, "log.yaml"), yamlFile(logConfig(dir, opts.logLevels)));
  writeFileSync(join(dir, "signing.key"), signingKeyFile(), { mode: 0o600 });
  return cfg;
}

/**
 * Runs Synapse on a directory made by writeSynapseFiles and resolves once `${url}/health` answers
 * 200. On failure the process is killed and the error carries the tails of its logs; the directory
 * stays (the caller owns it). stdout.log and stderr.log are appended to, so a restart keeps the
 * earlier run's lines.
 */
export async function runSynapse(dir: string, url: string, opts: { launcher?: SynapseLauncher; startTimeoutMs?: number } = {}): Promise<SynapseProcess> {
  const venv = synapseVenv();
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) throw new Error(`No Synapse virtualenv at ${venv} (no bin/python): run \`bash scripts/ensure-synapse.sh\` first, or set LAGEBOT_SYNAPSE_VENV`);
  const cfg = join(dir, "homeserver.yaml");
  let child: ChildProcess | undefined;
  try {
    const out = openSync(join(dir, "stdout.log"), "a");
    const err = openSync(join(dir, "stderr.log"), "a");
    try {
      const args = opts.launcher ? [opts.launcher.script, String(process.pid), "-c", cfg] : ["-c", LAUNCHER, String(process.pid), "-c", cfg];
      child = spawn(python, args, {
        cwd: dir,
        stdio: ["ignore", out, err],
        env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1", ...opts.launcher?.env },
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    const proc = child;
    running.add(proc);
    installExitHook();
    proc.once("exit", () => running.delete(proc));
    const spawnError = new Promise<never>((_, reject) => proc.once("error", (e) => reject(new Error(`cannot start ${python}: ${e.message}`))));
    spawnError.catch(() => undefined);

    await Promise.race([waitForHealth(url, proc, opts.startTimeoutMs ?? 60_000), spawnError]);

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill("SIGTERM");
          const done = await within(exited(proc).then(() => true), 10_000);
          if (!done) {
            proc.kill("SIGKILL");
            await within(exited(proc), 5_000);
          }
        }
        running.delete(proc);
      })();
      return stopping;
    };
    return {
      pid: proc.pid,
      get exited() {
        return proc.exitCode !== null || proc.signalCode !== null;
      },
      stop,
    };
  } catch (e) {
    const logs = logsOf(dir);
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await within(exited(child), 5_000);
    }
    if (child) running.delete(child);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${logs}`, { cause: e });
  }
}

/** Starts a fresh Synapse and resolves once /health answers 200. */
export async function startSynapse(opts: StartSynapseOptions = {}): Promise<SynapseHandle> {
  const python = join(synapseVenv(), "bin", "python");
  if (!existsSync(python)) throw new Error(`No Synapse virtualenv at ${synapseVenv()} (no bin/python): run \`bash scripts/ensure-synapse.sh\` first, or set LAGEBOT_SYNAPSE_VENV`);
  const dir = mkdtempSync(join(tmpdir(), "lagebot-synapse-"));
  const keep = Boolean(process.env["LAGEBOT_KEEP_SYNAPSE"]);
  const removeDir = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const secret = randomBytes(24).toString("hex");
    writeSynapseFiles(dir, port, secret, opts);
    const proc = await runSynapse(dir, url, opts.startTimeoutMs === undefined ? {} : { startTimeoutMs: opts.startTimeoutMs });
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= proc.stop().then(removeDir);
      return stopping;
    };
    return { url, serverName: opts.serverName ?? DEFAULT_SERVER_NAME, sharedSecret: secret, dir, stop };
  } catch (e) {
    removeDir();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n(directory ${dir}${keep ? " kept" : " removed"})`, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------
// Users

const nonceSchema = z.object({ nonce: z.string().min(1) });
const registeredSchema = z.object({ user_id: z.string().startsWith("@"), access_token: z.string().min(1), device_id: z.string().min(1) });

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  /** Random; for tests that log in again (each /login makes a new device). */
  password: string;
}

/**
 * Creates a user with the shared-secret admin API: GET a nonce, then POST with an HMAC-SHA1 over
 * `nonce\0user\0password\0admin|notadmin`. Sets the display name when given.
 */
export async function registerUser(
  hs: Pick<HomeserverRef, "url" | "sharedSecret">,
  localpart: string,
  opts: { admin?: boolean; displayName?: string } = {},
): Promise<RegisteredUser> {
  const endpoint = `${hs.url}/_synapse/admin/v1/register`;
  const { nonce } = await matrixRequest({ method: "GET", url: endpoint }, nonceSchema);
  const password = randomBytes(18).toString("base64url");
  const admin = opts.admin ?? false;
  const mac = createHmac("sha1", hs.sharedSecret).update(`${nonce}\0${localpart}\0${password}\0${admin ? "admin" : "notadmin"}`).digest("hex");
  let user: z.infer<typeof registeredSchema>;
  try {
    user = await matrixRequest({ method: "POST", url: endpoint, body: { nonce, username: localpart, password, admin, mac } }, registeredSchema);
  } catch (e) {
    throw new Error(`cannot register ${localpart}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (opts.displayName !== undefined) {
    await matrixRequest(
      { method: "PUT", url: `${hs.url}/_matrix/client/v3/profile/${encodeURIComponent(user.user_id)}/displayname`, accessToken: user.access_token, body: { displayname: opts.displayName } },
      z.object({}),
    );
  }
  return { userId: user.user_id, accessToken: user.access_token, deviceId: user.device_id, password };
}
