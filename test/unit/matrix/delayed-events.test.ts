// The MSC4140 calls as Synapse 1.163 serves them, and how support is read.
import { describe, expect, it } from "vitest";
import { delayedEvents } from "../../../src/matrix/delayed-events.ts";
import type { Requester } from "../../../src/matrix/delayed-events.ts";
import type { RoomId } from "../../../src/ids.ts";

function recorder(answers: Record<string, unknown>) {
  const calls: { method: string; path: string; qs: unknown; body: unknown }[] = [];
  const request: Requester = (method, path, qs, body) => {
    calls.push({ method, path, qs: qs ?? null, body });
    const a = answers[`${method} ${path}`];
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a ?? {});
  };
  return { calls, api: delayedEvents(request) };
}

const notFound = Object.assign(new Error("not found"), { statusCode: 404, errcode: "M_NOT_FOUND" });

describe("delayed events (MSC4140)", () => {
  it("reads support from /capabilities: a maximum of 0 means off", async () => {
    const on = recorder({ "GET /_matrix/client/v3/capabilities": { capabilities: { "org.matrix.msc4140.delayed_events": { max_delay_ms: 86_400_000, max_scheduled: 100 } } } });
    expect(await on.api.detect()).toEqual({ supported: true, maxDelayMs: 86_400_000 });
    const off = recorder({ "GET /_matrix/client/v3/capabilities": { capabilities: { "org.matrix.msc4140.delayed_events": { max_delay_ms: 0, max_scheduled: 100 } } } });
    expect(await off.api.detect()).toEqual({ supported: false });
  });

  it("falls back to /versions' unstable_features, and is off when neither names it", async () => {
    const named = recorder({ "GET /_matrix/client/v3/capabilities": { capabilities: {} }, "GET /_matrix/client/versions": { unstable_features: { "org.matrix.msc4140": true } } });
    expect(await named.api.detect()).toEqual({ supported: true, maxDelayMs: null });
    const none = recorder({ "GET /_matrix/client/v3/capabilities": new Error("boom"), "GET /_matrix/client/versions": { unstable_features: {} } });
    expect(await none.api.detect()).toEqual({ supported: false });
  });

  it("schedules with the delay as a query parameter, cancels and lists by the unstable paths", async () => {
    const { api, calls } = recorder({
      "PUT /_matrix/client/v3/rooms/!r%3As/send/m.room.encrypted/t1": { delay_id: "syd_1" },
      "POST /_matrix/client/unstable/org.matrix.msc4140/delayed_events/gone": notFound,
      "GET /_matrix/client/unstable/org.matrix.msc4140/delayed_events": { delayed_events: [{ delay_id: "syd_1", room_id: "!r:s", type: "m.room.encrypted", delay_ms: 15_000 }] },
    });
    expect(await api.schedule("!r:s" as RoomId, "m.room.encrypted", "t1", { ciphertext: "x" }, 15_000)).toBe("syd_1");
    expect(calls[0]).toEqual({ method: "PUT", path: "/_matrix/client/v3/rooms/!r%3As/send/m.room.encrypted/t1", qs: { "org.matrix.msc4140.delay": "15000" }, body: { ciphertext: "x" } });
    expect(await api.cancel("syd_1")).toBe(true);
    expect(calls[1]).toEqual({ method: "POST", path: "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/syd_1", qs: null, body: { action: "cancel" } });
    expect(await api.cancel("gone")).toBe(false);
    expect(await api.list()).toEqual([{ delayId: "syd_1", roomId: "!r:s", type: "m.room.encrypted" }]);
  });
});
