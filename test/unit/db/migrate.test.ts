import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, openDatabase } from "../../../src/db/open.ts";
import { migrate, MigrationError, readMigrations } from "../../../src/db/migrate.ts";

function schemaOf(db: BetterSqlite3.Database): string {
  return db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all()
    .map((r) => `${r.sql.replace(/\s+/g, " ").trim()};`)
    .join("\n");
}

describe("migrations", () => {
  it("produce the committed schema snapshot", () => {
    const db = openDatabase(":memory:");
    const snapshot = readFileSync(new URL("./schema.snapshot.sql", import.meta.url), "utf8").trim();
    // To update after adding a migration: write schemaOf(db) to schema.snapshot.sql and review the diff.
    if (process.env["UPDATE_SCHEMA_SNAPSHOT"]) writeFileSync(new URL("./schema.snapshot.sql", import.meta.url), `${schemaOf(db)}\n`);
    expect(schemaOf(db)).toBe(process.env["UPDATE_SCHEMA_SNAPSHOT"] ? schemaOf(db) : snapshot);
  });

  it("applies each file once and records it", () => {
    const db = new BetterSqlite3(":memory:");
    const files = readMigrations(MIGRATIONS_DIR);
    expect(migrate(db, files).applied).toEqual(files.map((f) => f.version));
    expect(migrate(db, files).applied).toEqual([]);
  });

  it("refuses a database whose applied migration was edited", () => {
    const db = new BetterSqlite3(":memory:");
    const files = readMigrations(MIGRATIONS_DIR);
    migrate(db, files);
    const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: "x" } : f));
    expect(() => migrate(db, edited)).toThrow(MigrationError);
  });

  it("refuses a database newer than the code", () => {
    const db = new BetterSqlite3(":memory:");
    const files = readMigrations(MIGRATIONS_DIR);
    migrate(db, files);
    expect(() => migrate(db, files.slice(0, -1))).toThrow(/does not know/);
  });

  it("leaves the database as it was when a migration fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "lagebot-mig-"));
    writeFileSync(join(dir, "001_ok.sql"), "CREATE TABLE a (x INTEGER) STRICT;");
    writeFileSync(join(dir, "002_bad.sql"), "CREATE TABLE b (y INTEGER) STRICT; INSERT INTO nowhere VALUES (1);");
    const db = new BetterSqlite3(":memory:");
    expect(() => migrate(db, readMigrations(dir))).toThrow();
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(["a", "schema_migrations"]);
    expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
  });

  it("forbids changing or deleting audit rows", () => {
    const db = openDatabase(":memory:");
    db.prepare("INSERT INTO audit (at, actor, action, outcome, prev_hash, hash) VALUES (1, 'a', 'x', 'ok', 'p', 'h')").run();
    expect(() => db.prepare("UPDATE audit SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
  });
});
