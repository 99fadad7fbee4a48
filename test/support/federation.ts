/**
 * A federated test world: two Synapses on loopback, `stadt.test` (the city) and `polizei.test` (the
 * police), federating over TLS. Started once per run by global-setup.ts when a file under
 * test/e2e/federation is selected; tests use it through federation-client.ts:
 *
 *   import { useFederation } from "../../support/federation-client.ts";
 *   describe.skipIf(!inject("federationRunning"))("…", () => {
 *     const fed = useFederation();                    // a shared lease; { faults: true } for an exclusive one
 *     it("…", async () => {
 *       const anna = await Person.create(fed.city, "anna-x");     // @anna-x:stadt.test
 *       const ben = await Person.create(fed.police, "ben-x");     // @ben-x:polizei.test
 *       await fed.partition(); … await fed.heal();                 // faults: exclusive lease only
 *       await fed.stop("police"); … await fed.start("police");
 *     });
 *   });
 *
 * Layout (all on 127.0.0.1):
 *
 *   client API (plain http)   city :C1              police :C2           (HomeserverRef.url)
 *   federation (TLS)          city :F1              police :F2           (not used by tests directly)
 *   link (TCP proxy)          stadt.test → :P1 → :F1      polizei.test → :P2 → :F2
 *
 * Name resolution: each Synapse runs under fed-launcher.py, which maps `stadt.test`, `polizei.test`
 * and `fremd.test` (any port) to 127.0.0.1 and the port of that name's link, and answers SRV lookups
 * for them with "none"; no /etc/hosts, no DNS. So every federation request crosses a link, and
 * cutting both links partitions the servers (TLS passes through the links untouched: the proxy sees
 * only bytes). `fremd.test` points at a TLS server whose certificate has the right SAN but is signed
 * by a CA nobody trusts: a homeserver must refuse it.
 *
 * Certificates (fed-certs.py, in the run's temporary directory): a test CA signs one leaf per server
 * (SAN = server name); each server trusts only that CA (`federation_custom_ca_list`, which replaces
 * the system's trust store) with `federation_verify_certificates: true`. Signing keys: each server
 * fetches the other's directly (`trusted_key_servers: []`). Loopback is blocked for federation by
 * default: `ip_range_whitelist: [127.0.0.1/32]` allows it (only in these test configs).
 *
 * Faults are controlled from the test workers (other processes) through a small HTTP endpoint on
 * loopback under a random path (`FederationRef.control`), served by this (the global-setup) process,
 * which also owns the links and the Synapse processes. Isolation between test files is a
 * readers-writer lease: a file that only uses the world holds a shared lease for its duration, a file
 * that injects faults an exclusive one (it waits until no other file holds a lease; files that ask
 * later wait for it, first come first served). When an exclusive lease ends — also when its worker
 * dies, since a lease is an open connection — the world is restored before the next lease is granted:
 * links healed, stopped servers started, each server's backoff for the other reset.
 *
 * Stop and start keep a server's directory, ports, database and signing key: the same server comes
 * back. The first start also checks federation both ways (a profile query each way), so a world that
 * is "ready" federates.
 */
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import { connect, createServer as createTcpServer } from "node:net";
import type { AddressInfo, Server as TcpServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import type { Server as TlsServer } from "node:tls";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { MatrixHttpError, matrixRequest, registerUser, runSynapse, synapseVenv, writeSynapseFiles } from "./synapse.ts";
import type { HomeserverRef, StartSynapseOptions, SynapseLauncher, SynapseProcess } from "./synapse.ts";

export type ServerKey = "city" | "police";
export const SERVER_KEYS: readonly ServerKey[] = ["city", "police"];
export const SERVER_NAMES: Readonly<Record<ServerKey, string>> = { city: "stadt.test", police: "polizei.test" };
export const UNTRUSTED_SERVER_NAME = "fremd.test";

/**
 * How a partition looks: "blackhole" (default) accepts connections and never passes a byte, as a
 * network that drops packets (a request waits for its timeout, `client_timeout` 60 s, unless the
 * partition heals first, which closes the held connections); "refuse" resets every connection at
 * once, as a host whose port is closed.
 */
export type PartitionMode = "blackhole" | "refuse";

/** What global-setup provides as `inject("federation")`. */
export interface FederationRef {
  city: HomeserverRef;
  police: HomeserverRef;
  /** Base URL of the control endpoint (loopback, secret path); use federation-client.ts. */
  control: string;
  /** Resolves to a TLS server with a certificate NOT signed by the test CA. */
  untrustedServerName: string;
}

/** What the world reports about the TLS server behind `untrustedServerName` (counts since start). */
export interface UntrustedStats {
  /** TCP connections that reached it. */
  connections: number;
  /** Handshakes the client aborted, by error code (e.g. ERR_SSL_TLSV1_ALERT_UNKNOWN_CA). */
  rejected: Record<string, number>;
  /** Handshakes that completed: a client that accepted the untrusted certificate. */
  established: number;
}

export interface WorldState {
  partition: PartitionMode | null;
  /** Servers not running (stopped by a test, or died). */
  stopped: ServerKey[];
  leases: Array<{ holder: string; mode: LeaseMode }>;
  waiting: Array<{ holder: string; mode: LeaseMode }>;
}

export type LeaseMode = "shared" | "exclusive";

export interface FederationHandle {
  ref: FederationRef;
  /** The run's directory: certs/, stadt.test/, polizei.test/ (each a Synapse directory with its logs). */
  dir: string;
  stop(): Promise<void>;
}

export interface StartFederationOptions {
  /** Per server, how long to wait for /health (default 60 s). */
  startTimeoutMs?: number;
}

const LAUNCHER_SCRIPT = fileURLToPath(new URL("./fed-launcher.py", import.meta.url));
const CERTS_SCRIPT = fileURLToPath(new URL("./fed-certs.py", import.meta.url));

/**
 * Retry timing of the test servers. Synapse's defaults (a destination that failed is left alone for
 * 10 minutes at first, up to 7 days; a transaction's own retries wait up to 60 s) model servers that
 * are patient for hours; these model servers that retry within seconds, so a test of an outage sees
 * recovery within its timeout. Real deployments keep the defaults.
 */
const FEDERATION_RETRY = {
  // One transaction is retried in place 10 times (4 s, then at most this, ×0.8–1.4) before its
  // destination counts as down.
  max_long_retry_delay: "5s",
  max_short_retry_delay: "2s",
  // Then the destination is backed off for this long, doubling up to the maximum. Events that pile up
  // meanwhile go out in catch-up mode when the destination is woken: by a new event after the backoff,
  // by a request from it, or by Synapse's wake-up loop (once a minute, not configurable).
  destination_min_retry_interval: "5s",
  destination_max_retry_interval: "30s",
};

// ---------------------------------------------------------------------------------------------
// Links: TCP proxies in front of the federation listeners

class Link {
  private mode: "open" | PartitionMode = "open";
  private readonly sockets = new Set<Socket>();
  private readonly server: TcpServer;
  readonly port: number;
  private readonly upstreamPort: number;

  private constructor(server: TcpServer, port: number, upstreamPort: number) {
    this.server = server;
    this.port = port;
    this.upstreamPort = upstreamPort;
    server.on("connection", (s) => this.onConnection(s));
  }

  static async start(upstreamPort: number): Promise<Link> {
    const server = createTcpServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return new Link(server, (server.address() as AddressInfo).port, upstreamPort);
  }

  get partitioned(): PartitionMode | null {
    return this.mode === "open" ? null : this.mode;
  }

  /** Closes every connection; new ones are held ("blackhole") or reset ("refuse") until heal(). */
  cut(mode: PartitionMode): void {
    this.mode = mode;
    this.closeAll();
  }

  /** Passes connections again; connections held by a blackhole are closed (their clients retry). */
  heal(): void {
    if (this.mode === "open") return;
    this.mode = "open";
    this.closeAll();
  }

  async stop(): Promise<void> {
    this.closeAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private closeAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.once("close", () => this.sockets.delete(s));
    s.on("error", () => s.destroy());
  }

  private onConnection(down: Socket): void {
    this.track(down);
    if (this.mode === "refuse") {
      down.resetAndDestroy();
      return;
    }
    if (this.mode === "blackhole") {
      down.pause();
      return;
    }
    const up = connect({ host: "127.0.0.1", port: this.upstreamPort });
    this.track(up);
    down.once("close", () => up.destroy());
    up.once("close", () => down.destroy());
    down.pipe(up);
    up.pipe(down);
  }
}

// ---------------------------------------------------------------------------------------------
// The untrusted TLS server

class Untrusted {
  readonly stats: UntrustedStats = { connections: 0, rejected: {}, established: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly server: TlsServer;
  readonly port: number;

  private constructor(server: TlsServer, port: number) {
    this.server = server;
    this.port = port;
    server.on("connection", (s: Socket) => {
      this.stats.connections++;
      this.sockets.add(s);
      s.once("close", () => this.sockets.delete(s));
    });
    server.on("tlsClientError", (e: Error & { code?: string }) => {
      const code = e.code ?? e.message;
      this.stats.rejected[code] = (this.stats.rejected[code] ?? 0) + 1;
    });
  }

  static async start(key: string, cert: string): Promise<Untrusted> {
    const server = createTlsServer({ key, cert }, (tlsSocket) => {
      // A client that got this far accepted a certificate it must not accept. Answer like a server
      // that has nothing, so the client's own error handling (not a hang) shows up in the test.
      untrusted.stats.established++;
      tlsSocket.on("error", () => tlsSocket.destroy());
      tlsSocket.once("data", () => tlsSocket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const untrusted: Untrusted = new Untrusted(server, (server.address() as AddressInfo).port);
    return untrusted;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

interface Server {
  key: ServerKey;
  name: string;
  dir: string;
  url: string;
  secret: string;
  link: Link;
  launcher: SynapseLauncher;
  startTimeoutMs: number;
  proc: SynapseProcess | undefined;
  adminToken: string;
}

function serverOptions(name: string, clientPort: number, fedPort: number, certs: string): StartSynapseOptions {
  return {
    serverName: name,
    // Outgoing requests and their failures, transactions, joins: what one reads after a failed test
    // (LAGEBOT_KEEP_SYNAPSE=1 keeps homeserver.log).
    logLevels: {
      "synapse.http.matrixfederationclient": "INFO",
      "synapse.federation.sender": "INFO",
      "synapse.federation.transport.server": "INFO",
      "synapse.handlers.federation": "INFO",
      "synapse.util.retryutils": "INFO",
    },
    extraConfig: {
      listeners: [
        { port: clientPort, bind_addresses: ["127.0.0.1"], type: "http", tls: false, x_forwarded: false, resources: [{ names: ["client"], compress: false }] },
        { port: fedPort, bind_addresses: ["127.0.0.1"], type: "http", tls: true, x_forwarded: false, resources: [{ names: ["federation"], compress: false }] },
      ],
      tls_certificate_path: join(certs, `${name}.crt`),
      tls_private_key_path: join(certs, `${name}.key`),
      federation_verify_certificates: true,
      federation_custom_ca_list: [join(certs, "ca.pem")],
      // Synapse blocks outbound requests to loopback (and other private ranges) by default.
      ip_range_whitelist: ["127.0.0.1/32"],
      federation: FEDERATION_RETRY,
    },
  };
}

/** `n` TCP ports on 127.0.0.1, free a moment ago and distinct (all held open at once while chosen). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<TcpServer>((resolve, reject) => {
          const s = createTcpServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

function makeCerts(dir: string): void {
  const python = join(synapseVenv(), "bin", "python");
  const names = SERVER_KEYS.map((k) => SERVER_NAMES[k]);
  const res = spawnSync(python, [CERTS_SCRIPT, dir, ...names, "--rogue", UNTRUSTED_SERVER_NAME], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`fed-certs.py failed (exit ${String(res.status)}): ${res.error?.message ?? res.stderr}`);
}

async function startServer(s: Server): Promise<void> {
  s.proc = await runSynapse(s.dir, s.url, { launcher: s.launcher, startTimeoutMs: s.startTimeoutMs });
}

const emptySchema = z.object({});

/** Clears `s`'s backoff for `destination` and wakes its queue (admin API); a no-op when there is none. */
async function resetBackoff(s: Server, destination: string): Promise<void> {
  try {
    await matrixRequest(
      { method: "POST", url: `${s.url}/_synapse/admin/v1/federation/destinations/${encodeURIComponent(destination)}/reset_connection`, accessToken: s.adminToken, body: {} },
      emptySchema,
    );
  } catch (e) {
    // 404: never talked to it; 400: no backoff to reset.
    if (e instanceof MatrixHttpError && (e.status === 400 || e.status === 404)) return;
    throw e;
  }
}

/** Each server looks up a profile on the other: keys fetched, TLS verified, both links pass. */
async function checkFederation(servers: Record<ServerKey, Server>): Promise<void> {
  const profile = z.looseObject({});
  await Promise.all(
    SERVER_KEYS.map(async (k) => {
      const other = servers[k === "city" ? "police" : "city"];
      const userId = `@fed-admin:${other.name}`;
      try {
        await matrixRequest({ method: "GET", url: `${servers[k].url}/_matrix/client/v3/profile/${encodeURIComponent(userId)}`, accessToken: servers[k].adminToken }, profile);
      } catch (e) {
        throw new Error(`${servers[k].name} cannot reach ${other.name} over federation: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Leases and control

interface Lease {
  id: string;
  mode: LeaseMode;
  holder: string;
  res: ServerResponse;
}

class Control {
  private readonly held = new Set<Lease>();
  private readonly queue: Lease[] = [];
  private restoring: Promise<void> | undefined;
  /** World operations run one at a time. */
  private ops: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly servers: Record<ServerKey, Server>;
  private readonly untrusted: Untrusted;

  constructor(servers: Record<ServerKey, Server>, untrusted: Untrusted) {
    this.servers = servers;
    this.untrusted = untrusted;
  }

  state(): WorldState {
    const partition = this.servers.city.link.partitioned ?? this.servers.police.link.partitioned;
    return {
      partition,
      stopped: SERVER_KEYS.filter((k) => this.servers[k].proc === undefined || this.servers[k].proc.exited),
      leases: [...this.held].map((l) => ({ holder: l.holder, mode: l.mode })),
      waiting: this.queue.map((l) => ({ holder: l.holder, mode: l.mode })),
    };
  }

  private serial<T>(op: () => T | Promise<T>): Promise<T> {
    const next = this.ops.then(op, op);
    this.ops = next.catch(() => undefined);
    return next;
  }

  partition(mode: PartitionMode): Promise<void> {
    return this.serial(() => {
      for (const k of SERVER_KEYS) this.servers[k].link.cut(mode);
    });
  }

  heal(): Promise<void> {
    return this.serial(() => {
      for (const k of SERVER_KEYS) this.servers[k].link.heal();
    });
  }

  stopServer(k: ServerKey): Promise<void> {
    return this.serial(async () => {
      await this.servers[k].proc?.stop();
      this.servers[k].proc = undefined;
    });
  }

  startServer(k: ServerKey): Promise<void> {
    return this.serial(async () => {
      const s = this.servers[k];
      if (s.proc && !s.proc.exited) return;
      await startServer(s);
    });
  }

  resetBackoff(): Promise<void> {
    return this.serial(async () => {
      await Promise.all(SERVER_KEYS.filter((k) => this.servers[k].proc && !this.servers[k].proc.exited).map((k) => resetBackoff(this.servers[k], this.servers[k === "city" ? "police" : "city"].name)));
    });
  }

  /** After an exclusive lease: links healed, every server running, backoffs cleared. */
  private async restore(): Promise<void> {
    await this.heal();
    for (const k of SERVER_KEYS) await this.startServer(k);
    await this.resetBackoff();
  }

  // ---- leases

  private pump(): void {
    if (this.restoring || this.closed) return;
    while (this.queue.length > 0) {
      const head = this.queue[0] as Lease;
      const exclusiveHeld = [...this.held].some((l) => l.mode === "exclusive");
      if (head.mode === "shared" ? exclusiveHeld : this.held.size > 0) return;
      this.queue.shift();
      this.held.add(head);
      head.res.write(`granted ${head.id}\n`);
      if (head.mode === "exclusive") return;
    }
  }

  private release(lease: Lease): void {
    const i = this.queue.indexOf(lease);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.pump();
      return;
    }
    if (!this.held.delete(lease)) return;
    if (lease.mode === "exclusive") {
      this.restoring = this.restore()
        .catch((e: unknown) => {
          process.stderr.write(`federation world: restoring after ${lease.holder} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        })
        .finally(() => {
          this.restoring = undefined;
          this.pump();
        });
    } else {
      this.pump();
    }
  }

  private holdsExclusive(id: string | undefined): boolean {
    return [...this.held].some((l) => l.id === id && l.mode === "exclusive");
  }

  // ---- HTTP

  async handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.method === "GET" && (path === "/state" || path === "/untrusted")) {
      json(200, path === "/state" ? this.state() : this.untrusted.stats);
      return;
    }
    if (req.method !== "POST") {
      json(405, { error: `${req.method ?? "?"} ${path}` });
      return;
    }
    if (path === "/lease") {
      this.openLease(res, query);
      return;
    }
    const lease = req.headers["x-lease"];
    if (!this.holdsExclusive(typeof lease === "string" ? lease : undefined)) {
      json(409, { error: "faults need the exclusive lease: useFederation({ faults: true })" });
      return;
    }
    const problem = await this.operate(path, query).catch((e: unknown) => ({ status: 500, error: e instanceof Error ? e.message : String(e) }));
    if (problem) json(problem.status, { error: problem.error });
    else json(200, this.state());
  }

  private openLease(res: ServerResponse, query: URLSearchParams): void {
    const mode = query.get("mode");
    if (mode !== "shared" && mode !== "exclusive") {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "mode must be shared or exclusive" }));
      return;
    }
    const lease: Lease = { id: randomBytes(9).toString("hex"), mode, holder: query.get("holder") ?? "?", res };
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" });
    res.write("queued\n");
    res.once("close", () => {
      this.release(lease);
    });
    this.queue.push(lease);
    this.pump();
  }

  /** One fault operation; resolves to a problem for a bad request, undefined when done. */
  private async operate(path: string, query: URLSearchParams): Promise<{ status: number; error: string } | undefined> {
    const server = query.get("server");
    const key = server === "city" || server === "police" ? server : undefined;
    switch (path) {
      case "/partition": {
        const mode = query.get("mode") ?? "blackhole";
        if (mode !== "blackhole" && mode !== "refuse") return { status: 400, error: "mode must be blackhole or refuse" };
        await this.partition(mode);
        return undefined;
      }
      case "/heal":
        await this.heal();
        return undefined;
      case "/stop":
      case "/start":
        if (!key) return { status: 400, error: "server must be city or police" };
        await (path === "/stop" ? this.stopServer(key) : this.startServer(key));
        return undefined;
      case "/reset-backoff":
        await this.resetBackoff();
        return undefined;
      default:
        return { status: 404, error: `unknown operation ${path}` };
    }
  }

  close(): void {
    this.closed = true;
    for (const l of [...this.held, ...this.queue]) l.res.destroy();
  }
}

async function startControl(control: Control): Promise<{ server: HttpServer; url: string }> {
  const token = randomBytes(16).toString("hex");
  const server = createHttpServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://control");
    const prefix = `/${token}`;
    if (!u.pathname.startsWith(`${prefix}/`)) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    control.handle(req, res, u.pathname.slice(prefix.length), u.searchParams).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${token}` };
}

// ---------------------------------------------------------------------------------------------

/** Brings the world up: certificates, links, both Synapses in parallel, a federation check, control. */
export async function startFederation(opts: StartFederationOptions = {}): Promise<FederationHandle> {
  const dir = mkdtempSync(join(tmpdir(), "lagebot-fed-"));
  const keep = Boolean(process.env["LAGEBOT_KEEP_SYNAPSE"]);
  const certs = join(dir, "certs");
  mkdirSync(certs);
  const links: Link[] = [];
  let untrusted: Untrusted | undefined;
  const servers: Partial<Record<ServerKey, Server>> = {};
  let controlServer: HttpServer | undefined;
  let control: Control | undefined;

  const teardown = async () => {
    control?.close();
    if (controlServer) {
      controlServer.closeAllConnections();
      await new Promise<void>((resolve) => controlServer?.close(() => resolve()));
    }
    await Promise.all(
      SERVER_KEYS.map(async (k) => {
        await servers[k]?.proc?.stop();
      }),
    );
    await Promise.all(links.map((l) => l.stop()));
    await untrusted?.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    makeCerts(certs);
    const [cityClient, cityFed, policeClient, policeFed] = await freePorts(4);
    const ports = { city: { client: cityClient as number, fed: cityFed as number }, police: { client: policeClient as number, fed: policeFed as number } };
    untrusted = await Untrusted.start(readFileSync(join(certs, `${UNTRUSTED_SERVER_NAME}.key`), "utf8"), readFileSync(join(certs, `${UNTRUSTED_SERVER_NAME}.crt`), "utf8"));
    const cityLink = await Link.start(ports.city.fed);
    const policeLink = await Link.start(ports.police.fed);
    links.push(cityLink, policeLink);
    const hosts = { [SERVER_NAMES.city]: cityLink.port, [SERVER_NAMES.police]: policeLink.port, [UNTRUSTED_SERVER_NAME]: untrusted.port };
    const launcher: SynapseLauncher = { script: LAUNCHER_SCRIPT, env: { LAGEBOT_FED_HOSTS: JSON.stringify(hosts) } };
    for (const k of SERVER_KEYS) {
      const name = SERVER_NAMES[k];
      const sdir = join(dir, name);
      mkdirSync(sdir);
      const secret = randomBytes(24).toString("hex");
      writeSynapseFiles(sdir, ports[k].client, secret, serverOptions(name, ports[k].client, ports[k].fed, certs));
      servers[k] = {
        key: k,
        name,
        dir: sdir,
        url: `http://127.0.0.1:${ports[k].client}`,
        secret,
        link: k === "city" ? cityLink : policeLink,
        launcher,
        startTimeoutMs: opts.startTimeoutMs ?? 60_000,
        proc: undefined,
        adminToken: "",
      };
    }
    const all = servers as Record<ServerKey, Server>;
    // Both at once; if one fails, wait for the other before tearing down.
    const started = await Promise.allSettled(SERVER_KEYS.map((k) => startServer(all[k])));
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    await Promise.all(
      SERVER_KEYS.map(async (k) => {
        all[k].adminToken = (await registerUser({ url: all[k].url, sharedSecret: all[k].secret }, "fed-admin", { admin: true })).accessToken;
      }),
    );
    await checkFederation(all);
    control = new Control(all, untrusted);
    const c = await startControl(control);
    controlServer = c.server;
    const ref: FederationRef = {
      city: { url: all.city.url, serverName: all.city.name, sharedSecret: all.city.secret },
      police: { url: all.police.url, serverName: all.police.name, sharedSecret: all.police.secret },
      control: c.url,
      untrustedServerName: UNTRUSTED_SERVER_NAME,
    };
    let stopping: Promise<void> | undefined;
    return { ref, dir, stop: () => (stopping ??= teardown()) };
  } catch (e) {
    await teardown().catch(() => undefined);
    throw new Error(`the federated test world did not come up: ${e instanceof Error ? e.message : String(e)}\n(directory ${dir}${keep ? " kept" : " removed"})`, { cause: e });
  }
}
