// The operators' HTTP endpoint (config `metrics`): GET /health (200, or 503 with the reasons) and
// GET /metrics (Prometheus text). Plain node:http: two routes need no framework.
import { createRequire } from "node:module";
import type * as Http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Health } from "./health.ts";

// require(), not `import`: an ES import of node:http builds its namespace, whose getters load undici
// (Node's fetch, about 14 MB resident) though nothing here uses it.
const { createServer } = createRequire(import.meta.url)("node:http") as typeof Http;

export interface HttpOptions {
  host: string;
  port: number;
  log: Logger;
  health(): Health;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpEndpoint {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(o: HttpOptions): Promise<HttpEndpoint> {
  const server = createServer((req, res) => {
    route(o, req, res).catch((e: unknown) => {
      o.log.error({ err: e, path: req.url }, "health/metrics request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
      else res.destroy();
    });
  });
  // Scrapers and health checks keep no state here; a stuck client must not hold a socket for long.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  o.log.info({ host: addr.address, port: addr.port }, `health and metrics endpoint on http://${addr.address}:${addr.port}/health`);
  return {
    host: addr.address,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(o: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
    return;
  }
  switch (path) {
    case "/health": {
      const h = o.health();
      const body = { status: h.ok ? "ok" : "unavailable", reasons: h.reasons, syncAgeSeconds: h.syncAgeSeconds };
      send(res, h.ok ? 200 : 503, "application/json", `${JSON.stringify(body)}\n`);
      return;
    }
    case "/metrics": {
      const m = await o.metrics();
      send(res, 200, m.contentType, m.body);
      return;
    }
    default:
      send(res, 404, "text/plain; charset=utf-8", "not found: try /health or /metrics\n");
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
