// What the edge makes of a message's text before any family sees it.
import { describe, expect, it } from "vitest";
import { readEvent } from "../../../src/matrix/events.ts";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";

describe("a message's text at the edge", () => {
  it("drops U+0000, which SQLite's length() would stop at", () => {
    const ev = readEvent("!room:stadt.example", {
      type: "m.room.message", event_id: "$1", sender: ANNA, origin_server_ts: 1,
      content: { msgtype: "m.text", body: "!ort anlegen Markt notiz=\u0000Szene", format: "org.matrix.custom.html", formatted_body: "<b>\u0000x</b>" },
    });
    expect(ev.kind === "message" && [ev.body, ev.formattedBody]).toEqual(["!ort anlegen Markt notiz=Szene", "<b>x</b>"]);
  });

  it("answers a hotspot whose note begins with U+0000 instead of failing inside", () => {
    const t = setup();
    const r = t.reply(ANNA, "!ort anlegen Markt notiz=\u0000Szene");
    expect(r.body).toContain("HS-1");
    expect(r.body).not.toContain("Interner Fehler");
  });
});
