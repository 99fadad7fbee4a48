import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { PinLevelTracker, pinLevels } from "../../../src/matrix/pin-levels.ts";
import { Pinner } from "../../../src/matrix/pinner.ts";
import { pinnedIn } from "../../../src/store/pinned-picture.ts";
import { BOT, ROOM, setup } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example";
const ANNA = "@anna:stadt.example"; // planner, not chair
const MINUTE = 60_000;
const REFUSED =
  "Der Bot darf in diesem Raum nichts anheften (fehlende Berechtigung: Nachrichten anheften, Stufe 50). Bitte geben Sie dem Bot diese Stufe oder heften Sie die Nachricht selbst an.";

/** Marks every pending outbox row sent, as the outbox worker would, with event IDs "$sent<id>". */
function sendAll(t: ReturnType<typeof setup>): void {
  t.db.prepare("UPDATE outbox SET state = 'sent', event_id = '$sent' || id WHERE state = 'pending'").run();
}

describe("!lage anheften / !picture pin", () => {
  it("posts the picture with the day in its headline, as a notice that pings nobody, for the chair only", () => {
    const t = setup();
    const [card, ...rest] = t.send(CHAIR, "!lage anheften");
    expect(rest).toEqual([]);
    expect(card?.body).toBe(
      "Lagebild vom Mi 25.11.2026 (angeheftet, wird laufend aktualisiert): Es liegt nichts vor – keine Einsätze und keine Sitzungen bis Di 01.12.2026, keine offenen Pressemitteilungen, keine überfälligen Aufgaben und keine offenen Brennpunkte.",
    );
    expect(card?.msgtype).toBe("m.notice");
    expect(card?.content["m.mentions"]).toEqual({});
    expect(card?.replyTo).toBeDefined();
    expect(pinnedIn(t.db, ROOM)?.state).toBe("pinning");
    expect(t.reply(ANNA, "!lage anheften").body).toContain("Vorsitz");
  });

  it("edits the card at most once a minute, only when its text changed, with no one mentioned", () => {
    const t = setup();
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    expect(t.advance(MINUTE)).toEqual([]); // nothing changed: no edit
    t.reply(ANNA, '!einsatz planen Streife wann="28.11.2026 20:00" ort=Bahnhofsplatz');
    t.reply(ANNA, '!einsatz planen Kontrolle wann="27.11.2026 08:00"');
    expect(t.advance(MINUTE / 2)).toEqual([]); // debounced: not before the minute is up
    const edits = t.advance(MINUTE / 2);
    expect(edits.map((e) => e.kind)).toEqual(["edit"]);
    const edit = edits[0];
    expect(edit?.body).toContain("OP-1 „Streife“");
    expect(edit?.body).toContain("OP-2 „Kontrolle“");
    expect(edit?.msgtype).toBe("m.notice");
    expect(edit?.content["m.mentions"]).toEqual({});
    expect(t.advance(MINUTE)).toEqual([]); // and again nothing changed
  });

  it("edits the card after midnight, when the day in its headline changes", () => {
    const t = setup({ now: "2026-11-25T22:58:30Z" }); // 23:58:30 in Berlin
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    expect(t.advance(MINUTE)).toEqual([]); // 23:59:30
    const edits = t.advance(MINUTE); // 00:00:30
    expect(edits.map((e) => e.kind)).toEqual(["edit"]);
    expect(edits[0]?.body).toMatch(/^Lagebild vom Do 26\.11\.2026 \(angeheftet, wird laufend aktualisiert\)/u);
  });

  it("refuses before posting when the room's power levels do not let the bot pin", () => {
    const t = setup();
    const levels = new PinLevelTracker(t.db, BOT, () => t.clock.t);
    levels.fromState(ROOM, [{ type: "m.room.power_levels", state_key: "", sender: "@x:stadt.example", content: { users: { [CHAIR]: 100 }, state_default: 50 } }]);
    const r = t.reply(CHAIR, "!lage anheften");
    expect(r.body).toBe(REFUSED);
    expect(pinnedIn(t.db, ROOM)).toBeNull();
    // Given the level (sync brings the new power levels), it pins.
    levels.fromSync({ rooms: { join: { [ROOM]: { timeline: { events: [{ type: "m.room.power_levels", state_key: "", sender: CHAIR, content: { users: { [BOT]: 50 } } }] } } } } });
    expect(t.send(CHAIR, "!lage anheften")[0]?.body).toMatch(/^Lagebild vom/u);
  });

  it("reads the pinning level as the spec does", () => {
    expect(pinLevels(null, BOT)).toEqual({ needed: 0, bot: 0 });
    expect(pinLevels({}, BOT)).toEqual({ needed: 50, bot: 0 });
    expect(pinLevels({ events: { "m.room.pinned_events": 75 }, users_default: 10 }, BOT)).toEqual({ needed: 75, bot: 10 });
    expect(pinLevels({ state_default: 25, users: { [BOT]: 30 } }, BOT)).toEqual({ needed: 25, bot: 30 });
  });

  it("!lage lösen stops the edits; without a pinned card it says so", () => {
    const t = setup();
    expect(t.reply(CHAIR, "!lage lösen").body).toBe("In diesem Raum ist kein Lagebild angeheftet. Anheften mit !lage anheften.");
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    expect(t.reply(CHAIR, "!lage lösen").body).toBe("Das angeheftete Lagebild ist gelöst und wird nicht mehr aktualisiert.");
    expect(pinnedIn(t.db, ROOM)?.state).toBe("unpinning");
    t.reply(ANNA, '!einsatz planen Streife wann="28.11.2026 20:00"');
    expect(t.advance(MINUTE)).toEqual([]);
  });
});

describe("the pinner", () => {
  type Call = { method: string; path: string; body?: unknown };
  function fakeServer(pinned: string[] | null, refuse = false) {
    const calls: Call[] = [];
    const state = { pinned };
    const request = (method: "GET" | "PUT" | "POST", path: string, _qs?: Record<string, string> | null, body?: unknown): Promise<unknown> => {
      calls.push({ method, path, body });
      if (path.endsWith("/m.room.power_levels/")) return Promise.resolve({ events: { "m.room.pinned_events": 50 } });
      if (method === "GET") return state.pinned ? Promise.resolve({ pinned: state.pinned }) : Promise.reject(Object.assign(new Error("not found"), { statusCode: 404, errcode: "M_NOT_FOUND" }));
      if (refuse) return Promise.reject(Object.assign(new Error("forbidden"), { statusCode: 403, errcode: "M_FORBIDDEN" }));
      state.pinned = (body as { pinned: string[] }).pinned;
      return Promise.resolve({ event_id: "$state" });
    };
    return { calls, state, request };
  }
  const pinnerOf = (t: ReturnType<typeof setup>, server: ReturnType<typeof fakeServer>) =>
    new Pinner({ db: t.db, request: server.request, bot: BOT, log: pino({ level: "silent" }), now: () => t.clock.t, queued: () => {} });
  const settle = async (p: Pinner) => {
    p.wake();
    await p.stop();
  };

  it("adds the card to the pinned list, keeps other pins, and replaces its own earlier card", async () => {
    const t = setup();
    const server = fakeServer(["$someone-else"]);
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    await settle(pinnerOf(t, server));
    const first = pinnedIn(t.db, ROOM)?.cardEvent;
    expect(server.state.pinned).toEqual(["$someone-else", first]);
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    await settle(pinnerOf(t, server));
    const second = pinnedIn(t.db, ROOM)?.cardEvent;
    expect(second).not.toBe(first);
    expect(server.state.pinned).toEqual(["$someone-else", second]);
    expect(pinnedIn(t.db, ROOM)?.state).toBe("pinned");
    t.reply(CHAIR, "!lage lösen");
    await settle(pinnerOf(t, server));
    expect(server.state.pinned).toEqual(["$someone-else"]);
    expect(pinnedIn(t.db, ROOM)).toBeNull();
  });

  it("pins into a room that has no pinned list yet", async () => {
    const t = setup();
    const server = fakeServer(null);
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    await settle(pinnerOf(t, server));
    expect(server.state.pinned).toEqual([pinnedIn(t.db, ROOM)?.cardEvent]);
  });

  it("a 403 from the homeserver gets the same clear answer in the room", async () => {
    const t = setup();
    const server = fakeServer([], true);
    t.send(CHAIR, "!lage anheften");
    sendAll(t);
    await settle(pinnerOf(t, server));
    expect(pinnedIn(t.db, ROOM)?.state).toBe("refused");
    const said = t.advance(0);
    expect(said.map((s) => s.body)).toEqual([REFUSED]);
  });
});
