// The scheduler's own words after a downtime: what was dropped, and why a post comes late.
import { describe, expect, it } from "vitest";
import type { RoomId } from "../../../src/ids.ts";
import { schedulerMessages } from "../../../src/schedule/messages.ts";
import type { ScheduledRow } from "../../../src/store/schedule.ts";

const ZONE = "Europe/Berlin";
const row = (id: number, iso: string, label: string): ScheduledRow => ({ id, job: "op.remind", roomId: "!r:x" as RoomId, dueAt: Date.parse(iso), ref: null, payload: { label } });

describe("scheduler messages", () => {
  it("says a missed post was dropped because it was too long ago, in the singular and the plural", () => {
    const m = schedulerMessages.de;
    expect(m.missed([row(1, "2026-11-25T09:00:00Z", "Erinnerung OP-1")], ZONE).plain).toMatch(
      /^Während der Bot nicht erreichbar war, ist ein geplanter Beitrag entfallen; er lag zu lange zurück, um ihn nachzuholen:\n• Mi 25\.11\.2026,? 10:00 – Erinnerung OP-1$/,
    );
    const two = m.missed([row(1, "2026-11-25T09:00:00Z", "A"), row(2, "2026-11-25T10:00:00Z", "B")], ZONE);
    expect(two.plain).toMatch(/^Während der Bot nicht erreichbar war, sind 2 geplante Beiträge entfallen; sie lagen zu lange zurück, um sie nachzuholen:\n/);
    expect(two.plain).not.toContain("Nachholfenster");
  });

  it("names the intended time of a late post", () => {
    expect(schedulerMessages.de.late(new Date("2026-11-25T09:00:00Z"), ZONE).plain).toMatch(/^\(verspätet; vorgesehen war Mi 25\.11\.2026,? 10:00\)$/);
  });
});
