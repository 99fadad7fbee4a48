// A job may declare the zod schema of its payload: the stored payload is checked when the row is read
// back, so a row written by an older version (or a bug) is logged and marked missed instead of
// reaching the job half-understood; the other rows due with it still run.
import { pino } from "pino";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import type { RoomId } from "../../../src/ids.ts";
import { text } from "../../../src/render/rich.ts";
import { defineJob } from "../../../src/pipeline/family.ts";
import type { FamilySpec, RuntimeInfo } from "../../../src/pipeline/family.ts";
import { Registry } from "../../../src/pipeline/registry.ts";
import { Scheduler } from "../../../src/schedule/scheduler.ts";
import { insertSchedule } from "../../../src/store/schedule.ts";
import { memoryDb, testConfig } from "../../support/db.ts";

const ROOM = "!room:stadt.example" as RoomId;
const NOW = Date.parse("2026-11-25T09:00:00Z");

function world() {
  const db = memoryDb();
  const seen: unknown[] = [];
  const logged: Array<Record<string, unknown>> = [];
  const log = pino({ level: "error" }, { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) });
  const family: FamilySpec = {
    name: "test", aliases: [], title: { de: "Test", en: "test" }, verbs: [],
    jobs: {
      checked: defineJob({
        payload: z.object({ id: z.number().int(), label: z.string() }),
        run: (ctx, p) => {
          seen.push(p);
          ctx.post(ctx.roomId, text(`Erinnerung ${p.label} #${p.id + 1}`));
        },
      }),
      unchecked: (_ctx, p) => seen.push(p),
    },
  };
  const runtime = () => ({}) as RuntimeInfo;
  const scheduler = new Scheduler({ db, config: testConfig(), clock: { now: () => new Date(NOW) }, runtime, registry: new Registry([family]), log, afterFire: () => {} });
  const schedule = (job: string, payload: Record<string, unknown>) => insertSchedule(db, { job, roomId: ROOM, dueAt: NOW, ref: null, payload }, NOW - 1000);
  const state = (id: number) => db.prepare<[number], string>("SELECT state FROM schedule WHERE id = ?").pluck().get(id);
  const posts = () => db.prepare<[], string>("SELECT json_extract(content, '$.body') FROM outbox ORDER BY id").pluck().all();
  return { scheduler, schedule, state, posts, seen, logged };
}

describe("a job with a payload schema", () => {
  it("gets the parsed payload", () => {
    const w = world();
    const id = w.schedule("test.checked", { id: 6, label: "OP-6" });
    w.scheduler.runDue();
    expect(w.seen).toEqual([{ id: 6, label: "OP-6" }]);
    expect(w.posts()).toEqual(["Erinnerung OP-6 #7"]);
    expect(w.state(id)).toBe("done");
  });

  it("never sees a payload that does not parse: the row is logged by path and marked missed, the others run", () => {
    const w = world();
    const bad = w.schedule("test.checked", { id: "6", label: "Geheim" });
    const good = w.schedule("test.checked", { id: 7, label: "OP-7" });
    expect(() => w.scheduler.runDue()).not.toThrow();
    expect(w.state(bad)).toBe("missed");
    expect(w.state(good)).toBe("done");
    expect(w.posts()).toEqual(["Erinnerung OP-7 #8"]);
    const line = w.logged.find((l) => String(l["msg"]).includes("does not match its schema"));
    expect(line).toMatchObject({ job: "test.checked", scheduleId: bad, issues: [{ path: "id", code: "invalid_type" }] });
    expect(JSON.stringify(w.logged)).not.toContain("Geheim");
  });

  it("a job declared as a plain function still gets the stored record, unchecked", () => {
    const w = world();
    const id = w.schedule("test.unchecked", { anything: [1, 2] });
    w.scheduler.runDue();
    expect(w.seen).toEqual([{ anything: [1, 2] }]);
    expect(w.state(id)).toBe("done");
  });
});
