/**
 * matrix-js-sdk in tests: silent unless LAGEBOT_DEBUG_SECURE=1, and with timers a stopped client can
 * clear. Imported by secure-person.ts, which runs every SDK call inside `sdkContext.run(ctx, …)`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import loglevel from "loglevel";

// The SDK makes a loglevel logger per module and child, each at DEBUG; new ones copy the factory.
const silent: loglevel.MethodFactory = () => () => undefined;
for (const l of process.env["LAGEBOT_DEBUG_SECURE"] === "1" ? [] : [loglevel, ...Object.values(loglevel.getLoggers())]) {
  l.methodFactory = silent;
  l.rebuild();
}

// matrix-js-sdk 43 never clears its per-request timeout timers (60–110 s), re-arms its 6-hour
// capabilities poll when a request ends after stopClient(), and keeps a 5-minute timer per encrypted
// event: a stopped client would keep Node alive. So a SecurePerson calls the SDK inside an async
// context, and stop() clears the timers made in it.
export type SdkContext = { timers: Set<NodeJS.Timeout>; stopped: boolean };
export const sdkContext = new AsyncLocalStorage<SdkContext>();
const realSetTimeout = globalThis.setTimeout;
function trackedSetTimeout<TArgs extends unknown[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): NodeJS.Timeout {
  const owner = sdkContext.getStore();
  if (owner === undefined) return realSetTimeout(callback, ms, ...args);
  const timer = realSetTimeout((...a: TArgs) => {
    owner.timers.delete(timer);
    callback(...a);
  }, ms, ...args);
  if (owner.stopped) timer.unref();
  else owner.timers.add(timer);
  return timer;
}
globalThis.setTimeout = Object.assign(trackedSetTimeout, { __promisify__: realSetTimeout.__promisify__ });
