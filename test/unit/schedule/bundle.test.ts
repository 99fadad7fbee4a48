// Reminders due at the same moment in one room arrive as one message, in due order, with everyone
// mentioned; other posts stand alone; a failing job takes nothing else with it.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";
import { combined, groupsDueTogether } from "../../../src/schedule/bundle.ts";
import type { ScheduledRow } from "../../../src/store/schedule.ts";
import type { RoomId } from "../../../src/ids.ts";
import { text } from "../../../src/render/rich.ts";

const ANNA = "@anna:stadt.example";
const BEN = "@ben:polizei.example";

/** Five operations starting at the same minute (reminders 24h ahead, at 2026-11-25T11:00Z). */
function fiveAtOnce(t: ReturnType<typeof setup>): void {
  for (let i = 1; i <= 5; i++) t.reply(ANNA, `!op plan Streife ${i} wann="26.11.2026 12:00" ort=Markt${i} polizei=1`);
  t.reply(BEN, "!op join OP-2");
  t.reply(BEN, "!op join OP-4");
}

describe("reminders due together in one room", () => {
  it("go out as one message listing each in due order, mentioning everyone any of them mentions", () => {
    const t = setup({ config: { reminders: { operations: ["24h"] } } });
    fiveAtOnce(t);
    expect(t.advance(2 * 3_600_000 - 1)).toEqual([]);
    const out = t.advance(1);
    expect(out).toHaveLength(1);
    const [one] = out;
    const parts = one?.body.split("\n\n") ?? [];
    expect(parts.map((p) => /Erinnerung: Einsatz (OP-\d)/.exec(p)?.[1])).toEqual(["OP-1", "OP-2", "OP-3", "OP-4", "OP-5"]);
    expect(one?.html.split("<hr>")).toHaveLength(5);
    expect(one?.msgtype).toBe("m.text");
    expect(one?.mentions).toEqual([BEN]);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'done'")).toBe(5);
  });

  it("a reminder alone is sent as before, and reminders of different rooms or minutes stay apart", () => {
    const t = setup({ config: { reminders: { operations: ["24h"] } } });
    t.reply(ANNA, '!op plan Früh wann="26.11.2026 12:00" ort=Markt');
    t.reply(ANNA, '!op plan Später wann="26.11.2026 12:05" ort=Markt');
    const first = t.advance(2 * 3_600_000);
    expect(first.map((o) => o.body.split("\n")[0])).toEqual([expect.stringContaining("OP-1 „Früh“")]);
    expect(t.advance(5 * 60_000).map((o) => o.body.split("\n")[0])).toEqual([expect.stringContaining("OP-2 „Später“")]);
  });

  it("a job that fails is marked missed; the others still go out together", () => {
    const t = setup({ config: { reminders: { operations: ["24h"] } } });
    fiveAtOnce(t);
    // OP-3's reminder job throws (after writing an audit row, which its savepoint must take back).
    const registry = Reflect.get(Reflect.get(t.scheduler, "o") as object, "registry") as { job(name: string): ((ctx: unknown, p: Record<string, unknown>) => void) | null };
    const real = registry.job.bind(registry);
    registry.job = (name) => {
      const job = real(name);
      return job && ((ctx, payload) => {
        if (payload["id"] === 3) {
          (ctx as { audit(a: string, t: string | null): void }).audit("test.half-done", "OP-3");
          throw new Error("boom");
        }
        job(ctx, payload);
      });
    };
    const out = t.advance(2 * 3_600_000);
    expect(out).toHaveLength(1);
    expect(out[0]?.body).not.toContain("OP-3");
    expect(out[0]?.body.split("\n\n")).toHaveLength(4);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'missed'")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'test.half-done'")).toBe(0);
  });
});

describe("grouping and joining", () => {
  const row = (id: number, room: string, dueAt: number): ScheduledRow => ({ id, job: "op.reminder", roomId: room as RoomId, dueAt, ref: `r${id}`, payload: {} });

  it("groups rows of one room within a second of the group's first, keeping due order", () => {
    const groups = groupsDueTogether([row(1, "!a", 0), row(2, "!b", 0), row(3, "!a", 999), row(4, "!a", 1001), row(5, "!b", 1000)]);
    expect(groups.map((g) => g.map((r) => r.id))).toEqual([[1, 3], [2, 5], [4]]);
  });

  it("joins plain and HTML bodies and keeps a sensitive part's label", () => {
    const c = combined([
      { message: text("A"), notify: false, sensitive: null },
      { message: text("B"), notify: true, sensitive: "Erinnerung OP-1" },
    ]);
    expect(c.message.plain).toBe("A\n\nB");
    expect(c.notify).toBe(true);
    expect(c.sensitive).toBe("Erinnerung OP-1");
  });
});
