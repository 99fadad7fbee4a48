// `npm run build`: compiles the bot (src/, commands/) to dist/ with tsc; `npm start` runs dist/src/main.js.
// Running the .ts sources directly costs the process Node's TypeScript stripper (amaro, about 16 MB
// of resident memory for as long as it runs); the compiled files need nothing of it.
//   node scripts/build.mjs             clean build
//   node scripts/build.mjs --if-stale  only when a source is newer than the last build (npm prestart)
// Plain .mjs so it runs before anything is compiled, with any Node that passes check-node.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const stamp = join(dist, ".built");

/** Newest modification time (ms) of the files that go into the build. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, "src"));
  walk(join(root, "commands"));
  for (const f of ["tsconfig.json", "tsconfig.build.json"]) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

if (process.argv.includes("--if-stale") && existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput()) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
} catch {
  process.stderr.write(
    `${existsSync(stamp) ? "dist/ is older than the sources" : "dist/ is missing"} and TypeScript is not installed (npm ci --omit=dev?): ` +
      "run `npm run build` where the dev dependencies are installed, or start the sources directly with `node --max-semi-space-size=4 src/main.ts`.\n",
  );
  process.exit(1);
}
const started = new Date();
process.stderr.write("building dist/ (tsc -p tsconfig.build.json)\n");
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.stderr.write("build failed: nothing written to dist/\n");
  process.exit(r.status ?? 1);
}
// Stamped with the time the build started, so a source saved during the build counts as newer.
writeFileSync(stamp, "");
utimesSync(stamp, started, started);
