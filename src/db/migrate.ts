// Applies numbered .sql files in order, each in its own transaction, and refuses a database whose
// recorded migrations do not match the files (edited, missing or newer than this code).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "better-sqlite3";

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  return files.map((file, i) => {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`migration file name ${file} is not NNN_name.sql`);
    const version = Number(m[1]);
    if (version !== i + 1) throw new MigrationError(`migration ${file} is out of sequence (expected ${String(i + 1).padStart(3, "0")})`);
    const sql = readFileSync(join(dir, file), "utf8");
    return { version, name: m[2] ?? file, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

export function migrate(db: Database, migrations: readonly MigrationFile[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const rows = db.prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version").all() as Array<{
    version: number;
    name: string;
    checksum: string;
  }>;
  for (const row of rows) {
    const file = migrations.find((m) => m.version === row.version);
    if (!file) throw new MigrationError(`database has migration ${row.version} (${row.name}) that this version does not know; refusing to start`);
    if (file.checksum !== row.checksum)
      throw new MigrationError(`migration ${row.version} (${row.name}) was changed after it was applied; refusing to start`);
  }
  const done = new Set(rows.map((r) => r.version));
  const applied: number[] = [];
  const record = db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)");
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, m.checksum, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return { applied };
}
