// What the final user pass of issue 17 found in the operations family, as people type it: a night
// shift's "bis=morgen 02:00", "Fr 20-23 Uhr", "nächste woche", an edit to the value it already has,
// and the lines that said too much (an empty last line, "Personal vollständig" without any target).
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police
// The fixed clock stands at Mi 25.11.2026, 10:00 (Berlin).
const PLAN_USAGE = "Richtig: !einsatz planen <Titel> wann=<Datum Zeit> [bis=<Zeit>] [ort=…] [art=streife|kontrolle|veranstaltung] [feld=…] [stadt=<n>] [polizei=<n>] [brennpunkt=HS-n]";
const EDIT_USAGE = "Richtig: !einsatz ändern OP-n <Angabe>=<Wert> …";

describe("an end written as „morgen …“ (finding 6)", () => {
  it("reads „morgen“ from the start's day when from today it would end before the start, and says so", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen C wann="30.11.2026 22 Uhr" bis="morgen 02:00"').body).toMatch(
      /^Einsatz OP-1 „C“ geplant: Mo 30\.11\.2026, 22:00 – Di 01\.12\.2026, 02:00\nHinweis: Das Ende ist vom Tag des Beginns aus gerechnet – bis Di 01\.12\., 02:00\.\n/,
    );
    expect(t.reply(ANNA, '!einsatz planen Nacht wann="Fr 22:00" bis="morgen 02:00"').body).toMatch(/^Einsatz OP-2 „Nacht“ geplant: Fr 27\.11\.2026, 22:00 – Sa 28\.11\.2026, 02:00\n/);
  });

  it("keeps „morgen“ from today when that is after the start (wann=morgen 08:00 bis=morgen 12:00)", () => {
    const t = setup();
    const body = t.reply(ANNA, '!einsatz planen Früh wann="morgen 08:00" bis="morgen 12:00"').body;
    expect(body).toMatch(/^Einsatz OP-1 „Früh“ geplant: Do 26\.11\.2026, 08:00–12:00\n/);
    expect(body).not.toContain("Hinweis");
  });

  it("reads it from the start's day in an edit too", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen C wann="30.11.2026 22:00"');
    expect(t.reply(ANNA, '!einsatz ändern OP-1 bis="morgen 01:30"').body).toContain("Zeit: Mo 30.11.2026, 22:00 → Mo 30.11.2026, 22:00 – Di 01.12.2026, 01:30\nHinweis: Das Ende ist vom Tag des Beginns aus gerechnet – bis Di 01.12., 01:30.");
  });

  it("refuses an end before the start with the „Richtig:“ line, when planning and when changing", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen A wann="05.12.2026 20:00" bis="05.12.2026 19:00"').body).toBe(
      `Das Ende (Sa 05.12.2026, 19:00) liegt nicht nach dem Beginn (Sa 05.12.2026, 20:00).\n${PLAN_USAGE}`,
    );
    t.reply(ANNA, '!einsatz planen A wann="05.12.2026 20:00"');
    expect(t.reply(ANNA, '!einsatz ändern OP-1 bis="04.12.2026 19:00"').body).toBe(`Das Ende (Fr 04.12.2026, 19:00) liegt nicht nach dem Beginn (Sa 05.12.2026, 20:00).\n${EDIT_USAGE}`);
    expect(t.reply(ANNA, "!einsatz ändern OP-1 bis=blub").body).toBe(
      `„blub“ ist kein Datum mit Uhrzeit. Beispiele: 05.12.2026 20:00, 05.12. 20:00, morgen 20:00, Fr 20 Uhr, 2026-12-05 20:00.\n${EDIT_USAGE}`,
    );
    expect(t.count("SELECT COUNT(*) FROM operations WHERE ends_at IS NOT NULL")).toBe(0);
  });
});

describe("a start and an end in one value (finding 13)", () => {
  it.each([["Fr 20-23 Uhr"], ["Fr 20–23 Uhr"], ["Fr 20 bis 23 Uhr"], ["Fr von 20 bis 23 Uhr"], ["27.11. 20:00-23:00"]])("reads wann=„%s“ as 20:00–23:00 on Friday", (value) => {
    const t = setup();
    expect(t.reply(ANNA, `!einsatz planen G wann="${value}"`).body).toMatch(/^Einsatz OP-1 „G“ geplant: Fr 27\.11\.2026, 20:00–23:00\n/);
  });

  it("takes an end before the start to the next day, as bis= does", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen N wann="Sa 22-2 Uhr"').body).toMatch(
      /^Einsatz OP-1 „N“ geplant: Sa 28\.11\.2026, 22:00 – So 29\.11\.2026, 02:00\nHinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis So 29\.11\., 02:00\.\n/,
    );
  });

  it("refuses an end given twice, and changes the time of an operation from one value", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen G wann="Fr 20-23 Uhr" bis=22:00').body).toBe(`Das Ende ist doppelt angegeben: in wann= und in bis=. Bitte nur eines davon angeben.\n${PLAN_USAGE}`);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    t.reply(ANNA, '!einsatz planen G wann="Fr 20 Uhr"');
    expect(t.reply(ANNA, '!einsatz ändern OP-1 wann="Sa 18-21 Uhr"').body).toContain("Zeit: Fr 27.11.2026, 20:00 → Sa 28.11.2026, 18:00–21:00");
  });
});

describe("!einsatz liste nächste woche (finding 14)", () => {
  it("lists next week's and next month's operations, in German and English words", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Diese wann="27.11.2026 20:00"');
    t.reply(ANNA, '!einsatz planen Nächste wann="01.12.2026 20:00"');
    t.reply(ANNA, '!einsatz planen Später wann="08.12.2026 20:00"');
    const next = "Einsätze der nächsten Woche: 1\nDi 01.12.2026, 20:00 · OP-2 Nächste";
    expect(t.reply(ANNA, "!einsatz liste nächste woche").body).toBe(next);
    expect(t.reply(ANNA, "!einsatz liste Naechste Woche").body).toBe(next);
    expect(t.reply(ANNA, "!einsatz liste next week").body).toBe(next);
    expect(t.reply(ANNA, "!einsatz liste diese woche").body).toBe("Einsätze dieser Woche: 1\nFr 27.11.2026, 20:00 · OP-1 Diese");
    expect(t.reply(ANNA, "!einsatz liste nächster monat").body).toBe("Einsätze des nächsten Monats: 2\nDi 01.12.2026, 20:00 · OP-2 Nächste\nDi 08.12.2026, 20:00 · OP-3 Später");
  });

  it("words an empty next week, and names every filter for one it does not know", () => {
    const t = setup();
    expect(t.reply(ANNA, "!einsatz liste nächste woche").body).toBe("Nächste Woche sind keine Einsätze geplant. Neu planen: !einsatz planen <Titel> wann=<Datum Zeit>");
    expect(t.reply(ANNA, "!einsatz liste übernächste woche").body).toBe(
      "„übernächste woche“ ist hier nicht möglich. Möglich sind: anstehend, woche, nächste woche, monat, nächster monat, vergangen, alle.\nRichtig: !einsatz liste [anstehend|woche|nächste woche|monat|nächster monat|vergangen|alle]",
    );
  });
});

describe("!einsatz ändern with the values it already has (finding 9)", () => {
  it("says the end is already so, not „Bitte angeben, was sich ändert“", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen A wann="28.11.2026 22:00" bis="24 Uhr" ort=Markt');
    expect(t.reply(ANNA, '!einsatz ändern OP-1 bis="24 Uhr"').body).toBe("OP-1 endet bereits So 29.11.2026, 00:00; nichts geändert.");
    expect(t.reply(ANNA, '!einsatz ändern OP-1 wann="28.11.2026 22:00"').body).toBe("OP-1 beginnt bereits Sa 28.11.2026, 22:00; nichts geändert.");
    expect(t.reply(ANNA, "!einsatz ändern OP-1 ort=Markt").body).toBe("OP-1 hat diese Angaben bereits; nichts geändert.");
    expect(t.reply(ANNA, "!einsatz ändern OP-1").body).toMatch(/^Bitte angeben, was sich ändert, z\. B\. /);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.edit' AND outcome = 'ok'")).toBe(0);
  });
});

describe("staffing lines only when there is staffing to speak of (findings 8 and 10)", () => {
  it("leaves the staffing line out after leaving an operation without targets", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Test wann="26.11.2026 20:00"');
    t.reply(BEN, "!einsatz teilnehmen OP-1");
    const r = t.reply(BEN, "!einsatz austragen OP-1");
    expect(r.body).toBe("Sie sind aus dem Dienstplan von OP-1 ausgetragen.");
    expect(r.html).toBe("Sie sind aus dem Dienstplan von <b>OP-1</b> ausgetragen.");
  });

  it("does not call an operation without any target „Personal vollständig“ in !lage", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Test wann="26.11.2026 20:00"');
    t.reply(ANNA, '!einsatz planen Voll wann="26.11.2026 21:00" stadt=1');
    t.reply(ANNA, "!einsatz teilnehmen OP-2");
    const body = t.reply(BEN, "!lage").body;
    expect(body).toContain("\n• Do 26.11.2026, 20:00 · OP-1 „Test“\n• Do 26.11.2026, 21:00 · OP-2 „Voll“\n   Personal vollständig");
    expect(body).not.toMatch(/„Test“\n {3}/);
  });
});
