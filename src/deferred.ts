// Packages that dependencies load at start for features the bot never uses, deferred to their first
// use: the SDK's appservice web server (express, morgan), its reply helpers' HTML converters, its
// Postgres and file stores (lowdb also backs the crypto store, so it loads when encryption is on);
// request's signing, form, HAR and cookie-domain options; prom-client's OpenTelemetry exemplars. Each
// gets a stand-in in require.cache that requires the real package when first touched, so nothing
// breaks if one is used after all. Until then about 13 MB stay unused (`node scripts/bench/memory.ts
// modules`). Imported first by main.ts, before anything requires these.
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";

const require = createRequire(import.meta.url);

/** Where each package is required from (a chain of packages from the app), and what it requires. */
const DEFERRED: Array<{ from: string[]; packages: string[] }> = [
  { from: ["matrix-bot-sdk"], packages: ["express", "morgan", "sanitize-html", "html-to-text", "postgres", "lowdb", "lowdb/adapters/FileSync"] },
  { from: ["matrix-bot-sdk", "request"], packages: ["http-signature", "aws4", "aws-sign2", "oauth-sign", "form-data", "mime-types", "har-validator", "tunnel-agent"] },
  { from: ["matrix-bot-sdk", "request", "tough-cookie"], packages: ["psl"] },
  { from: ["prom-client"], packages: ["@opentelemetry/api"] },
];

/** Puts a proxy into require.cache for `path` that requires the real module when it is first touched. */
function standIn(path: string): void {
  if (require.cache[path]) return;
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      Reflect.deleteProperty(require.cache, path);
      real = require(path) as object;
    }
    return real;
  };
  // A function target, so the stand-in can be called and constructed like the module it stands for.
  const proxy = new Proxy(function deferred() {}, {
    get: (_t, key) => Reflect.get(load(), key) as unknown,
    has: (_t, key) => Reflect.has(load(), key),
    apply: (_t, self, args): unknown => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    construct: (_t, args): object => Reflect.construct(load() as new (...a: unknown[]) => object, args),
  });
  const m = new Module(path);
  m.filename = path;
  m.loaded = true;
  m.exports = proxy;
  require.cache[path] = m;
}

for (const { from, packages } of DEFERRED) {
  try {
    let base = "";
    for (const name of from) base = dirname(require.resolve(name, base ? { paths: [base] } : undefined));
    for (const name of packages) standIn(require.resolve(name, { paths: [base] }));
  } catch {
    // Laid out differently (another version): these then load as usual.
  }
}
