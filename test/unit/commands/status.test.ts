// !status names, per agency, the roles every member holds: a role left out of the config is open to
// all (press and auditor excepted), which is easy to miss (a forgotten `chair` makes everyone chair).
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";

describe("!status", () => {
  it("lists the roles open to every member per agency, and why", () => {
    const t = setup();
    const body = t.reply(ANNA, "!status").body;
    expect(body).toContain("Rollen, die allen Mitgliedern offenstehen\n• Stadt: Planung („*“)\n• Polizei: Planung (nicht festgelegt), Vorsitz (nicht festgelegt)\n");
  });

  it("says none when every role is listed, and answers in English", () => {
    const t = setup({
      config: {
        language: "en",
        agencies: [
          { id: "city", name: "City", servers: ["stadt.example"], roles: { press: [ANNA], planner: [ANNA], chair: [ANNA], auditor: [] } },
          { id: "police", name: "Police", servers: ["polizei.example"], roles: { press: ["@p:polizei.example"], planner: ["*"], chair: [], auditor: ["*"] } },
        ],
      },
    });
    expect(t.reply(ANNA, "!status").body).toContain('Roles open to every member\n• City: none\n• Police: planner ("*"), auditor ("*")\n');
  });
});
