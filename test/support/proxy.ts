/**
 * A fault-injecting HTTP proxy between the bot and Synapse, written with node:http so the faults are
 * exactly the ones a test asks for. Point the bot's `homeserverUrl` at `proxy.url`.
 *
 *   const proxy = await FaultProxy.start(hs.url);
 *   proxy.outage("refuse");                     // connection refused until proxy.restore()
 *   proxy.outage("blackhole");                  // connections accepted, never answered
 *   proxy.inject({ method: "PUT", path: /\/send\//, times: 2, fault: { kind: "status", status: 429, retryAfterMs: 1500 } });
 *   proxy.inject({ path: /\/send\//, times: 3, fault: { kind: "delay", ms: 2_000 } });
 *   proxy.inject({ path: /\/send\//, times: 1, fault: { kind: "lose-response" } }); // Synapse got it, the bot never hears
 *   proxy.requests({ method: "PUT", path: /\/send\// });   // what reached the proxy, with status and timing
 *
 * Rules are tried in the order given; the first matching rule with `times` left applies.
 */
import { createServer, request as httpRequest } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Answered by the proxy, never forwarded: 429 (with retry_after_ms and Retry-After), 500, 502 … */
  | { kind: "status"; status: number; retryAfterMs?: number; errcode?: string }
  /** Forwarded; the answer is held back this long. */
  | { kind: "delay"; ms: number }
  /** The connection is closed without forwarding (the request never reaches Synapse). */
  | { kind: "drop" }
  /** Forwarded and processed by Synapse, then the connection is closed instead of answering. */
  | { kind: "lose-response" };

export interface FaultRule {
  method?: string;
  path?: RegExp;
  /** How many matching requests get the fault (Infinity for all). */
  times: number;
  fault: Fault;
}

export interface ProxyRequest {
  /** Arrival time (ms since epoch). */
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The answer's status; 0 when the connection was closed instead (drop, lose-response, outage). */
  status: number;
  /** When the answer went out (or the connection was closed). */
  doneAt: number;
  /** The fault applied, if any. */
  fault: Fault["kind"] | "outage" | null;
}

type Outage = "refuse" | "blackhole";

export class FaultProxy {
  readonly target: URL;
  private readonly server: Server;
  private readonly port: number;
  private readonly sockets = new Set<Socket>();
  private readonly rules: Array<FaultRule & { left: number }> = [];
  private readonly log: ProxyRequest[] = [];
  private outageMode: Outage | null = null;
  private listening = true;

  private constructor(target: URL, server: Server, port: number) {
    this.target = target;
    this.server = server;
    this.port = port;
  }

  static async start(targetUrl: string): Promise<FaultProxy> {
    const target = new URL(targetUrl);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const proxy = new FaultProxy(target, server, port);
    server.on("connection", (s) => proxy.onConnection(s));
    server.on("request", (req, res) => proxy.onRequest(req, res));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The homeserver becomes unreachable: "refuse" closes the port, "blackhole" accepts and never answers. */
  outage(mode: Outage): void {
    this.outageMode = mode;
    this.cutAll();
    if (mode === "refuse" && this.listening) {
      this.listening = false;
      this.server.close();
    }
  }

  /** Ends an outage: the port listens again, held connections are closed (their clients retry). */
  async restore(): Promise<void> {
    this.outageMode = null;
    this.cutAll();
    if (!this.listening) {
      await new Promise<void>((resolve, reject) => {
        this.server.once("error", reject);
        this.server.listen(this.port, "127.0.0.1", () => {
          this.server.off("error", reject);
          resolve();
        });
      });
      this.listening = true;
    }
  }

  get down(): boolean {
    return this.outageMode !== null;
  }

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times });
  }

  /** Drops every rule not yet used up. */
  clearFaults(): void {
    this.rules.length = 0;
  }

  /** Requests seen so far, optionally filtered. */
  requests(filter: { method?: string; path?: RegExp } = {}): ProxyRequest[] {
    return this.log.filter((r) => matches(filter, r.method, r.path));
  }

  async stop(): Promise<void> {
    this.cutAll();
    if (this.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.listening = false;
  }

  private cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private onConnection(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    // A request that arrives during an outage is held (blackhole) or never gets here (refuse).
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const entry: ProxyRequest = { at: Date.now(), method, path, status: 0, doneAt: 0, fault: null };
    this.log.push(entry);
    const finish = (status: number) => {
      entry.status = status;
      entry.doneAt = Date.now();
    };
    if (this.outageMode !== null) {
      entry.fault = "outage";
      // Held until the outage ends, then cut: as a partition looks to the client.
      req.socket.once("close", () => finish(0));
      return;
    }
    const rule = this.rules.find((r) => r.left > 0 && matches(r, method, path));
    if (rule) rule.left--;
    const fault = rule?.fault ?? null;
    entry.fault = fault?.kind ?? null;
    switch (fault?.kind) {
      case "status": {
        req.resume();
        const body: Record<string, unknown> = { errcode: fault.errcode ?? (fault.status === 429 ? "M_LIMIT_EXCEEDED" : "M_UNKNOWN"), error: `injected ${fault.status}` };
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (fault.retryAfterMs !== undefined) {
          body["retry_after_ms"] = fault.retryAfterMs;
          headers["retry-after"] = String(Math.ceil(fault.retryAfterMs / 1000));
        }
        res.writeHead(fault.status, headers).end(JSON.stringify(body));
        finish(fault.status);
        return;
      }
      case "drop":
        req.socket.destroy();
        finish(0);
        return;
      default:
        this.forward(req, res, fault, finish);
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, fault: Fault | null, finish: (status: number) => void): void {
    const upstream = httpRequest(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: { ...req.headers, host: this.target.host } },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const send = () => {
            if (fault?.kind === "lose-response") {
              req.socket.destroy();
              finish(0);
              return;
            }
            if (res.destroyed) {
              finish(0);
              return;
            }
            const headers = { ...up.headers };
            delete headers["transfer-encoding"];
            headers["content-length"] = String(Buffer.concat(chunks).length);
            res.writeHead(up.statusCode ?? 502, headers).end(Buffer.concat(chunks));
            finish(up.statusCode ?? 502);
          };
          if (fault?.kind === "delay") setTimeout(send, fault.ms);
          else send();
        });
        up.on("error", () => {
          req.socket.destroy();
          finish(0);
        });
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      finish(502);
    });
    // A client that gives up (or an outage that cuts it) also ends the upstream request.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}

function matches(rule: { method?: string; path?: RegExp }, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path !== undefined) {
    rule.path.lastIndex = 0;
    if (!rule.path.test(path)) return false;
  }
  return true;
}
