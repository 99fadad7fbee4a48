// `npm run audit:verify [-- --config path | --db file]`: walks the audit hash chain; exit 1 on a break.
import { join } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { loadConfigFile } from "../src/config.ts";
import { verifyAudit } from "../src/store/audit.ts";

const { values } = parseArgs({ options: { config: { type: "string" }, db: { type: "string" } } });
let file = values.db;
if (!file) {
  const loaded = loadConfigFile(values.config ?? process.env["LAGEBOT_CONFIG"] ?? "./config.json", { ...process.env, LAGEBOT_ACCESS_TOKEN: "unused" });
  if (!loaded.ok) {
    process.stderr.write(`cannot read config: ${loaded.problems.map((p) => `${p.path}: ${p.expected}`).join("; ")}\n`);
    process.exit(2);
  }
  file = join(loaded.config.dataDir, "lagebot.sqlite");
}
// Read-only: verifying must never change the file under inspection.
const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
const res = verifyAudit(db);
if (res.firstBad) {
  process.stdout.write(`audit chain BROKEN at row ${res.firstBad.id}: ${res.firstBad.problem} (${res.rows} rows read)\n`);
  process.exit(1);
}
process.stdout.write(`audit chain ok: ${res.rows} rows\n`);
