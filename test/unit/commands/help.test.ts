// !hilfe: German first – the form and what it does, then a missing role and the English form in one bracket.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city planner, no chair
const CHAIR = "@ob-buero:stadt.example";

describe("!hilfe <Bereich>", () => {
  it("puts the description right after the form, and the role and English form after it", () => {
    const t = setup();
    const body = t.reply(ANNA, "!hilfe gremium").body;
    expect(body).toMatch(/\n• !gremium anlegen <kürzel> [^\n]* – legt ein Gremium mit regelmäßigen Sitzungen an[^\n]* \(nur mit Rolle Vorsitz; englisch: !committee create\)\n/);
    expect(body).not.toContain(" – englisch ");
    // Without a missing role only the English form is in the bracket.
    expect(t.reply(CHAIR, "!hilfe gremium").body).toMatch(/\n• !gremium anlegen [^\n]* \(englisch: !committee create\)\n/);
  });

  it("names the family the user asked for when there is none", () => {
    const t = setup();
    expect(t.reply(ANNA, "!hilfe blub").body).toMatch(/^Einen Bereich „blub“ gibt es nicht\.\n/);
  });

  it("shows the state verb by the German word the user asked by, with the English form beside it", () => {
    const t = setup();
    for (const asked of ["zustand", "status"]) {
      const body = t.reply(ANNA, `!hilfe ${asked}`).body;
      expect(body).toMatch(/^!zustand – Zustand des Bots\n• !zustand – Version, Laufzeit[^\n]* \(englisch: !status\)$/);
    }
    expect(t.reply(ANNA, "!zustand").body).toMatch(/^Lagebot /);
  });

  it("keeps English help free of a German bracket", () => {
    const t = setup({ config: { language: "en" } });
    const body = t.reply(ANNA, "!help committee").body;
    expect(body).toMatch(/\n• !committee create [^\n]* – creates [^\n]* \(only with the role chair\)\n/);
  });
});
