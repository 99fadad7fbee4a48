// One HTTP listener for each of the bot's endpoints (health and metrics, the calendar feed): the
// same timeouts, the same start and the same close.
import { createRequire } from "node:module";
import type * as Http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// require(), not `import`: an ES import of node:http builds its namespace, whose getters load undici
// (Node's fetch, about 14 MB resident) though nothing here uses it.
const { createServer } = createRequire(import.meta.url)("node:http") as typeof Http;

export interface HttpEndpoint {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port with `handle`; resolves once listening, rejects if the port cannot be had. */
export async function listen(host: string, port: number, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpEndpoint> {
  const server = createServer(handle);
  // Clients keep no state here; a stuck client must not hold a socket for long.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
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
