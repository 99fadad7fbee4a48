// The benchmark's table: printed, and written to bench/results.md with the machine's facts.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { REPO_ROOT } from "../../test/support/bot-process.ts";

export interface Row {
  measure: string;
  result: string;
  goal: string;
  /** null: no goal for this row. */
  met: boolean | null;
}

export function machineFacts(synapseVersion: string, load: { start: number; end: number }, nodeFlags: string): Array<[string, string]> {
  const sqlite = new BetterSqlite3(":memory:").prepare<[], { v: string }>("SELECT sqlite_version() AS v").get()?.v ?? "?";
  return [
    ["date", new Date().toISOString().replace(/\.\d+Z$/, "Z")],
    ["CPU", `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores`],
    ["memory", `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ["OS", `Linux ${release()}`],
    ["Node.js", `${process.version}${nodeFlags ? ` (bot started with \`${nodeFlags}\`, as \`npm start\`)` : ""}`],
    ["load average (1 min) at start / end", `${load.start.toFixed(2)} / ${load.end.toFixed(2)} (other work on the machine skews every figure)`],
    ["Synapse", `${synapseVersion} (SQLite, on the same machine)`],
    ["SQLite (bot)", sqlite],
  ];
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const mark = (m: boolean | null) => (m === null ? "" : m ? "met" : "**missed**");
const resultTable = (rows: Row[]) => table(["measure", "result", "goal", ""], rows.map((r) => [r.measure, r.result, r.goal, mark(r.met)]));

export function renderMarkdown(facts: Array<[string, string]>, rows: Row[], notes: string[], seconds: number): string {
  return [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (scripts/bench.ts) in ${Math.round(seconds)} s. All processes — Synapse, the bot, the echo bot and the load generator — share this one machine.`,
    "",
    table(["machine", ""], facts.map(([k, v]) => [k, v])),
    "",
    resultTable(rows),
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
}

export function printTable(rows: Row[]): void {
  const w0 = Math.max(...rows.map((r) => r.measure.length));
  const w1 = Math.max(...rows.map((r) => r.result.length));
  const w2 = Math.max(...rows.map((r) => r.goal.length));
  for (const r of rows) {
    const mark = r.met === null ? "" : r.met ? "ok" : "MISSED";
    process.stdout.write(`${r.measure.padEnd(w0)}  ${r.result.padEnd(w1)}  ${r.goal.padEnd(w2)}  ${mark}\n`);
  }
}

export function writeResults(markdown: string): string {
  const dir = join(REPO_ROOT, "bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "results.md");
  writeFileSync(file, markdown);
  return file;
}

const README_START = "<!-- bench:start -->";
const README_END = "<!-- bench:end -->";

/** Puts the latest figures into the README between its bench markers; false if it has none. */
export function quoteInReadme(facts: Array<[string, string]>, rows: Row[]): boolean {
  const file = join(REPO_ROOT, "README.md");
  const readme = readFileSync(file, "utf8");
  const from = readme.indexOf(README_START);
  const to = readme.indexOf(README_END);
  if (from < 0 || to < from) return false;
  const block = [README_START, resultTable(rows), "", table(["machine", ""], facts.map(([k, v]) => [k, v])), "", "The notes on how each figure is taken are in `bench/results.md`.", ""].join("\n");
  writeFileSync(file, readme.slice(0, from) + block + readme.slice(to));
  return true;
}
