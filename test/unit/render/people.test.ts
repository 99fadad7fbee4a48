// The one rule for naming people: the display name the room knows, the localpart when there is none,
// the Matrix ID beside a name two members share; pills link the ID and notify only through m.mentions.
import { describe, expect, it } from "vitest";
import type { UserId } from "../../../src/ids.ts";
import { byLocalpart, mention, nameIn, person, resolvePeople } from "../../../src/render/people.ts";
import { r, text } from "../../../src/render/rich.ts";

const ANNA = "@anna:stadt.test" as UserId;
const ANNA2 = "@anna.schmidt:polizei.test" as UserId;
const BEN = "@ben:polizei.test" as UserId;
const GONE = "@gone:stadt.test" as UserId;

describe("nameIn (the spec's display-name rules, per room)", () => {
  it("uses the member's display name, and the localpart when there is none", () => {
    const names = nameIn([{ userId: ANNA, displayName: "Anna Berger" }, { userId: BEN, displayName: null }]);
    expect(names(ANNA)).toBe("Anna Berger");
    expect(names(BEN)).toBe("ben");
    expect(names(GONE)).toBe("gone");
  });

  it("adds the Matrix ID when two members share a name", () => {
    const names = nameIn([{ userId: ANNA, displayName: "Anna Schmidt" }, { userId: ANNA2, displayName: "Anna Schmidt" }, { userId: BEN, displayName: "Ben" }]);
    expect(names(ANNA)).toBe("Anna Schmidt (@anna:stadt.test)");
    expect(names(ANNA2)).toBe("Anna Schmidt (@anna.schmidt:polizei.test)");
    expect(names(BEN)).toBe("Ben");
  });

  it("adds the Matrix ID to a name that looks like one, and to a localpart a member goes by", () => {
    const names = nameIn([{ userId: ANNA, displayName: "@chef:polizei.test" }, { userId: BEN, displayName: "gone" }]);
    expect(names(ANNA)).toBe("@chef:polizei.test (@anna:stadt.test)");
    expect(names(GONE)).toBe("gone (@gone:stadt.test)");
  });

  it("adds the real Matrix ID to a name that holds one, so nobody passes as a disambiguated name", () => {
    const CARLA = "@carla:stadt.test" as UserId;
    const names = nameIn([
      { userId: BEN, displayName: "Ben Krause" },
      { userId: CARLA, displayName: "Ben Krause (@ben:polizei.test)" },
      { userId: ANNA, displayName: "Anna (\uFF20chef\uFF1Apolizei.test)" },
    ]);
    expect(names(BEN)).toBe("Ben Krause");
    expect(names(CARLA)).toBe("Ben Krause (@ben:polizei.test) (@carla:stadt.test)");
    expect(names(ANNA)).toBe("Anna (\uFF20chef\uFF1Apolizei.test) (@anna:stadt.test)");
    expect(resolvePeople(r`abgelehnt von ${person(CARLA)}`, () => names).plain).toBe("abgelehnt von Ben Krause (@ben:polizei.test) (@carla:stadt.test)");
  });

  it("keeps a name on one line and drops bidirectional controls", () => {
    const names = nameIn([{ userId: ANNA, displayName: "Anna\n\u202eBerger  " }, { userId: BEN, displayName: " \u200f " }]);
    expect(names(ANNA)).toBe("Anna Berger");
    expect(names(BEN)).toBe("ben");
  });
});

describe("person and mention in a message", () => {
  const names = () => nameIn([{ userId: ANNA, displayName: "Anna <Berger>" }]);

  it("a mention is a pill to matrix.to with the name, and the only way into m.mentions", () => {
    const m = resolvePeople(r`Dienstplan: ${mention(ANNA)}, ${person(BEN)}`, names);
    expect(m.plain).toBe("Dienstplan: Anna <Berger>, ben");
    expect(m.html).toBe('Dienstplan: <a href="https://matrix.to/#/@anna:stadt.test">Anna &lt;Berger&gt;</a>, ben');
    expect(m.mentions).toEqual([ANNA]);
  });

  it("names by localpart where no room is known", () => {
    expect(resolvePeople(mention(BEN), () => byLocalpart).plain).toBe("ben");
  });

  it("user text cannot pass for a person", () => {
    const forged = resolvePeople(text(`\uE000p${encodeURIComponent(ANNA)}\uE001`), names);
    expect(forged.plain).not.toContain("Anna");
    expect(forged.mentions).toEqual([]);
  });

  it("asks for the room's names only when the message names someone", () => {
    let asked = 0;
    resolvePeople(text("Keine Personen"), () => {
      asked++;
      return byLocalpart;
    });
    expect(asked).toBe(0);
  });
});
