// Names in what the bot says, through the real dispatcher with room members as sync brings them:
// rosters and pills by display name, edits that ping only whom they concern, the plan reply.
import { describe, expect, it } from "vitest";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police, planner
const CARLA = "@carla:stadt.example"; // city

const member = (user: string, name: string) => ({ type: "m.room.member", state_key: user, sender: user, content: { membership: "join", displayname: name } });

function world() {
  const t = setup();
  t.rooms.fromSync({ rooms: { join: { [ROOM]: { timeline: { events: [member(ANNA, "Anna Berger"), member(BEN, "Ben Krause"), member(CARLA, "Anna Berger")] } } } } });
  t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" ort=Markt');
  t.reply(BEN, "!einsatz teilnehmen OP-1");
  t.reply(ANNA, "!einsatz teilnehmen OP-1");
  return t;
}

describe("people by name in replies", () => {
  it("shows the roster by display name, with the Matrix ID only beside a name two members share", () => {
    const show = world().reply(BEN, "!einsatz zeigen OP-1");
    expect(show.body).toContain("• Stadt: Anna Berger (@anna:stadt.example)");
    expect(show.body).toContain("• Polizei: Ben Krause");
    expect(show.body).toContain("eingetragen von Ben Krause");
    expect(show.body).not.toContain("@ben:polizei.example");
    expect(show.mentions).toEqual([]);
  });

  it("a change of time pings the roster but not its author, with pills by name", () => {
    const t = world();
    const r = t.reply(ANNA, '!einsatz ändern OP-1 wann="05.12.2026 21:00"');
    expect(r.msgtype).toBe("m.text");
    expect(r.mentions).toEqual([BEN]);
    expect(r.body).toMatch(/\nBen Krause$/);
    expect(r.html).toContain('<a href="https://matrix.to/#/@ben:polizei.example">Ben Krause</a>');
    expect(r.html).not.toContain("matrix.to/#/@anna");
  });

  it("a change of place pings the roster too", () => {
    const r = world().reply(BEN, "!einsatz ändern OP-1 ort=Bahnhof");
    expect(r.mentions).toEqual([ANNA]);
  });

  it("a new title or field pings nobody", () => {
    const t = world();
    const r = t.reply(ANNA, "!einsatz ändern OP-1 titel=Nachtstreife feld=Lärm");
    expect(r.body).toContain("Einsatz OP-1 geändert:");
    expect(r.msgtype).toBe("m.notice");
    expect(r.mentions).toEqual([]);
    expect(r.body).not.toContain("Ben Krause");
  });

  it("a cancellation pings the roster, not whoever cancels", () => {
    const r = world().reply(BEN, "!einsatz absagen OP-1 Unwetter");
    expect(r.mentions).toEqual([ANNA]);
    expect(r.body).toMatch(/\nAnna Berger \(@anna:stadt\.example\)$/);
  });

  it("the plan reply names the title and the hotspot", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Marktplatz");
    const r = t.reply(ANNA, '!einsatz planen Kirmes Nachtstreife wann="05.12.2026 20:00" bis=23:00 ort=Festplatz brennpunkt=HS-1');
    expect(r.body).toContain("Einsatz OP-1 „Kirmes Nachtstreife“ geplant: Sa 05.12.2026, 20:00–23:00, Festplatz – am Brennpunkt HS-1 „Marktplatz“");
  });
});
