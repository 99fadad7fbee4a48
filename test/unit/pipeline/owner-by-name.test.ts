// An owner typed the way people type on a phone or from memory: `@ben`, `Ben`, `"Ben Krause"` is the
// one agency member of the room it matches; several get a list to choose from, none a clear answer.
import { describe, expect, it } from "vitest";
import type { UserId } from "../../../src/ids.ts";
import { membersNamed } from "../../../src/pipeline/ownership.ts";
import type { RoomMember } from "../../../src/render/people.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example" as UserId;
const BEN = "@ben:polizei.example" as UserId;
const BENNO = "@benno.schulz:stadt.example" as UserId;
const EVE = "@ben:evil.example"; // in the room, but of no agency

const member = (user: string, name: string) => ({ type: "m.room.member", state_key: user, sender: user, content: { membership: "join", displayname: name } });

function room(...people: Array<[string, string]>) {
  const t = setup();
  t.rooms.fromSync({ rooms: { join: { [ROOM]: { timeline: { events: people.map(([u, n]) => member(u, n)) } } } } });
  return t;
}

describe("membersNamed", () => {
  const members: RoomMember[] = [
    { userId: BEN, displayName: "Ben Krause" },
    { userId: BENNO, displayName: "Benno Schulz" },
    { userId: ANNA, displayName: null },
  ];
  it.each([
    ["@ben", [BEN]],
    ["ben", [BEN]], // a word of Ben Krause's name; "Benno" is another word
    ["BEN KRAUSE", [BEN]],
    ["Krause", [BEN]],
    ["schulz", [BENNO]],
    ["@anna", [ANNA]],
    ["Be", []], // whole words only
    ["Ben Schulz", []],
  ])("finds %j", (typed, users) => {
    expect(membersNamed(typed, members).map((m) => m.userId)).toEqual(users);
  });
});

describe("owner= by name", () => {
  it.each(["@ben", "Ben", '"Ben Krause"', "ben"])("takes the room's one Ben for verantwortlich=%s", (typed) => {
    const t = room([ANNA, "Anna Berger"], [BEN, "Ben Krause"], [EVE, "Ben Evil"]);
    expect(t.reply(ANNA, `!aufgabe neu Bericht verantwortlich=${typed} bis=27.11.2026`).body).toContain("Aufgabe AI-1 für Ben Krause, fällig Fr 27.11.2026.");
    expect(t.db.prepare("SELECT owner FROM action_items").pluck().all()).toEqual([BEN]);
  });

  it("lists the candidates when a name fits several members, and stores nothing", () => {
    const t = room([ANNA, "Anna Berger"], [BEN, "Ben Krause"], [BENNO, "Ben Schulz"]);
    expect(t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=Ben bis=27.11.2026").body).toBe(
      "„Ben“ passt auf mehrere Mitglieder dieses Raums: Ben Krause (@ben:polizei.example) oder Ben Schulz (@benno.schulz:stadt.example). Bitte die Matrix-ID angeben, z. B. verantwortlich=@ben:polizei.example.",
    );
    expect(t.count("SELECT COUNT(*) FROM action_items")).toBe(0);
    // After an @ the localpart is meant: @ben is Ben Krause alone.
    expect(t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=@ben bis=27.11.2026").body).toContain("Aufgabe AI-1 für Ben Krause,");
  });

  it("says so when nobody of an agency in the room goes by that name", () => {
    const t = room([ANNA, "Anna Berger"], [EVE, "Eve"]);
    expect(t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=Eve bis=27.11.2026").body).toBe(
      "In diesem Raum gibt es kein Behördenmitglied „Eve“. Bitte den Anzeigenamen, @name oder die Matrix-ID angeben, z. B. verantwortlich=@name:stadt.example (oder „ich“).",
    );
    expect(t.count("SELECT COUNT(*) FROM action_items")).toBe(0);
  });
});
