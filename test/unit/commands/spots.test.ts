import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police
const EVE = "@eve:evil.example"; // no agency

describe("!spot add / !ort anlegen", () => {
  it("registers a hotspot with place, field and a first note, in German", () => {
    const t = setup();
    const r = t.reply(ANNA, '!ort anlegen Bahnhofsvorplatz ort="Am Hauptbahnhof 1" feld=Betäubungsmittel notiz="Szene seit Oktober verstärkt"');
    expect(r.body).toBe("Brennpunkt HS-1 angelegt: Bahnhofsvorplatz (Am Hauptbahnhof 1 · Betäubungsmittel)\nDie Notiz ist gespeichert.");
    expect(r.html).toContain("<b>HS-1</b>");
    expect(r.msgtype).toBe("m.notice");
    const show = t.reply(BEN, "!ort zeigen HS-1").body;
    expect(show).toContain("HS-1 · Bahnhofsvorplatz");
    expect(show).toContain("Ort: Am Hauptbahnhof 1");
    expect(show).toContain("Handlungsfeld: Betäubungsmittel");
    expect(show).toContain(`Status: offen – angelegt von anna (Stadt) am Mi 25.11.2026, 10:00`);
    expect(show).toContain(`Mi 25.11.2026, 10:00 – anna (Stadt): Szene seit Oktober verstärkt`);
  });

  it("answers in English and takes a long note from the lines below the command", () => {
    const t = setup({ config: { language: "en" } });
    const r = t.reply(BEN, "!spot add Park entrance place=Stadtpark\nGroups gather after 22:00.\nLitter and noise.");
    expect(r.body).toBe("Hotspot HS-1 registered: Park entrance (Stadtpark)\nThe note is saved.");
    expect(t.reply(ANNA, "!spot show HS-1").body).toContain(`Wed 25 Nov 2026, 10:00 – ben (Polizei): Groups gather after 22:00.\nLitter and noise.`);
  });

  it.each([
    ["!ort anlegen", "Name"],
    ["!ort anlegen X platz=Markt", "Unbekannte Angabe"],
    [`!ort anlegen ${"x".repeat(201)}`, "zu lang"],
    [`!ort anlegen X notiz="${"n".repeat(2001)}"`, "2.001 Zeichen, zulässig sind höchstens 2.000"],
  ])("refuses %s and stores nothing", (cmd, expected) => {
    const t = setup();
    expect(t.reply(ANNA, cmd).body).toContain(expected);
    expect(t.count("SELECT COUNT(*) FROM spots")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM spot_notes")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE outcome = 'ok'")).toBe(0);
  });

  it("refuses strangers", () => {
    const t = setup();
    expect(t.reply(EVE, "!ort anlegen Markt").body).toContain("nur Mitglieder");
    expect(t.count("SELECT COUNT(*) FROM spots")).toBe(0);
  });
});

describe("!spot note / !ort notiz", () => {
  it("adds notes with author, agency and time, and keeps the audit log free of their text", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    expect(t.reply(BEN, "!ort notiz HS-1 Zwei Platzverweise am Abend").body).toBe("Notiz zu HS-1 gespeichert (Notiz 1).");
    t.clock.advance(3_600_000);
    expect(t.reply(ANNA, "!ort notiz hs1\nBeleuchtung defekt, Bauhof informiert").body).toContain("(Notiz 2)");
    const show = t.reply(ANNA, "!ort zeigen HS-1").body;
    expect(show).toContain("Notizen (2)");
    expect(show).toContain(`Mi 25.11.2026, 10:00 – ben (Polizei): Zwei Platzverweise am Abend`);
    expect(show).toContain(`Mi 25.11.2026, 11:00 – anna (Stadt): Beleuchtung defekt, Bauhof informiert`);
    const details = t.db.prepare<[], { details: string }>("SELECT details FROM audit WHERE action = 'spot.note'").all().map((r) => r.details);
    expect(details).toHaveLength(2);
    expect(details.join()).not.toContain("Platzverweise");
    expect(details[0]).toMatch(/"sha256":"[0-9a-f]{64}"/);
  });

  it("refuses a note over 2,000 characters, an empty note and an unknown hotspot, storing nothing", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    expect(t.reply(ANNA, `!ort notiz HS-1\n${"a".repeat(2000)}b`).body).toBe("Die Notiz ist zu lang: 2.001 Zeichen, zulässig sind höchstens 2.000. Es wurde nichts gespeichert.");
    expect(t.reply(ANNA, "!ort notiz HS-1").body).toContain("Es fehlt der Text der Notiz");
    expect(t.reply(ANNA, "!ort notiz HS-7 Text").body).toBe("Einen Brennpunkt HS-7 gibt es nicht. Übersicht: !ort liste");
    expect(t.reply(ANNA, "!ort notiz OP-1 Text").body).toContain("„OP-1“ ist keine gültige Nummer; erwartet wird z. B. HS-7.");
    expect(t.count("SELECT COUNT(*) FROM spot_notes")).toBe(0);
    expect(t.reply(ANNA, `!ort notiz HS-1\n${"a".repeat(2000)}`).body).toContain("Notiz 1");
  });
});

describe("!spot close / !ort schließen", () => {
  it("closes once, keeps a closing remark as a note, and then refuses notes and a second close", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    const r = t.reply(BEN, "!ort schließen HS-1 Lage hat sich beruhigt");
    expect(r.body).toBe("Brennpunkt HS-1 „Markt“ ist geschlossen.\nIhr Hinweis ist als letzte Notiz gespeichert.\nDie Notizen werden 1 Jahr nach dem Schließen gelöscht (Aufbewahrungsfrist).");
    t.clock.advance(86_400_000);
    expect(t.reply(ANNA, "!ort schließen HS-1").body).toBe("Brennpunkt HS-1 ist bereits seit Mi 25.11.2026, 10:00 geschlossen.");
    expect(t.reply(ANNA, "!ort notiz HS-1 Nachtrag").body).toContain("ist geschlossen; Notizen können nicht mehr ergänzt werden");
    expect(t.count("SELECT COUNT(*) FROM spot_notes")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'spot.close' AND outcome = 'ok'")).toBe(1);
    expect(t.reply(ANNA, "!ort zeigen HS-1").body).toContain(`geschlossen – angelegt von anna (Stadt) am Mi 25.11.2026, 10:00; geschlossen von ben am Mi 25.11.2026, 10:00`);
    expect(t.reply(ANNA, "!ort schließen HS-2").body).toContain("Einen Brennpunkt HS-2 gibt es nicht");
  });

  it("warns when operations are still planned there", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" brennpunkt=HS-1');
    expect(t.reply(ANNA, "!ort schließen HS-1").body).toContain("⚠ Hinweis: An diesem Brennpunkt ist noch ein Einsatz geplant: OP-1.");
  });

  it("names several planned operations with „und“ (plural verb)", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" brennpunkt=HS-1');
    t.reply(ANNA, '!einsatz planen Kontrolle wann="06.12.2026 20:00" brennpunkt=HS-1');
    t.reply(ANNA, '!einsatz planen Nachschau wann="07.12.2026 20:00" brennpunkt=HS-1');
    expect(t.reply(ANNA, "!ort schließen HS-1").body).toContain("⚠ Hinweis: An diesem Brennpunkt sind noch Einsätze geplant: OP-1; OP-2 und OP-3.");
  });

  it("says the notes will be deleted only when there are notes", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    t.reply(ANNA, "!ort anlegen Park");
    t.reply(ANNA, "!ort notiz HS-2 Scherben");
    expect(t.reply(ANNA, "!ort schließen HS-1").body).toBe("Brennpunkt HS-1 „Markt“ ist geschlossen.");
    expect(t.reply(ANNA, "!ort schließen HS-2").body).toBe("Brennpunkt HS-2 „Park“ ist geschlossen.\nDie Notizen werden 1 Jahr nach dem Schließen gelöscht (Aufbewahrungsfrist).");
  });
});

describe("!spot list and show with operations", () => {
  it("lists open, closed and all hotspots with their next operation", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt ort=Marktplatz");
    t.reply(ANNA, "!ort anlegen Park");
    t.reply(ANNA, '!einsatz planen Kontrolle wann="28.11.2026 21:00" brennpunkt=HS-1');
    t.reply(ANNA, "!ort schließen HS-2");
    const open = t.reply(BEN, "!ort liste").body;
    expect(open).toBe("Offene Brennpunkte: 1\nHS-1 Markt\n   Marktplatz · nächster Einsatz: OP-1 am Sa 28.11.2026, 21:00");
    expect(t.reply(BEN, "!ort liste geschlossen").body).toBe("Geschlossene Brennpunkte: 1\nHS-2 Park");
    expect(t.reply(BEN, "!ort liste alle").body).toMatch(/^Alle Brennpunkte: 2\n/);
    expect(t.reply(BEN, "!ort liste alle").body).toContain("HS-2 Park\n   geschlossen");
    expect(t.reply(BEN, "!spot list closed").body).toContain("HS-2");
    expect(t.reply(BEN, "!ort liste morgen").body).toBe("„morgen“ ist hier nicht möglich. Möglich sind: offen, geschlossen, alle.\nRichtig: !ort liste [offen|geschlossen|alle]");
  });

  it("says so when there are none", () => {
    const t = setup();
    expect(t.reply(ANNA, "!ort liste").body).toBe("Keine offenen Brennpunkte. Neu anlegen: !ort anlegen <Name> ort=… feld=…");
    expect(t.reply(ANNA, "!ort liste geschlossen").body).toBe("Keine geschlossenen Brennpunkte.");
    expect(t.reply(ANNA, "!ort liste alle").body).toBe("Es sind noch keine Brennpunkte erfasst. Neu anlegen: !ort anlegen <Name> ort=… feld=…");
  });

  it("shows the operations held there, upcoming and past", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Bahnhof");
    t.reply(ANNA, '!einsatz planen Frühstreife wann="26.11.2026 06:00" bis=08:00 brennpunkt=HS-1');
    t.reply(ANNA, '!einsatz planen Abendkontrolle wann="04.12.2026 20:00" hotspot=hs-1');
    t.reply(ANNA, '!einsatz planen Woanders wann="04.12.2026 20:00"');
    t.reply(ANNA, '!einsatz planen Spät wann="10.12.2026 20:00"');
    t.reply(ANNA, "!einsatz ändern OP-4 brennpunkt=HS-1");
    t.reply(ANNA, "!einsatz absagen OP-4 Wetter");
    t.advance(2 * 86_400_000); // OP-1 is over now
    const show = t.reply(BEN, "!ort zeigen HS-1").body;
    expect(show).toContain("Anstehende Einsätze\n• Fr 04.12.2026, 20:00 · OP-2 Abendkontrolle");
    expect(show).toContain("Bisherige Einsätze\n• Do 10.12.2026, 20:00 · OP-4 Spät (abgesagt)\n• Do 26.11.2026, 06:00–08:00 · OP-1 Frühstreife");
    expect(show).not.toContain("OP-3");
    expect(show).toContain("Noch keine Notizen.");
  });

  it("names one older note in the singular, as the last item of the notes list", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Markt");
    for (let n = 1; n <= 11; n++) t.reply(ANNA, `!ort notiz HS-1 Notiz ${n}`);
    const out = t.reply(ANNA, "!ort zeigen HS-1");
    expect(out.body).toMatch(/\nNotizen \(11\)\n(• .*\n){10}• … 1 ältere Notiz nicht angezeigt$/);
    expect(out.html).toContain("<li><i>… 1 ältere Notiz nicht angezeigt</i></li></ul>");
    expect(out.html).not.toMatch(/<br><ul>/);
  });

  it("refuses spot=HS-n on an operation when there is no such hotspot", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" brennpunkt=HS-3').body).toBe("Einen Brennpunkt HS-3 gibt es nicht. Übersicht: !ort liste");
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00"');
    expect(t.reply(ANNA, "!op edit OP-1 spot=HS-3").body).toContain("Einen Brennpunkt HS-3 gibt es nicht");
    expect(t.count("SELECT COUNT(*) FROM operations WHERE spot_id IS NOT NULL")).toBe(0);
    t.reply(ANNA, "!ort anlegen Markt");
    expect(t.reply(ANNA, "!op edit OP-1 spot=HS-1").body).toContain("Brennpunkt: — → HS-1");
  });
});
