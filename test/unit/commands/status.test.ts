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

  it("words the encryption state in German, with no library error, and durations in the German units", () => {
    const t = setup({ runtime: { encryption: { enabled: false, why: "configAndNoLibrary" }, startedAt: new Date(Date.parse("2026-11-23T06:00:00Z")), syncAgeMs: 12_000 } });
    const out = t.reply(ANNA, "!status");
    expect(out.body).toContain("\nLaufzeit: 2 Tage 3 Std.\n");
    expect(out.body).toContain(
      "\nVerschlüsselung: aus (in der Konfiguration ausgeschaltet; die Krypto-Bibliothek des Bots ist außerdem nicht installiert – Näheres im Protokoll des Bots)\n",
    );
    expect(out.body).toContain("\nLetzte Synchronisation: vor 12 Sek.\n");
    expect(out.html).not.toContain("<b><b>");
    expect(out.html).toContain("<b>Nächste geplante Beiträge</b>");
  });

  it("says only that cross-signing failed; the English reason stays in the log", () => {
    const t = setup({
      runtime: {
        encryption: { enabled: true, why: "enabled" },
        device: { id: "BOTDEVICE", changedFrom: null, crossSigning: { state: "failed", reason: "the homeserver has no keys of device BOTDEVICE yet" } },
      },
    });
    const body = t.reply(ANNA, "!status").body;
    expect(body).toContain("\nVerschlüsselung: an\n");
    expect(body).toContain("\nQuersignierung: nicht eingerichtet (Fehler beim Einrichten; Näheres im Protokoll des Bots)\n");
    expect(body).not.toContain("homeserver has no keys");
  });
});
