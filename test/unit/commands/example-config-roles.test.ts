// The roles of config.example.json, as operators copy them: a police officer with no role of their own
// must not get the chair's or planner's rights (a role left unset would be open to every member).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const example = JSON.parse(readFileSync(new URL("../../../config.example.json", import.meta.url), "utf8")) as { agencies: unknown[] };
const CHAIR = "@ob-buero:stadt.example";
const BEN = "@ben:polizei.example"; // police, no role

describe("config.example.json roles", () => {
  it("refuses a police officer without a role the audit export, closing the city's hotspot and planning", () => {
    const t = setup({ config: { agencies: example.agencies } });
    t.reply(CHAIR, "!ort anlegen Markt");
    expect(t.reply(BEN, "!protokoll exportieren").body).toBe(
      "Das Prüfprotokoll exportieren dürfen nur Mitglieder mit der Rolle Revision und namentlich eingetragene Mitglieder mit der Rolle Vorsitz.",
    );
    expect(t.reply(BEN, "!ort schließen HS-1").body).toContain("Es wurde nichts geändert.");
    expect(t.reply(BEN, '!einsatz planen Streife wann="05.12.2026 20:00"').body).toContain("Planung");
    expect(t.count("SELECT COUNT(*) FROM spots WHERE state = 'open'")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
  });

  it("shows in !status that no role of either agency is open by omission", () => {
    const t = setup({ config: { agencies: example.agencies } });
    const body = t.reply(BEN, "!status").body;
    expect(body).toContain("Rollen, die allen Mitgliedern offenstehen\n• Stadt: Planung („*“)\n• Polizei: keine\n");
    expect(body).not.toContain("Achtung: Eine Rolle");
  });

  it("warns loudly in !status when a role is open only because the config leaves it out", () => {
    const t = setup(); // the test config lists no chair and no planner for the police
    expect(t.reply(BEN, "!status").body).toContain(
      "• Polizei: Planung (nicht festgelegt), Vorsitz (nicht festgelegt)\n" +
        'Achtung: Eine Rolle, die in der Konfiguration fehlt, hat jedes Mitglied der Behörde; fehlt der Vorsitz, darf jedes Mitglied auch fremde Einträge ändern. Soll niemand die Rolle haben, eine leere Liste eintragen, z. B. "chair": [].\n',
    );
  });
});
