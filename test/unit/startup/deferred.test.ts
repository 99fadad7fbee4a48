// src/deferred.ts keeps dependencies' unused packages unloaded until first touched. Run in a child
// process: the test's own module graph would already have loaded them, or would keep them loaded.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/bot-process.ts";

function run(script: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const PRELUDE = `
  import { createRequire } from "node:module";
  import "./src/deferred.ts";
  const require = createRequire(import.meta.url);
  await import("./src/matrix/sdk.ts").then((m) => m.loadSdk?.());
  const loaded = (part) => Object.keys(require.cache).some((k) => k.includes(part));
`;

describe("deferred packages", () => {
  it("keeps express, sanitize-html and request's signing (their own dependencies) unloaded while the SDK is in use", () => {
    const out = run(`${PRELUDE}
      require("matrix-bot-sdk");
      console.log(JSON.stringify({ sdk: loaded("/matrix-bot-sdk/lib/"), express: loaded("/express/lib/"), sanitize: loaded("/htmlparser2/"), signature: loaded("/sshpk/") }));`);
    expect(out).toEqual({ sdk: true, express: false, sanitize: false, signature: false });
  });

  it("loads the real package when something touches it", () => {
    const out = run(`${PRELUDE}
      const sanitizeHtml = require(require.resolve("sanitize-html", { paths: [require.resolve("matrix-bot-sdk")] }));
      console.log(JSON.stringify({ cleaned: sanitizeHtml("<b>a</b><script>x</script>"), sanitize: loaded("/htmlparser2/") }));`);
    expect(out).toEqual({ cleaned: "<b>a</b>", sanitize: true });
  });
});
