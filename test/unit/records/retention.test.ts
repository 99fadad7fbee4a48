import { describe, expect, it } from "vitest";
import { baseContext } from "../../../src/pipeline/context.ts";
import type { RuntimeInfo } from "../../../src/pipeline/family.ts";
import { ensureRecurring } from "../../../src/records/recurring.ts";
import { runRetention } from "../../../src/records/retention.ts";
import { verifyAudit } from "../../../src/store/audit.ts";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { FakeClock, ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";
const BEN = "@ben:polizei.example";

/** Moves the clock to a UTC instant and fires what fell due (the nightly run among it). */
function at(t: ReturnType<typeof setup>, iso: string) {
  return t.advance(Date.parse(iso) - t.clock.t);
}

function world(config: Record<string, unknown> = {}) {
  const t = setup({ config });
  ensureRecurring(t, [ROOM]);
  t.advance(0); // the first run at start-up, with nothing due
  t.reply(ANNA, '!einsatz planen Streife Bahnhof wann="05.12.2026 20:00" bis=23:00 ort="Kiosk Müller" stadt=1 polizei=1');
  t.reply(BEN, "!einsatz teilnehmen OP-1");
  t.reply(ANNA, '!einsatz planen Später wann="10.01.2027 10:00"');
  t.send(ANNA, "!presse entwurf Kontrollen am Bahnhof\nText über Herrn X.");
  t.send(CITY_PRESS, "!presse freigeben PR-1");
  t.send(POLICE_PRESS, "!presse freigeben PR-1");
  t.send(ANNA, "!presse veröffentlichen PR-1");
  t.send(ANNA, "!presse entwurf Offen\nNoch in Arbeit.");
  t.reply(ANNA, "!ort anlegen Bahnhof\nPerson Y hält sich täglich dort auf.");
  t.reply(ANNA, "!ort schließen HS-1");
  t.reply(ANNA, "!ort anlegen Park\nOffene Notiz.");
  t.take();
  return t;
}

const one = (t: ReturnType<typeof setup>, sql: string) => t.db.prepare(sql).get() as Record<string, unknown> | undefined;

describe("retention run", () => {
  it("deletes a closed hotspot's notes one year after closing, not a day earlier, and keeps open ones", () => {
    const t = world();
    at(t, "2027-11-25T02:15:00Z"); // 03:15 Berlin, closing was 2026-11-25 10:00 Berlin
    expect(t.count("SELECT COUNT(*) FROM spot_notes WHERE spot_id = 1")).toBe(1);
    at(t, "2027-11-26T02:15:00Z");
    expect(t.count("SELECT COUNT(*) FROM spot_notes WHERE spot_id = 1")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM spot_notes WHERE spot_id = 2")).toBe(1);
    const show = t.reply(BEN, "!ort zeigen HS-1").body;
    expect(show).toContain("HS-1 · Bahnhof");
    expect(show).toContain("Die Notizen wurden 1 Jahr nach dem Schließen gelöscht (Aufbewahrungsfrist).");
    const row = one(t, "SELECT actor, action, target, details FROM audit WHERE action = 'retention.delete'");
    expect(row).toMatchObject({ actor: "bot", action: "retention.delete", target: "HS-1" });
    expect(JSON.parse(String(row?.["details"]))).toMatchObject({ kind: "spotNotes", part: "note:1", period: "1y", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(String(row?.["details"])).not.toContain("Person Y");
  });

  it("anonymises an operation two years after its date: number, time and staffing stay, names and people go", () => {
    const t = world();
    at(t, "2028-12-03T02:15:00Z");
    expect(one(t, "SELECT title FROM operations WHERE id = 1")).toEqual({ title: "Streife Bahnhof" });
    at(t, "2028-12-05T02:15:00Z"); // ended 2026-12-05 23:00 Berlin + 730 days
    expect(one(t, "SELECT title, place, created_by, purged_at IS NOT NULL AS purged, starts_at FROM operations WHERE id = 1")).toEqual({
      title: "—", place: null, created_by: "", purged: 1, starts_at: Date.parse("2026-12-05T19:00:00Z"),
    });
    expect(t.count("SELECT COUNT(*) FROM operation_roster WHERE operation_id = 1")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM operation_staffing WHERE operation_id = 1")).toBe(2);
    expect(one(t, "SELECT title FROM operations WHERE id = 2")).toEqual({ title: "Später" });
    const details = t.db.prepare("SELECT details FROM audit WHERE action = 'retention.anonymise' AND target = 'OP-1'").pluck().all();
    expect(details).toHaveLength(1);
    expect(String(details[0])).not.toMatch(/Müller|ben:polizei/);
    // A new operation never gets the number of an anonymised one.
    expect(t.reply(ANNA, '!einsatz planen Neu wann="2029-01-01 10:00"').body).toContain("OP-3");
  });

  it("anonymises press statements five years after release and never touches open drafts", () => {
    const t = world();
    at(t, "2031-11-23T02:15:00Z");
    expect(one(t, "SELECT title FROM press_drafts WHERE id = 1")).toEqual({ title: "Kontrollen am Bahnhof" });
    at(t, "2031-11-25T02:15:00Z"); // released 2026-11-25 10:00 Berlin + 5 × 365 days
    expect(one(t, "SELECT title, author, state, purged_at IS NOT NULL AS purged FROM press_drafts WHERE id = 1")).toEqual({ title: "—", author: "", state: "released", purged: 1 });
    expect(t.count("SELECT COUNT(*) FROM press_versions WHERE draft_id = 1")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE draft_id = 1")).toBe(0);
    expect(one(t, "SELECT title FROM press_drafts WHERE id = 2")).toEqual({ title: "Offen" });
    expect(t.count("SELECT COUNT(*) FROM press_versions WHERE draft_id = 2")).toBe(1);
    expect(t.reply(ANNA, "!presse status PR-1").body).toContain("PR-1");
  });

  it("leaves exactly one pending run after every night, and an intact audit chain", () => {
    const t = world();
    for (const day of ["2026-11-26", "2026-11-27", "2027-11-26", "2028-12-05", "2031-11-25"]) {
      at(t, `${day}T02:15:00Z`);
      expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending' AND ref = 'records:retention'")).toBe(1);
    }
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action LIKE 'retention.%' AND action <> 'retention.run'")).toBe(4); // a note, OP-1, OP-2, PR-1
    expect(verifyAudit(t.db).firstBad).toBeNull();
  });

  it("follows configured periods", () => {
    const t = world({ retention: { spotNotes: "30d" } });
    expect(t.reply(ANNA, "!ort schließen HS-2").body).toContain("Die Notizen werden 30 Tage nach dem Schließen gelöscht (Aufbewahrungsfrist).");
    at(t, "2026-12-26T02:15:00Z");
    expect(t.count("SELECT COUNT(*) FROM spot_notes")).toBe(0);
  });

  it("rolls back a failing family's hook alone, records the error, and still runs the others", () => {
    const t = setup();
    const runtime = (): RuntimeInfo => ({
      version: "t", startedAt: new Date(0), encryption: { enabled: false, why: "" }, rooms: [], syncAgeMs: null,
      outbox: { pending: 0, failed: 0, retrying: 0 }, decryptionFailures: 0, lastDecryptionFailure: null,
    });
    const families = [
      {
        name: "broken",
        retention: () => {
          t.db.prepare("INSERT INTO spots (room_id, name, state, created_by, agency, created_at, updated_at) VALUES ('!r', 'x', 'open', 'a', 'city', 0, 0)").run();
          throw new Error("boom");
        },
      },
      { name: "fine", retention: () => 3 },
    ];
    const ctx = baseContext({ db: t.db, config: t.config, clock: new FakeClock("2026-11-25T09:00:00Z"), runtime, registry: { families } }, { userId: "bot", agency: null, roomId: null, eventId: null });
    expect(runRetention(ctx)).toEqual({ fine: 3 });
    expect(t.count("SELECT COUNT(*) FROM spots")).toBe(0);
    expect(one(t, "SELECT action, target, outcome FROM audit")).toEqual({ action: "retention.run", target: "broken", outcome: "error" });
  });
});
