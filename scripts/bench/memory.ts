// Where Lagebot's memory goes; a tool for working on it, not part of `npm run bench`.
//
//   node scripts/bench/memory.ts modules              RSS of a fresh Node with each module loaded alone,
//                                                     and with the bot's whole module graph
//   node scripts/bench/memory.ts variants [--idle 30] [--commands 20] [--heapsnapshot] 'label|dir|entry|node flags|ENV=v ENV2=v' ...
//       each variant: the bot started from `dir` (a checkout; default this one) with `entry`
//       (src/main.ts, dist/src/main.js), against one Synapse, in rooms of its own and on a database
//       seeded with 100,000 operations and 10,000 scheduled posts; RSS once ready, after the
//       commands, and idle.
//       With --heapsnapshot each bot writes a heap snapshot (SIGUSR2) into its data directory.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT } from "../../test/support/bot-process.ts";
import { registerUser, startSynapse } from "../../test/support/synapse.ts";
import { BenchUser } from "./client.ts";
import { ChildBot } from "./process.ts";
import { seedScale } from "./seed.ts";
import { Replies } from "./world.ts";

const { values, positionals } = parseArgs({ options: { idle: { type: "string", default: "30" }, commands: { type: "string", default: "20" }, heapsnapshot: { type: "boolean", default: false } }, allowPositionals: true });
const [mode, ...rest] = positionals;

/**
 * One process loads the bot's parts one after another, as start-up does, and reports after each
 * step how much its resident memory grew (after two GCs), split into anonymous memory (heaps) and
 * pages of mapped files (the node binary's code and ICU data, native add-ons). `root` holds the
 * compiled bot (dist/) or the sources (src/, with Node's type stripping).
 */
function modules(): void {
  const compiled = readdirSync(REPO_ROOT).includes("dist");
  const r = spawnSync(process.execPath, ["--max-semi-space-size=4", "--expose-gc", "--no-warnings", join(REPO_ROOT, "scripts/bench/memory-steps.mjs"), compiled ? "dist" : "src"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout) as Array<[string, { rss: number; anon: number; heap: number; malloc: number }]>;
  process.stdout.write(`Loaded ${compiled ? "compiled (dist/)" : "from the sources (type stripping)"}; MB after each step, and what it added\n`);
  process.stdout.write(`${"step".padEnd(44)}    RSS  (+ added: anonymous / files)  V8 heap used  malloc heap\n`);
  let prev = { rss: 0, anon: 0, heap: 0, malloc: 0 };
  for (const [label, x] of out) {
    const add = (a: number, b: number) => (a - b).toFixed(1).padStart(5);
    process.stdout.write(`${label.padEnd(44)} ${x.rss.toFixed(1).padStart(6)}  (+${add(x.rss, prev.rss)}: ${add(x.anon, prev.anon)} / ${add(x.rss - x.anon, prev.rss - prev.anon)})  ${x.heap.toFixed(1).padStart(5)}  ${x.malloc.toFixed(1).padStart(5)}\n`);
    prev = x;
  }
}

/** The V8 heap as the bot's own /metrics reports it (prom-client's default metrics), MB. */
async function heapOf(p: ChildBot): Promise<string> {
  const line = p.jsonLines().find((l) => typeof l["msg"] === "string" && l["msg"].includes("metrics endpoint"));
  if (typeof line?.["port"] !== "number") return "heap ?";
  const text = await (await fetch(`http://127.0.0.1:${line["port"]}/metrics`)).text();
  const get = (name: string) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? Number.NaN) / 1048576;
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)/gm)].map((x) => `${x[1]} ${(Number(x[2]) / 1048576).toFixed(1)}`).join(", ");
  return `V8 heap used ${get("nodejs_heap_size_used_bytes").toFixed(0)} of ${get("nodejs_heap_size_total_bytes").toFixed(0)} (${spaces}), external ${get("nodejs_external_memory_bytes").toFixed(0)}`;
}

/** Anonymous memory vs. mapped files (code, the SQLite file when mmapped) from smaps_rollup, MB. */
function breakdown(pid: number, heap: string): string {
  const s = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? Number.NaN) / 1024;
  // The largest mappings by resident size: the node binary, native addons, anonymous heap regions.
  const byPath = new Map<string, number>();
  let path = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) path = head[1] || "[anonymous]";
    else if (line.startsWith("Rss:")) byPath.set(path, (byPath.get(path) ?? 0) + Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024);
  }
  const top = [...byPath].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([p, mb]) => `${p.split("/").at(-1)} ${mb.toFixed(0)}`).join(", ");
  return `anonymous ${kb("Anonymous").toFixed(0)} MB, file-backed ${(kb("Rss") - kb("Anonymous")).toFixed(0)} MB (${top}); ${heap}`;
}

interface Variant {
  label: string;
  dir: string;
  entry: string;
  flags: string[];
  env: Record<string, string>;
}

function parseVariant(s: string): Variant {
  const [label = "?", dir = "", entry = "src/main.ts", flags = "--max-semi-space-size=4", env = ""] = s.split("|");
  return {
    label, dir: dir || REPO_ROOT, entry, flags: flags.split(" ").filter(Boolean),
    env: Object.fromEntries(env.split(" ").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])),
  };
}

async function variants(list: Variant[]): Promise<void> {
  const idleMs = Number(values.idle) * 1000;
  const hs = await startSynapse({});
  const work = mkdtempSync(join(tmpdir(), "lagebot-memory-"));
  try {
    const bot = await registerUser(hs, "lagebot", { displayName: "Lagebot" });
    const annaUser = await registerUser(hs, "anna");
    const anna = new BenchUser(hs.url, annaUser.userId, annaUser.accessToken);
    const asBot = new BenchUser(hs.url, bot.userId, bot.accessToken);
    const replies = new Replies([bot.userId]);
    await anna.startSync(replies.onEvent);
    const rows: string[] = [];
    for (const v of list) {
      // Rooms of its own for each variant, so none starts by catching up on another's messages.
      const rooms: string[] = [];
      for (let i = 0; i < 10; i++) rooms.push(await anna.createRoom(`Lage ${rows.length}.${i}`, [bot.userId]));
      const dataDir = join(work, `data-${rows.length}`);
      seedScale(join(dataDir, "lagebot.sqlite"), rooms, anna.userId, 100_000, 10_000);
      const config = join(work, `config-${rows.length}.json`);
      writeFileSync(config, JSON.stringify({
        homeserverUrl: hs.url, accessToken: bot.accessToken, dataDir, rooms, logLevel: "info", metrics: { port: 0 },
        agencies: [{ id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"], press: [anna.userId] } }, { id: "police", name: "Polizei", servers: ["polizei.test"] }],
      }));
      const flags = values.heapsnapshot ? [...v.flags, "--heapsnapshot-signal=SIGUSR2"] : v.flags;
      const started = performance.now();
      const p = await ChildBot.start(v.label, process.execPath, [...flags, v.entry, "--config", config], { cwd: v.dir, env: { ...process.env, ...v.env }, ready: /\bready\b/, timeoutMs: 120_000 });
      const readyS = (performance.now() - started) / 1000;
      const atReady = p.stats();
      const n = Number(values.commands);
      for (let i = 0; i < n; i++) {
        const plan = `!op plan Termin ${i} at="${new Date(Date.now() + (200 + (i % 100)) * 86_400_000).toISOString().slice(0, 10)} 10:00" until=11:00 place="Ort ${i}"`;
        const id = await anna.send(rooms[i % rooms.length] as string, ["!op list week", "!op list", "!lage", "!hilfe", plan][i % 5] as string);
        await replies.wait(id, 30_000);
      }
      const afterCommands = p.stats();
      await sleep(idleMs);
      const idle = p.stats();
      const parts = breakdown(p.pid, await heapOf(p));
      if (values.heapsnapshot) {
        process.kill(p.pid, "SIGUSR2");
        await sleep(5_000);
      }
      await p.kill("SIGTERM");
      // The next variant's bot should not sync these rooms too.
      for (const room of rooms) await asBot.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/leave`, {});
      rows.push(`${v.label.padEnd(40)} ready ${readyS.toFixed(1)} s  RSS ready ${atReady.rssMb.toFixed(0)}  after ${values.commands} commands ${afterCommands.rssMb.toFixed(0)}  idle ${idle.rssMb.toFixed(0)}  peak ${idle.peakMb.toFixed(0)} MB  CPU ${idle.cpuSeconds.toFixed(2)} s\n    ${parts}`);
      process.stderr.write(`${rows.at(-1)}\n`);
      if (values.heapsnapshot) {
        for (const f of readdirSync(v.dir).filter((name) => name.endsWith(".heapsnapshot"))) {
          cpSync(join(v.dir, f), join(tmpdir(), `${rows.length}-${f}`));
          rmSync(join(v.dir, f));
        }
      }
    }
    await anna.stopSync();
    process.stdout.write(`${rows.join("\n")}\n`);
  } finally {
    await hs.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (mode === "modules") modules();
else if (mode === "variants" && rest.length > 0) await variants(rest.map(parseVariant));
else {
  process.stderr.write("usage: node scripts/bench/memory.ts modules | variants 'label|dir|entry|flags|ENV=v' ...\n");
  process.exit(2);
}
process.exit(0);
