import { describe, expect, it } from "vitest";
import { ensureRecurring, nextDaily, nextWeekly } from "../../../src/records/recurring.ts";
import { insertSchedule } from "../../../src/store/schedule.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const pending = (t: ReturnType<typeof setup>, ref: string) =>
  t.db.prepare<[string], { due_at: number }>("SELECT due_at FROM schedule WHERE state = 'pending' AND ref = ?").all(ref).map((r) => r.due_at);

describe("recurring rows", () => {
  it("computes the next run in the zone, across daylight saving changes", () => {
    const zone = "Europe/Berlin";
    expect(nextDaily(new Date("2026-03-28T12:00:00Z"), zone, "03:15").toISOString()).toBe("2026-03-29T01:15:00.000Z"); // 03:15 CEST
    expect(nextDaily(new Date("2026-03-29T01:15:00Z"), zone, "03:15").toISOString()).toBe("2026-03-30T01:15:00.000Z");
    expect(nextWeekly(new Date("2026-10-21T12:00:00Z"), zone, "monday", "07:30").toISOString()).toBe("2026-10-26T06:30:00.000Z"); // after the change: CET
    expect(nextWeekly(new Date("2026-10-26T06:30:00Z"), zone, "monday", "07:30").toISOString()).toBe("2026-11-02T06:30:00.000Z");
    expect(nextWeekly(new Date("2026-10-26T06:29:00Z"), zone, "monday", "07:30").toISOString()).toBe("2026-10-26T06:30:00.000Z");
  });

  it("starts a retention run right away when none is pending, and keeps a future one over restarts", () => {
    const t = setup();
    ensureRecurring(t, [ROOM]);
    expect(pending(t, "records:retention")).toEqual([t.clock.t]);
    t.advance(0);
    const next = Date.parse("2026-11-26T02:15:00Z");
    expect(pending(t, "records:retention")).toEqual([next]);
    t.clock.advance(3_600_000);
    ensureRecurring(t, [ROOM]);
    expect(pending(t, "records:retention")).toEqual([next]);
  });

  it("replaces duplicates and a run overdue beyond the catch-up window with one run now", () => {
    const t = setup();
    const row = { job: "audit.retention", roomId: ROOM, ref: "records:retention", payload: {} };
    insertSchedule(t.db, { ...row, dueAt: t.clock.t + 1000 }, t.clock.t);
    insertSchedule(t.db, { ...row, dueAt: t.clock.t + 2000 }, t.clock.t);
    ensureRecurring(t, [ROOM]);
    expect(pending(t, "records:retention")).toEqual([t.clock.t]);
    t.advance(0);
    t.clock.advance(5 * 86_400_000); // down for five days
    ensureRecurring(t, [ROOM]);
    expect(pending(t, "records:retention")).toEqual([t.clock.t]);
    expect(t.advance(0)).toEqual([]); // runs silently: no "missed posts" summary for housekeeping
    expect(pending(t, "records:retention")).toHaveLength(1);
  });
});
