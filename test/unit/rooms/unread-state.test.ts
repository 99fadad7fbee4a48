// `!raum` before the room's whole state is read (issue 17, user pass finding 7): no "keine
// Beanstandungen" next to "still being read", since the bot cannot vouch for the room yet.
import { describe, expect, it } from "vitest";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";
const EVE = "@eve:fremd.example";

type World = ReturnType<typeof setup>;
function sync(t: World, ...events: Array<Record<string, unknown>>): void {
  t.rooms.fromSync({ rooms: { join: { [ROOM]: { timeline: { events } } } } });
}
const member = (user: string) => ({ type: "m.room.member", state_key: user, sender: user, content: { membership: "join" } });

describe("!raum while the room state is still being read", () => {
  it("says only that it is still reading when nothing is found so far", () => {
    const t = setup();
    t.homeserver.state = new Promise<unknown[]>(() => {}); // the read is under way
    sync(t, member(ANNA));
    const r = t.reply(ANNA, "!raum");
    expect(r.body).toBe("Der Raumzustand wird gerade noch vollständig gelesen; bitte in einigen Sekunden erneut fragen.");
    expect(r.html).not.toContain("keine Beanstandungen");
  });

  it("names what it has found so far, and that it is still reading", () => {
    const t = setup();
    t.homeserver.state = new Promise<unknown[]>(() => {});
    sync(t, member(EVE));
    const body = t.reply(ANNA, "!raum").body;
    expect(body).toMatch(/^Raum geprüft: 1 Beanstandung/);
    expect(body).toMatch(/\nDer Raumzustand wird gerade noch vollständig gelesen; bitte in einigen Sekunden erneut fragen\.$/);
  });
});
