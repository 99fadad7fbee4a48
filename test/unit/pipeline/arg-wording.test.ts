// Argument errors read as whole German sentences and name only German keys (issue 17, class 8).
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example";

describe("argument errors", () => {
  it("suggests the German key in German, even when the typo is nearest to the English one", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen Streife wann="27.11.2026 20:00" plce=Markt').body).toMatch(/^Unbekannte Angabe plce=\. Meinten Sie ort=\?/);
    expect(t.reply(ANNA, '!einsatz planen Streife wann="27.11.2026 20:00" platz=Markt').body).toMatch(/^Unbekannte Angabe platz=\. Meinten Sie ort=\?/);
    const en = setup({ config: { language: "en" } });
    expect(en.reply(ANNA, '!op plan Patrol at="27.11.2026 20:00" plce=Markt').body).toMatch(/Did you mean place=\?/);
  });

  it("names a missing or too long text with its article", () => {
    const t = setup();
    expect(t.reply(BEN, "!ort anlegen").body).toMatch(/^Es fehlt der Name des Brennpunkts\.\n/);
    expect(t.reply(BEN, `!ort anlegen Markt ort="${"x".repeat(201)}"`).body).toMatch(/^Der Ort ist zu lang \(höchstens 200 Zeichen\)\.\n/);
    expect(t.reply(BEN, `!ort anlegen Markt feld="${"x".repeat(101)}"`).body).toMatch(/^Das Handlungsfeld ist zu lang \(höchstens 100 Zeichen\)\.\n/);
  });

  it("answers an unknown list filter without a made-up key", () => {
    const t = setup();
    const body = t.reply(BEN, "!presse liste blub").body;
    expect(body).toMatch(/^„blub“ ist hier nicht möglich\. Möglich sind: offen, alle\./);
    expect(body).not.toContain("Filter=");
  });
});
