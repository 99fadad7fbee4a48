// Migration 010 rebuilds the outbox (for the kind 'direct'): rows already there survive as they
// were, edits keep pointing at their messages, and the constraints still hold afterwards.
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../../src/db/open.ts";
import { migrate, readMigrations } from "../../../src/db/migrate.ts";

describe("migration 010 (direct rooms)", () => {
  it("keeps every outbox row and its reference, and then takes 'direct' rows waiting under a user ID", () => {
    const db = new BetterSqlite3(":memory:");
    db.pragma("foreign_keys = ON");
    const files = readMigrations(MIGRATIONS_DIR);
    const before = files.filter((f) => f.version < 10);
    migrate(db, before);
    const insert = db.prepare(
      "INSERT INTO outbox (room_id, txn_id, kind, event_type, content, target_outbox_id, state, next_attempt_at, created_at, event_id) VALUES (?, ?, ?, 'm.room.message', '{}', ?, ?, 1, 1, ?)",
    );
    insert.run("!lage:stadt.example", "t1", "message", null, "sent", "$card");
    insert.run("!lage:stadt.example", "t2", "edit", 1, "pending", null);
    const old = db.prepare("SELECT * FROM outbox ORDER BY id").all();

    expect(migrate(db, files.filter((f) => f.version <= 10)).applied).toEqual([10]);
    expect(db.prepare("SELECT * FROM outbox ORDER BY id").all()).toEqual(old);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    // The rebuilt table still refers to itself, and knows the new kind and the user queues.
    expect(() => insert.run("!lage:stadt.example", "t3", "edit", 99, "pending", null)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run("@revision:stadt.example", "t4", "direct", null, "pending", null)).not.toThrow();
    expect(() => insert.run("revision", "t5", "message", null, "pending", null)).toThrow(/CHECK/);
    expect(() => insert.run("!lage:stadt.example", "t6", "telegram", null, "pending", null)).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").pluck().all()).toEqual([
      "outbox_event", "outbox_failed", "outbox_pending", "outbox_ref", "sqlite_autoindex_outbox_1",
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'outbox_old'").all()).toEqual([]);
  });
});
