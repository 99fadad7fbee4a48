// The owner rule: an item that belongs to people may be changed by them (its owner, whoever created
// it) or by a holder of the role that looks after all such items, and by nobody else; the refusal
// names who may. The rule itself, then each family that has such items, through the real dispatcher.
import { describe, expect, it } from "vitest";
import type { Role } from "../../../src/config.ts";
import type { UserId } from "../../../src/ids.ts";
import { mayChange, notAllowed, ownershipOf } from "../../../src/pipeline/ownership.ts";
import { byLocalpart, resolvePeople } from "../../../src/render/people.ts";
import type { Rich } from "../../../src/render/rich.ts";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner ("*"), no chair
const CARLA = "@carla:stadt.example"; // city, planner ("*"), no chair
const CHAIR = "@ob-buero:stadt.example"; // the city's chair
const BEN = "@ben:polizei.example";
// The police list their chair, so not every police member is one.
const POLICE_CHAIR = "@leitung:polizei.example";
const config = {
  agencies: [
    { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { press: ["@presse:stadt.example"], planner: ["*"], chair: [CHAIR] } },
    { id: "police", name: "Polizei", servers: ["polizei.example"], roles: { press: ["@pressestelle:polizei.example"], planner: [BEN], chair: [POLICE_CHAIR] } },
  ],
};
const actor = (userId: string, roles: Role[] = []) => ({ userId: userId as UserId, roles: new Set(roles) });
const u = (s: string) => s as UserId;

describe("mayChange", () => {
  const item = ownershipOf.agendaItem({ owner: u(BEN), createdBy: u(ANNA) });

  it("lets the owner, the creator and a holder of the item's role change it, and nobody else", () => {
    expect(mayChange(actor(BEN), item)).toBe(true);
    expect(mayChange(actor(ANNA), item)).toBe(true);
    expect(mayChange(actor(CHAIR, ["chair"]), item)).toBe(true);
    expect(mayChange(actor(CARLA, ["planner", "press", "auditor"]), item)).toBe(false);
  });

  it("gives an item without owner to its creator and the chair only", () => {
    const noOwner = ownershipOf.agendaItem({ owner: null, createdBy: u(ANNA) });
    expect(mayChange(actor(ANNA), noOwner)).toBe(true);
    expect(mayChange(actor(BEN), noOwner)).toBe(false);
  });

  it("lets everyone on an operation's roster, its planner, planners and chairs report on it", () => {
    const op = ownershipOf.operationReport({ createdBy: u(ANNA), roster: new Map([["police", [u(BEN)]]]) });
    expect(mayChange(actor(BEN), op)).toBe(true);
    expect(mayChange(actor(ANNA), op)).toBe(true);
    expect(mayChange(actor(CARLA, ["planner"]), op)).toBe(true);
    expect(mayChange(actor(CARLA, ["press"]), op)).toBe(false);
  });

  it("names who may, each person once, in German and English", () => {
    const plain = (x: Rich) => resolvePeople(x, () => byLocalpart).plain;
    const same = ownershipOf.actionItem({ owner: u(ANNA), createdBy: u(ANNA) });
    expect(plain(notAllowed("de", "AI-1 als erledigt melden", same))).toBe(
      "Nur anna (verantwortlich) oder Mitglieder mit der Rolle Vorsitz dürfen AI-1 als erledigt melden. Es wurde nichts geändert.",
    );
    expect(plain(notAllowed("en", "remove TOP-3", item))).toBe(
      "Only ben (owner), anna (created it) or members with the role chair may remove TOP-3. Nothing was changed.",
    );
    expect(plain(notAllowed("de", "x tun", { holders: [{ user: u(BEN), as: "roster" }], roles: [] }))).toBe("Nur ben (im Dienstplan) darf x tun. Es wurde nichts geändert.");
  });
});

function withCommittee() {
  const t = setup({ config });
  t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
  return t;
}
const refusals = (t: ReturnType<typeof setup>, action: string) => t.count(`SELECT COUNT(*) FROM audit WHERE action = '${action}' AND outcome = 'refused'`);

describe("agenda items: owner, whoever added it, or a chair", () => {
  it("refuses someone else, says who may, audits the refusal and changes nothing", () => {
    const t = withCommittee();
    t.reply(ANNA, `!top neu verkehr Lärm verantwortlich=${BEN}`);
    expect(t.reply(CARLA, "!top entfernen TOP-1").body).toBe(
      "Nur ben (verantwortlich), anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen TOP-1 streichen. Es wurde nichts geändert.",
    );
    expect(t.reply(CARLA, "!top erledigt TOP-1").body).toContain("dürfen TOP-1 als erledigt markieren. Es wurde nichts geändert.");
    expect(t.count("SELECT COUNT(*) FROM agenda_items WHERE state = 'open'")).toBe(1);
    expect(refusals(t, "agenda.remove")).toBe(1);
    expect(refusals(t, "agenda.done")).toBe(1);
  });

  it.each([
    ["the owner", BEN],
    ["whoever added it", ANNA],
    ["the city's chair", CHAIR],
    ["the police chair", POLICE_CHAIR],
  ])("lets %s remove it or mark it done", (_who, user) => {
    const t = withCommittee();
    t.reply(ANNA, `!top neu verkehr Lärm verantwortlich=${BEN}`);
    t.reply(ANNA, "!top neu verkehr Baustelle");
    expect(t.reply(user, "!top erledigt TOP-1").body).toBe("TOP-1 „Lärm“ ist erledigt.");
    if (user !== BEN) expect(t.reply(user, "!top entfernen TOP-2").body).toBe("TOP-2 „Baustelle“ ist von der Tagesordnung gestrichen.");
    else expect(t.reply(user, "!top entfernen TOP-2").body).toContain("Nur anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen TOP-2 streichen.");
  });
});

describe("action items: owner, whoever created it, or a chair", () => {
  it("refuses someone else and lets the owner, the creator and a chair", () => {
    const t = setup({ config });
    t.reply(ANNA, `!aufgabe neu Bericht verantwortlich=${BEN} bis=27.11.2026`);
    t.reply(ANNA, `!aufgabe neu Vermerk verantwortlich=${BEN} bis=27.11.2026`);
    t.reply(ANNA, `!aufgabe neu Notiz verantwortlich=${BEN} bis=27.11.2026`);
    expect(t.reply(CARLA, "!aufgabe erledigt AI-1").body).toContain("Nur ben (verantwortlich), anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen AI-1 als erledigt melden.");
    expect(t.count("SELECT COUNT(*) FROM action_items WHERE state = 'done'")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending' AND ref LIKE 'ai:1:%'")).toBe(1);
    expect(t.reply(BEN, "!aufgabe erledigt AI-1").body).toContain("ist erledigt");
    expect(t.reply(ANNA, "!aufgabe erledigt AI-2").body).toContain("ist erledigt");
    expect(t.reply(POLICE_CHAIR, "!aufgabe erledigt AI-3").body).toContain("ist erledigt");
  });

  it("answers in English", () => {
    const t = setup({ config: { ...config, language: "en" } });
    t.reply(ANNA, `!action add Report owner=${BEN} due=2026-11-27`);
    expect(t.reply(CARLA, "!action done AI-1").body).toBe(
      "Only ben (owner), anna (created it) or members with the role chair may mark AI-1 done. Nothing was changed.",
    );
  });
});

describe("hotspots: whoever registered it, or a chair", () => {
  it("refuses to close someone else's hotspot and keeps its notes; the creator and a chair may", () => {
    const t = setup({ config });
    t.reply(ANNA, "!ort anlegen Bahnhof notiz=Scherben");
    t.reply(ANNA, "!ort anlegen Park");
    expect(t.reply(BEN, "!ort schließen HS-1 erledigt").body).toBe(
      "Nur anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen Brennpunkt HS-1 schließen. Es wurde nichts geändert.",
    );
    expect(t.count("SELECT COUNT(*) FROM spots WHERE state = 'open'")).toBe(2);
    expect(t.count("SELECT COUNT(*) FROM spot_notes")).toBe(1);
    expect(refusals(t, "spot.close")).toBe(1);
    expect(t.reply(ANNA, "!ort schließen HS-1").body).toContain("ist geschlossen");
    expect(t.reply(POLICE_CHAIR, "!ort schließen HS-2").body).toContain("ist geschlossen");
  });
});

describe("operation reports: whoever planned it or is on its roster, planners, chairs", () => {
  it("refuses a member who has nothing to do with the operation, and lets one on the roster", () => {
    const t = setup({ config });
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 20:00" polizei=2');
    t.reply(ANNA, '!einsatz planen Kontrolle wann="26.11.2026 21:00"');
    const dirk = "@dirk:polizei.example";
    expect(t.reply(dirk, "!einsatz bericht OP-1\nAlles ruhig.").body).toBe(
      "Nur anna (angelegt) oder Mitglieder mit der Rolle Planung oder Vorsitz dürfen den Bericht zu OP-1 abgeben. Es wurde nichts geändert.",
    );
    expect(t.count("SELECT COUNT(*) FROM operations WHERE state = 'done'")).toBe(0);
    t.reply(dirk, "!einsatz teilnehmen OP-1");
    t.advance(Date.parse("2026-11-26T20:30:00Z") - t.clock.t); // both have begun
    expect(t.reply(dirk, "!einsatz bericht OP-1\nAlles ruhig.").body).toContain("Bericht zu OP-1 gespeichert");
    expect(t.reply(CARLA, "!einsatz bericht OP-2\nAlles ruhig.").body).toContain("Bericht zu OP-2 gespeichert");
  });
});
