// What people read about operations, word for word (issue 17, class 8): consequences only when they
// happen, the number agreeing with the verb, list titles without "(filter)", German keys only.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example";
// The fixed clock stands at Mi 25.11.2026, 10:00 (Berlin).

describe("!einsatz absagen", () => {
  it("says the reminders are dropped when some were still planned, with a full stop after the reason", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 12:00"');
    expect(t.reply(ANNA, "!einsatz absagen OP-1 Unwetter").body).toBe("Einsatz OP-1 „Streife“ ist abgesagt. Grund: Unwetter. Die geplanten Erinnerungen entfallen.");
  });

  it("says nothing about reminders when none was pending (start within the hour)", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="25.11.2026 10:30"');
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending' AND ref LIKE 'op:%'")).toBe(0);
    expect(t.reply(ANNA, "!einsatz absagen OP-1 Unwetter!").body).toBe("Einsatz OP-1 „Streife“ ist abgesagt. Grund: Unwetter!");
  });
});

describe("planning", () => {
  it("joins the reminder times with „und“, labels them in Std., and makes the verb agree with the overlaps", () => {
    const t = setup();
    const one = t.reply(ANNA, '!einsatz planen A wann="05.12.2026 20:00" bis=22:00 ort=Markt').body;
    expect(one).toContain("\nErinnerungen: Fr 04.12.2026, 20:00 und Sa 05.12.2026, 19:00");
    const labels = t.db.prepare<[], { payload: string }>("SELECT payload FROM schedule WHERE job = 'op.reminder' ORDER BY due_at").all().map((r) => (JSON.parse(r.payload) as { label: string }).label);
    expect(labels).toEqual(["Erinnerung OP-1 (24 Std. vorher)", "Erinnerung OP-1 (1 Std. vorher)"]);
    expect(t.reply(ANNA, '!einsatz planen B wann="05.12.2026 21:00" ort=Markt').body).toContain("⚠ Hinweis: Zur selben Zeit ist am selben Ort bereits OP-1 geplant.");
    expect(t.reply(ANNA, '!einsatz planen C wann="05.12.2026 21:00" ort=Markt').body).toContain("⚠ Hinweis: Zur selben Zeit sind am selben Ort bereits OP-1 und OP-2 geplant.");
  });

  it("names the German key and the missing title in whole sentences", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" art=razzia').body).toMatch(/^Unbekannter Wert für art=: „razzia“\. Möglich sind: streife, kontrolle, veranstaltung\.\n/);
    expect(t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" stadt=-1').body).toMatch(/^Die Personalzahl \(z\. B\. stadt=2\) muss eine ganze Zahl von 0 bis 500 sein, nicht „-1“\.\n/);
    expect(t.reply(ANNA, '!einsatz planen wann="05.12.2026 20:00"').body).toMatch(/^Es fehlt der Titel\.\n/);
    expect(t.reply(ANNA, "!einsatz liste blub").body).toMatch(/^„blub“ ist hier nicht möglich\. Möglich sind: anstehend, woche, nächste woche, monat, nächster monat, vergangen, alle\.\n/);
  });
});

describe("lists and details", () => {
  it("titles each list by its filter and words each empty one", () => {
    const t = setup();
    expect(t.reply(ANNA, "!einsatz liste").body).toBe("Keine anstehenden Einsätze. Neu planen: !einsatz planen <Titel> wann=<Datum Zeit>");
    expect(t.reply(ANNA, "!einsatz liste woche").body).toMatch(/^Diese Woche sind keine Einsätze geplant\. Neu planen: /);
    expect(t.reply(ANNA, "!einsatz liste monat").body).toMatch(/^In diesem Monat sind keine Einsätze geplant\. Neu planen: /);
    expect(t.reply(ANNA, "!einsatz liste vergangen").body).toBe("Es gibt keine vergangenen Einsätze.");
    expect(t.reply(ANNA, "!einsatz liste alle").body).toMatch(/^Es sind noch keine Einsätze erfasst\. Neu planen: /);
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 12:00"');
    expect(t.reply(ANNA, "!einsatz liste").body).toMatch(/^Anstehende Einsätze: 1\n/);
    expect(t.reply(ANNA, "!einsatz liste alle").body).toMatch(/^Alle Einsätze: 1\n/);
  });

  it("shows the history as „when – what von who“", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 12:00"');
    expect(t.reply(ANNA, "!einsatz zeigen OP-1").body).toContain("\nVerlauf\n• Mi 25.11.2026, 10:00 – geplant von anna");
  });

  it("shows the change without nested bold and without a gap after the list", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 12:00"');
    const r = t.reply(ANNA, '!einsatz ändern OP-1 wann="26.11.2026 14:00"');
    expect(r.html).toMatch(/^<b>Einsatz OP-1 geändert:<\/b><ul>/);
    expect(r.html).not.toMatch(/<b>[^<]*<b>|<\/ul><br>/);
    expect(r.body).toContain("\nErinnerungen: Mi 25.11.2026, 14:00 und Do 26.11.2026, 13:00");
  });

  it("counts the operations in the calendar file's caption", () => {
    const t = setup();
    const caption = () => t.send(ANNA, "!einsatz kalender").find((o) => o.kind === "upload")?.body ?? "";
    expect(caption()).toMatch(/^Kalenderdatei ohne Einsätze \(es ist keiner geplant\)\. Erneut importieren/);
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 12:00"');
    expect(caption()).toMatch(/^Kalenderdatei mit 1 Einsatz\. /);
    t.reply(ANNA, '!einsatz planen Streife wann="27.11.2026 12:00"');
    expect(caption()).toMatch(/^Kalenderdatei mit 2 Einsätzen\. /);
  });
});

describe("the report", () => {
  it("shows the example with the operation's own number", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="25.11.2026 10:30"');
    t.advance(3_600_000);
    const r = t.reply(BEN, "!einsatz bericht OP-1");
    expect(r.body).toBe("Bitte den Bericht in die Zeilen unter dem Befehl schreiben, z. B.:\n!einsatz bericht OP-1\nVerlauf ruhig, zwei Platzverweise …");
    expect(r.html).toContain("<code>!einsatz bericht OP-1</code>");
  });
});

describe("the reminder", () => {
  it("puts the time and place in brackets and the title in „…“", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife Bahnhof wann="26.11.2026 12:00" bis=14:00 ort=Markt');
    const [reminder] = t.advance(2 * 3_600_000);
    expect(reminder?.body).toBe("Erinnerung: Einsatz OP-1 „Streife Bahnhof“ beginnt in 24 Std. (Do 26.11.2026, 12:00–14:00, Markt).");
  });
});
