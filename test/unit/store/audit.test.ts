import { describe, expect, it } from "vitest";
import { appendAudit, verifyAudit } from "../../../src/store/audit.ts";
import type { AuditEntry } from "../../../src/store/audit.ts";
import { memoryDb } from "../../support/db.ts";

const entry = (i: number): AuditEntry => ({
  at: 1_700_000_000_000 + i, actor: "@a:stadt.example", agency: "city", action: "op.plan", target: `OP-${i}`,
  roomId: "!r:x", eventId: `$e${i}`, outcome: "ok", details: { n: i },
});

describe("audit chain", () => {
  it("verifies an intact chain", () => {
    const db = memoryDb();
    for (let i = 1; i <= 5; i++) appendAudit(db, entry(i));
    expect(verifyAudit(db)).toEqual({ rows: 5, firstBad: null });
  });

  it("reports the first row whose content was changed behind the triggers' back", () => {
    const db = memoryDb();
    for (let i = 1; i <= 5; i++) appendAudit(db, entry(i));
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit SET target = 'OP-99' WHERE id = 3").run();
    expect(verifyAudit(db).firstBad).toEqual({ id: 3, problem: "content does not match its hash" });
  });

  it("reports a deleted row as a broken link", () => {
    const db = memoryDb();
    for (let i = 1; i <= 4; i++) appendAudit(db, entry(i));
    db.exec("DROP TRIGGER audit_no_delete");
    db.prepare("DELETE FROM audit WHERE id = 2").run();
    expect(verifyAudit(db).firstBad?.id).toBe(3);
  });
});
