// Start-up requests are retried until the homeserver answers: it may be starting too, or briefly
// away. What cannot get better (a rejected token, a crypto store that does not match) stops start-up.
import type { Logger } from "pino";
import { StartupError } from "./crypto-store.ts";
import { describeError, httpStatus, isUnreachable } from "./errors.ts";

/** Runs `fn` until it succeeds; `onFatal` turns an error into one that ends the retrying. */
export async function retry<T>(what: string, log: Logger, fn: () => Promise<T>, isStopped: () => boolean, onFatal?: (e: unknown) => Error | null): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const status = httpStatus(e);
      if (status === 401 || status === 403) throw new StartupError(`${what}: the homeserver rejected the access token (HTTP ${String(status)})`);
      if (isStopped()) throw new StartupError(`${what}: stopped`);
      if (onFatal) {
        const fatal = onFatal(e);
        if (fatal) throw fatal;
      }
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
      const reason = describeError(e);
      // Only a refused connection, a time-out or a 5xx/429 is the homeserver being away; anything else is said as it is.
      if (isUnreachable(e)) log.warn({ attempt, retryInMs: wait, reason }, `${what} failed (${reason}); homeserver unreachable? retrying`);
      else log.error({ attempt, retryInMs: wait, reason }, `${what} failed: ${reason}; retrying`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
