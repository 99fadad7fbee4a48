// Links to our other messages (issue 20): filled in with the event once it is sent, else the room;
// user text cannot forge one.
import { describe, expect, it } from "vitest";
import type { EventId, RoomId } from "../../../src/ids.ts";
import { outboxLink, resolveOutboxLinks } from "../../../src/render/event-link.ts";
import { r, text } from "../../../src/render/rich.ts";

const ROOM = "!r:stadt.example" as RoomId;
const content = (x: { plain: string; html: string }) => ({ msgtype: "m.notice", body: x.plain, formatted_body: x.html });

describe("links to our messages", () => {
  it("names the event of the linked message once it is sent", () => {
    const c = resolveOutboxLinks(content(r`aktuell: ${outboxLink(7, "neue Karte")}`), ROOM, (id) => (id === 7 ? ("$ab/c" as EventId) : null));
    expect(c["body"]).toBe("aktuell: https://matrix.to/#/!r%3Astadt.example/%24ab%2Fc");
    expect(c["formatted_body"]).toBe('aktuell: <a href="https://matrix.to/#/!r%3Astadt.example/%24ab%2Fc">neue Karte</a>');
  });

  it("links the room when the message has no event", () => {
    expect(resolveOutboxLinks(content(outboxLink(7, "x")), ROOM, () => null)["body"]).toBe("https://matrix.to/#/!r%3Astadt.example");
  });

  it("does not let user text forge a link placeholder", () => {
    const c = resolveOutboxLinks(content(text("\uE0027\uE003")), ROOM, () => "$x" as EventId);
    expect(c["body"]).toBe("\uFFFD7\uFFFD");
  });
});
