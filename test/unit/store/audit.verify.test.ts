// `npm run audit:verify` against real database files: an intact one, and tampered copies of it.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/open.ts";
import { appendAudit, auditHash } from "../../../src/store/audit.ts";

const SCRIPT = resolve(import.meta.dirname, "../../../scripts/audit-verify.ts");

function verify(file: string): { code: number | null; out: string } {
  const res = spawnSync(process.execPath, [SCRIPT, "--db", file], { encoding: "utf8", timeout: 30_000 });
  return { code: res.status, out: res.stdout + res.stderr };
}

/** A copy of the database with the triggers dropped and `sql` run on it, as an intruder would. */
function tampered(original: string, name: string, sql: string): string {
  const copy = join(original, "..", name);
  copyFileSync(original, copy);
  const db = new BetterSqlite3(copy);
  db.exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
  db.exec(sql);
  db.close();
  return copy;
}

describe("audit:verify", () => {
  let file = "";
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), "lagebot-audit-")), "lagebot.sqlite");
    const db = openDatabase(file);
    for (let i = 1; i <= 6; i++) {
      appendAudit(db, { at: 1_780_000_000_000 + i, actor: "@a:stadt.example", agency: "city", action: "spot.note", target: `HS-${i}`, roomId: "!r:x", eventId: `$e${i}`, outcome: "ok", details: { n: i } });
    }
    db.close();
  });

  it("passes an intact database and leaves it unchanged", () => {
    const before = readFileSync(file);
    expect(verify(file)).toEqual({ code: 0, out: "audit chain ok: 6 rows\n" });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("names the first changed row and exits non-zero", () => {
    const copy = tampered(file, "changed.sqlite", "UPDATE audit SET actor = '@mallory:stadt.example' WHERE id = 4; UPDATE audit SET target = 'HS-0' WHERE id = 5;");
    expect(verify(copy)).toEqual({ code: 1, out: "audit chain BROKEN at row 4: content does not match its hash (4 rows read)\n" });
  });

  it("notices a deleted row, and a changed row whose own hash was recomputed to match", () => {
    expect(verify(tampered(file, "deleted.sqlite", "DELETE FROM audit WHERE id = 2;")).out).toContain("BROKEN at row 3: link to previous row broken");
    const copy = tampered(file, "rehashed.sqlite", "UPDATE audit SET actor = '@mallory:stadt.example' WHERE id = 2;");
    const db = new BetterSqlite3(copy);
    const row = db.prepare<[], { prev_hash: string; at: number; agency: string; action: string; target: string; room_id: string; event_id: string; details: string }>("SELECT * FROM audit WHERE id = 2").get();
    if (!row) throw new Error("row 2 missing");
    const hash = auditHash(row.prev_hash, {
      at: row.at, actor: "@mallory:stadt.example", agency: row.agency, action: row.action, target: row.target, roomId: row.room_id, eventId: row.event_id,
      outcome: "ok", details: JSON.parse(row.details) as Record<string, unknown>,
    });
    db.prepare("UPDATE audit SET hash = ? WHERE id = 2").run(hash);
    db.close();
    expect(verify(copy)).toEqual({ code: 1, out: "audit chain BROKEN at row 3: link to previous row broken (3 rows read)\n" });
  });

  it("forbids UPDATE and DELETE on the audit table through its triggers", () => {
    const db = openDatabase(":memory:");
    appendAudit(db, { at: 1, actor: "a", agency: null, action: "x", target: null, roomId: null, eventId: null, outcome: "ok", details: {} });
    expect(() => db.prepare("UPDATE audit SET details = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
    expect(() => db.transaction(() => db.prepare("DELETE FROM audit WHERE id = 1").run())()).toThrow(/append-only/);
    expect(db.prepare("SELECT COUNT(*) FROM audit").pluck().get()).toBe(1);
  });
});
