// The operators' HTTP endpoint (config `metrics`): GET /health (200, or 503 with the reasons) and
// GET /metrics (Prometheus text). Plain node:http: two routes need no framework.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Health } from "./health.ts";
import { listen } from "./listen.ts";
import type { HttpEndpoint } from "./listen.ts";


export interface HttpOptions {
  host: string;
  port: number;
  log: Logger;
  health(): Health;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export type { HttpEndpoint };

export async function startHttpServer(o: HttpOptions): Promise<HttpEndpoint> {
  const endpoint = await listen(o.host, o.port, (req, res) => {
    route(o, req, res).catch((e: unknown) => {
      o.log.error({ err: e, path: req.url }, "health/metrics request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
      else res.destroy();
    });
  });
  o.log.info({ host: endpoint.host, port: endpoint.port }, `health and metrics endpoint on http://${endpoint.host}:${endpoint.port}/health`);
  return endpoint;
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
