// What /health tells an operator, for each way the bot can be unwell.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/open.ts";
import { SYNC_STALE_MS, assessHealth, databaseProbe } from "../../../src/http/health.ts";

const NOW = Date.parse("2026-12-05T12:00:00Z");

describe("assessHealth", () => {
  it("is healthy after a recent sync with a writable database", () => {
    expect(assessHealth({ now: NOW, lastSyncAt: NOW - 3_000, syncFailure: null, databaseProblem: null })).toEqual({ ok: true, reasons: [], syncAgeSeconds: 3 });
  });

  it("names the failing sync, since when and why", () => {
    const h = assessHealth({ now: NOW, lastSyncAt: NOW - 3_000, syncFailure: { since: NOW - 60_000, reason: "ECONNREFUSED" }, databaseProblem: null });
    expect(h.ok).toBe(false);
    expect(h.reasons).toEqual(["homeserver unreachable since 2026-12-05T11:59:00.000Z: ECONNREFUSED"]);
  });

  it("calls a sync loop stale when no sync completed for too long, even without an error", () => {
    const h = assessHealth({ now: NOW, lastSyncAt: NOW - SYNC_STALE_MS - 5_000, syncFailure: null, databaseProblem: null });
    expect(h.reasons).toEqual([`last sync completed ${Math.round((SYNC_STALE_MS + 5_000) / 1000)} s ago`]);
  });

  it("is not healthy before the first sync", () => {
    expect(assessHealth({ now: NOW, lastSyncAt: null, syncFailure: null, databaseProblem: null }).reasons).toEqual(["no sync with the homeserver completed yet"]);
  });

  it("lists a database problem beside a sync problem", () => {
    const h = assessHealth({ now: NOW, lastSyncAt: null, syncFailure: { since: NOW, reason: "HTTP 502" }, databaseProblem: "disk I/O error" });
    expect(h.reasons).toHaveLength(2);
    expect(h.reasons[1]).toBe("database not writable: disk I/O error");
  });
});

describe("databaseProbe", () => {
  it("finds a writable database writable", () => {
    expect(databaseProbe(openDatabase(":memory:"))()).toBeNull();
  });

  it("names a database that refuses writes", () => {
    const file = join(mkdtempSync(join(tmpdir(), "lagebot-health-")), "lagebot.sqlite");
    openDatabase(file).close();
    const readonly = new BetterSqlite3(file, { readonly: true });
    expect(databaseProbe(readonly)()).toMatch(/readonly/);
  });

  it("names a closed database", () => {
    const db = openDatabase(":memory:");
    db.close();
    expect(databaseProbe(db)()).toMatch(/not open/);
  });
});
