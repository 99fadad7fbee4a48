import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner (planner: "*")
const BEN = "@ben:polizei.example"; // police, planner (role absent → open)
const EVE = "@eve:evil.example"; // no agency

describe("!op plan", () => {
  it("plans an operation and echoes the date as understood, in German", () => {
    const t = setup();
    const r = t.reply(ANNA, '!einsatz planen Streife Bahnhof wann="05.12.2026 20:00" bis=23:00 ort=Bahnhofsplatz stadt=2 polizei=2');
    expect(r.body).toContain("Einsatz OP-1 „Streife Bahnhof“ geplant: Sa 05.12.2026, 20:00–23:00, Bahnhofsplatz");
    expect(r.body).toContain("Polizei: 0 von 2 (2 fehlen)");
    expect(r.msgtype).toBe("m.notice");
    expect(r.replyTo).toMatch(/^\$e/);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(2);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.plan'")).toBe(1);
  });

  it("accepts the English form and an unquoted value running on to the next key", () => {
    const t = setup({ config: { language: "en" } });
    const r = t.reply(BEN, "!op plan Control Park at=2026-12-05 20:00 place=Stadtpark type=control police=3");
    expect(r.body).toContain("Operation OP-1 \"Control Park\" planned: Sat 05 Dec 2026");
    expect(r.body).toContain("Stadtpark");
  });

  it("warns, but does not refuse, on an overlap at the same place", () => {
    const t = setup();
    t.reply(ANNA, '!op plan A at="2026-12-05 20:00" until=22:00 place=Markt');
    const r = t.reply(BEN, '!op plan B at="2026-12-05 21:00" place=markt');
    expect(r.body).toContain("OP-2 „B“ geplant");
    expect(r.body).toContain("bereits OP-1 geplant");
  });

  it.each([
    ["!op plan Streife ort=Markt", "wann="],
    ['!op plan Streife wann="05.12.2026 20:00" art=razzia', "razzia"],
    ['!op plan Streife wann="05.12.2026 20:00" polizei=501', "0 bis 500"],
    ['!op plan Streife wann="05.12.2026 20:00" stadt=-1', "0 bis 500"],
    [`!op plan ${"x".repeat(201)} wann="05.12.2026 20:00"`, "zu lang"],
    ['!op plan Streife wann="01.11.2026 20:00"', "Vergangenheit"],
    ['!op plan Streife wann="05.12.2026 20:00" bis=20:00', "nicht nach dem Beginn"],
    ['!op plan Streife wann="05.12.2026 20:00" bis="05.12.2026 19:00"', "nicht nach dem Beginn"],
    ['!op plan Streife wann="30.10.2027 22:00" bis=02:30', "gibt es in Europe/Berlin zweimal"],
    ['!op plan Streife wann="gestern irgendwann"', "kein Datum"],
    ['!op plan wann="05.12.2026 20:00"', "Titel"],
    ['!op plan Streife wann="05.12.2026 20:00" platz=Markt', "Unbekannte Angabe"],
  ])("refuses %s with a clear error and stores nothing", (cmd, expected) => {
    const t = setup();
    const r = t.reply(ANNA, cmd);
    expect(r.body).toContain(expected);
    expect(r.body).toMatch(/Richtig: !einsatz planen|Vergangenheit|nicht nach dem Beginn/);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule")).toBe(0);
  });

  it("suggests the nearest verb for a misspelt one", () => {
    const t = setup();
    expect(t.reply(ANNA, "!op plna Streife").body).toContain("Meinten Sie !einsatz plan?");
  });

  it("politely refuses a stranger once per room and day, and stores nothing", () => {
    const t = setup();
    expect(t.reply(EVE, '!op plan X wann="05.12.2026 20:00"').body).toContain("nur Mitglieder");
    expect(t.send(EVE, "!op list")).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE outcome = 'refused'")).toBe(2);
  });
});

describe("!op staffing, reminders and changes", () => {
  it("shows staffing per agency as people join and leave", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="05.12.2026 20:00" stadt=1 polizei=2');
    expect(t.reply(BEN, "!op join OP-1").body).toContain("Polizei: 1 von 2 (1 fehlt)");
    expect(t.reply(BEN, "!op join op1").body).toContain("bereits");
    expect(t.reply(ANNA, "!einsatz teilnehmen OP-1").body).toContain("Stadt: 1 von 1");
    const show = t.reply(ANNA, "!op show OP-1").body;
    expect(show).toContain("Polizei: 1 von 2 (1 fehlt)");
    expect(show).toContain("Polizei: ben");
    expect(t.reply(BEN, "!op leave OP-1").body).toContain("Polizei: 0 von 2");
  });

  it("sends reminders mentioning the roster and the gaps", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="26.11.2026 12:00" ort=Markt polizei=2');
    t.reply(BEN, "!op join OP-1");
    // 2026-11-26 12:00 Berlin = 11:00Z; 24h reminder at 2026-11-25T11:00Z, two hours from now.
    expect(t.advance(2 * 3_600_000 - 1)).toEqual([]);
    const [reminder, ...rest] = t.advance(1);
    expect(rest).toEqual([]);
    expect(reminder?.msgtype).toBe("m.text");
    expect(reminder?.mentions).toEqual([BEN]);
    expect(reminder?.body).toContain("Erinnerung: Einsatz OP-1 „Streife“ beginnt in 24 Std. (");
    expect(reminder?.body).toContain("Polizei: 1 von 2 (1 fehlt)");
  });

  it("moves reminders with the new time and announces the change", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="26.11.2026 12:00"');
    const r = t.reply(ANNA, '!op edit OP-1 wann="27.11.2026 12:00" ort=Markt');
    expect(r.body).toContain("Zeit: Do 26.11.2026, 12:00 → Fr 27.11.2026, 12:00");
    expect(r.body).toContain("Ort: — → Markt");
    expect(t.advance(2 * 3_600_000)).toEqual([]); // the old 24h reminder is gone
    expect(t.advance(24 * 3_600_000)[0]?.body).toContain("Erinnerung");
  });

  it("reads a new end given as a time on the operation's own day, whatever was edited before", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="28.11.2026 20:00" bis=22:00');
    t.reply(ANNA, '!op plan Kontrolle wann="29.11.2026 08:00" bis=10:00');
    expect(t.reply(ANNA, "!op edit OP-1 bis=23:30").body).toContain("Zeit: Sa 28.11.2026, 20:00–22:00 → Sa 28.11.2026, 20:00–23:30");
    expect(t.reply(ANNA, '!op edit OP-1 wann="30.11.2026 20:00"').body).toContain("→ Mo 30.11.2026, 20:00–23:30");
    // A new start given in one edit must not become the day of the next edit's end.
    expect(t.reply(ANNA, "!op edit OP-2 bis=11:00").body).toContain("Zeit: So 29.11.2026, 08:00–10:00 → So 29.11.2026, 08:00–11:00");
    expect(t.reply(ANNA, '!op edit OP-2 wann="01.12.2026 08:00" bis=09:30').body).toContain("→ Di 01.12.2026, 08:00–09:30");
    expect(t.reply(ANNA, "!op edit OP-2 bis=25:00").body).toContain("„25:00“ ist kein Datum mit Uhrzeit");
    expect(t.reply(ANNA, "!op show OP-2").body).toContain("Di 01.12.2026, 08:00–09:30");
  });

  it("drops reminders on cancel and refuses to edit a cancelled operation", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="26.11.2026 12:00"');
    expect(t.reply(ANNA, "!op cancel OP-1 Wetter").body).toContain("abgesagt. Grund: Wetter");
    expect(t.advance(3 * 86_400_000)).toEqual([]);
    expect(t.reply(ANNA, "!op edit OP-1 ort=Markt").body).toContain("abgesagt und kann nicht mehr geändert werden");
    expect(t.reply(ANNA, "!op show OP-99").body).toContain("gibt es nicht");
  });

  it("lists an operation that is still running, however long ago it started, and not one that is over", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Weihnachtsmarkt wann="26.11.2026 10:00" bis="24.12.2026 22:00" art=veranstaltung');
    t.reply(ANNA, '!op plan Streife wann="27.11.2026 20:00" bis=22:00');
    t.reply(ANNA, '!op plan Kontrolle wann="20.12.2026 20:00" bis=21:00');
    t.advance(20 * 86_400_000); // 15.12.2026
    const body = t.reply(ANNA, "!op list").body;
    expect(body).toContain("OP-1 Weihnachtsmarkt");
    expect(body).toContain("OP-3 Kontrolle");
    expect(body).not.toContain("OP-2");
  });

  it("marks an operation done with a report and lists it only in past/all", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="26.11.2026 12:00"');
    t.advance(Date.parse("2026-11-26T11:30:00Z") - t.clock.t);
    expect(t.reply(BEN, "!op report OP-1").body).toContain("Bericht");
    expect(t.reply(BEN, "!op report OP-1\nRuhiger Verlauf.").body).toBe("Bericht zu OP-1 gespeichert; der Einsatz ist damit abgeschlossen.");
    expect(t.reply(ANNA, "!op list").body).toBe("Keine anstehenden Einsätze. Neu planen: !einsatz planen <Titel> wann=<Datum Zeit>");
    expect(t.reply(ANNA, "!op list vergangen").body).toContain("OP-1");
    expect(t.reply(ANNA, "!op list all").body).toContain("OP-1");
  });

  it("uploads an .ics file with a stable UID and a raised SEQUENCE after changes", () => {
    const t = setup();
    t.reply(ANNA, '!op plan Streife wann="26.11.2026 12:00" bis=14:00 ort=Markt');
    t.reply(ANNA, "!op edit OP-1 ort=Rathaus");
    const [upload] = t.send(ANNA, "!op ics");
    expect(upload?.kind).toBe("upload");
    const ics = upload?.file?.toString("utf8") ?? "";
    expect(ics).toContain("UID:op-1@lagebot.127.0.0.1");
    expect(ics).toContain("SEQUENCE:1");
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20261126T120000");
    expect(ics).toContain("BEGIN:VTIMEZONE");
  });
});

describe("night shifts: an end time earlier than the start is on the next day", () => {
  it("plans 22:00 to 02:00 across midnight, says so, and shows and exports it that way", () => {
    const t = setup();
    const r = t.reply(ANNA, '!einsatz planen Nachtstreife wann="11.12.2026 22:00" bis=02:00 ort=Altstadt');
    expect(r.body).toBe(
      "Einsatz OP-1 „Nachtstreife“ geplant: Fr 11.12.2026, 22:00 – Sa 12.12.2026, 02:00, Altstadt\nHinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis Sa 12.12., 02:00.\nErinnerungen: Do 10.12.2026, 22:00 und Fr 11.12.2026, 21:00",
    );
    expect(t.reply(ANNA, "!einsatz zeigen OP-1").body).toContain("Zeit: Fr 11.12.2026, 22:00 – Sa 12.12.2026, 02:00");
    const [upload] = t.send(ANNA, "!einsatz kalender");
    const ics = upload?.file?.toString("utf8") ?? "";
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20261211T220000");
    expect(ics).toContain("DTEND;TZID=Europe/Berlin:20261212T020000");
  });

  it("reads 24 Uhr and Mitternacht as the end of the start's day, without a note", () => {
    const t = setup();
    const r = t.reply(ANNA, '!einsatz planen Spätdienst wann="11.12.2026 18:00" bis="24 Uhr"');
    expect(r.body).toContain("Einsatz OP-1 „Spätdienst“ geplant: Fr 11.12.2026, 18:00 – Sa 12.12.2026, 00:00");
    expect(r.body).not.toContain("Folgetag");
    expect(t.reply(ANNA, '!einsatz planen Spät wann="11.12.2026 18:00" bis=Mitternacht').body).toContain("Fr 11.12.2026, 18:00 – Sa 12.12.2026, 00:00");
  });

  it("changes the end with ändern bis= the same way, against the start that holds after the change", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="11.12.2026 20:00" bis=23:00');
    const r = t.reply(ANNA, "!einsatz ändern OP-1 bis=03:00");
    expect(r.body).toContain("Zeit: Fr 11.12.2026, 20:00–23:00 → Fr 11.12.2026, 20:00 – Sa 12.12.2026, 03:00");
    expect(r.body).toContain("Hinweis: Die Endzeit liegt vor der Beginnzeit und gilt daher für den Folgetag – bis Sa 12.12., 03:00.");
    // A new start and a new end in one change: the end is read against the new start.
    expect(t.reply(ANNA, '!einsatz ändern OP-1 wann="13.12.2026 23:00" bis=01:00').body).toContain("→ So 13.12.2026, 23:00 – Mo 14.12.2026, 01:00");
    expect(t.reply(ANNA, "!einsatz ändern OP-1 bis=Mitternacht").body).toContain("→ So 13.12.2026, 23:00 – Mo 14.12.2026, 00:00");
    expect(t.reply(ANNA, "!einsatz ändern OP-1 bis=23:00").body).toContain("Das Ende (So 13.12.2026, 23:00) liegt nicht nach dem Beginn (So 13.12.2026, 23:00).");
    expect(t.reply(ANNA, "!einsatz zeigen OP-1").body).toContain("Zeit: So 13.12.2026, 23:00 – Mo 14.12.2026, 00:00");
  });

  it("counts the night of the autumn change as eight hours (22:00–05:00) and refuses the doubled hour with both readings", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Nacht wann="30.10.2027 22:00" bis=05:00');
    expect(t.db.prepare<[], { h: number }>("SELECT (ends_at - starts_at) / 3600000.0 AS h FROM operations").get()?.h).toBe(8);
    const r = t.reply(ANNA, "!einsatz ändern OP-1 bis=02:30");
    expect(r.body).toContain("„02:30“ gibt es in Europe/Berlin zweimal");
    expect(r.body).toContain("2027-10-31 02:30+01:00");
    expect(t.reply(ANNA, "!einsatz zeigen OP-1").body).toContain("Zeit: Sa 30.10.2027, 22:00 – So 31.10.2027, 05:00");
  });

  it("answers in English", () => {
    const t = setup({ config: { language: "en" } });
    const r = t.reply(ANNA, '!op plan Night patrol at="2026-12-11 22:00" until=2am');
    expect(r.body).toContain("Operation OP-1 \"Night patrol\" planned: Fri 11 Dec 2026, 22:00 – Sat 12 Dec 2026, 02:00");
    expect(r.body).toContain("Note: the end time is earlier than the start time, so it is on the next day – until Sat 12 Dec, 02:00.");
  });
});
