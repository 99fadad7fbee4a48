// !committee / !gremium through the real dispatcher and scheduler with a fixed clock: creating,
// listing, showing, skipping and moving meetings, the automatic posts, holidays, DST and the export.
import { describe, expect, it } from "vitest";
import committees from "../../../commands/committees/index.ts";
import { baseContext } from "../../../src/pipeline/context.ts";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example"; // city, chair
const ANNA = "@anna:stadt.example"; // city, no chair role
const BEN = "@ben:polizei.example"; // police: chair role absent → open to every member
const CREATE = '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00" ort="Rathaus, Raum 1"';

type T = ReturnType<typeof setup>;
/** Moves the clock to an instant and returns what the scheduler posted on the way. */
const until = (t: T, iso: string): Sent[] => t.advance(Date.parse(iso) - t.clock.t);
const bodies = (out: Sent[]): string => out.map((o) => o.body).join("\n---\n");

describe("!gremium anlegen", () => {
  it("creates a committee and answers with the rhythm, the next three meetings and the lead times", () => {
    const t = setup(); // Wed 25.11.2026, 10:00
    const r = t.reply(CHAIR, CREATE);
    expect(r.body).toContain("Gremium Verkehrsausschuss (verkehr) angelegt: jeden Dienstag, 10:00, 60 Min., Rathaus, Raum 1.");
    expect(r.body).toContain("Nächste Sitzungen:\n• Di 01.12.2026, 10:00–11:00\n• Di 08.12.2026, 10:00–11:00\n• Di 15.12.2026, 10:00–11:00");
    expect(r.body).toContain("Tagesordnung mit 3 Tagen Vorlauf, Erinnerungen mit 1 Tag und 1 Std. Vorlauf.");
    expect(r.msgtype).toBe("m.notice");
    expect(t.count("SELECT COUNT(*) FROM committees")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'committee.create' AND outcome = 'ok'")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending' AND job = 'committee.agenda'")).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['!committee create traffic name="Traffic board" every="2 weeks tuesday 10:00" duration=90', "every 2 weeks on Tuesday, 10:00, 90 min.", "Tue 01 Dec 2026, 10:00–11:30"],
    ['!committee create monthly name=Monthly every="first monday 09:30" place=Townhall', "every first Monday of the month, 09:30, 60 min, Townhall.", "Mon 07 Dec 2026, 09:30–10:30"],
    ['!committee create ends name=Ends every="last friday 14:00"', "every last Friday of the month, 14:00", "Fri 27 Nov 2026, 14:00–15:00"],
    ['!committee create crony name=Crony cron="0 10 * * 2"', 'by cron expression "0 10 * * 2"', "Tue 01 Dec 2026, 10:00–11:00"],
  ])("reads %s in English", (cmd, rhythm, first) => {
    const t = setup({ config: { language: "en" } });
    const r = t.reply(BEN, cmd);
    expect(r.body).toContain(rhythm);
    expect(r.body).toContain(`Next meetings:\n• ${first}`);
  });

  it.each([
    ['!gremium anlegen verkehr name=X turnus="mittwochs irgendwann"', "kein Sitzungsrhythmus, den der Bot versteht"],
    ['!gremium anlegen verkehr name=X cron="0 10 * *"', "hat 4 Felder; nötig sind genau 5"],
    ['!gremium anlegen verkehr name=X cron="*/5 * * * *"', "weniger als einer Stunde"],
    ['!gremium anlegen verkehr name=X turnus="dienstag 10:00" cron="0 10 * * 2"', "nur eines"],
    ["!gremium anlegen verkehr name=X", "Es fehlt der Sitzungsrhythmus"],
    ['!gremium anlegen verkehr turnus="dienstag 10:00"', "Es fehlt der Name"],
    ['!gremium anlegen "Verkehr AG" name=X turnus="dienstag 10:00"', "kein gültiges Kürzel"],
    ['!gremium anlegen verkehr name=X turnus="dienstag 10:00" tagesordnung=bald', "Zahl von Tagen"],
    ['!gremium anlegen verkehr name=X turnus="dienstag 10:00" erinnerung=gleich', "Liste von Dauern"],
    ['!gremium anlegen verkehr name=X turnus="dienstag 10:00" dauer=0', "in Minuten"],
    ['!gremium anlegen verkehr name=X turnuss="dienstag 10:00"', "Meinten Sie turnus="],
  ])("refuses %s with the correct form and stores nothing", (cmd, expected) => {
    const t = setup();
    const r = t.reply(CHAIR, cmd);
    expect(r.body).toContain(expected);
    expect(r.body).toContain("Richtig: !gremium anlegen <kürzel> name=<Name> turnus=<Rhythmus>");
    expect(t.count("SELECT COUNT(*) FROM committees")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule")).toBe(0);
  });

  it("refuses a duplicate short name and keeps the first committee as it was", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    const before = t.count("SELECT COUNT(*) FROM schedule");
    expect(t.reply(BEN, '!gremium anlegen Verkehr name=Anders turnus="montag 09:00"').body).toContain("Ein Gremium mit dem Kürzel verkehr gibt es bereits");
    expect(t.count("SELECT COUNT(*) FROM committees")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM schedule")).toBe(before);
  });

  it("needs the chair role", () => {
    const t = setup();
    expect(t.reply(ANNA, CREATE).body).toContain("Rolle Vorsitz");
    expect(t.count("SELECT COUNT(*) FROM committees")).toBe(0);
  });
});

describe("!gremium liste and zeigen", () => {
  it("lists committees with their next meeting, and says when there are none", () => {
    const t = setup();
    expect(t.reply(ANNA, "!gremium liste").body).toContain("Noch keine Gremien");
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, '!gremium anlegen ag-nord name="AG Nord" turnus="letzter freitag 14:00"');
    const r = t.reply(ANNA, "!gremien liste").body;
    expect(r).toContain("Gremien: 2");
    expect(r).toContain("verkehr · Verkehrsausschuss\n   jeden Dienstag, 10:00 · nächste Sitzung Di 01.12.2026, 10:00–11:00");
    expect(r).toContain("ag-nord · AG Nord\n   jeden letzten Freitag im Monat, 14:00 · nächste Sitzung Fr 27.11.2026, 14:00–15:00");
  });

  it("shows the next three meetings, the current agenda and the open action items", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(ANNA, "!top neu verkehr Lärm in der Altstadt verantwortlich=@ben:polizei.example minuten=15");
    t.reply(ANNA, '!aufgabe neu "Bericht Lärmschutz" verantwortlich=ich bis=04.12.2026 gremium=verkehr');
    t.reply(ANNA, "!aufgabe neu Fremdes verantwortlich=ich bis=04.12.2026");
    const r = t.reply(BEN, "!gremium zeigen verkehr").body;
    expect(r).toContain("Verkehrsausschuss (verkehr)\nRhythmus: jeden Dienstag, 10:00 · 60 Min. · Ort: Rathaus, Raum 1");
    expect(r).toContain("• Di 01.12.2026, 10:00–11:00\n• Di 08.12.2026, 10:00–11:00\n• Di 15.12.2026, 10:00–11:00");
    expect(r).toContain("Tagesordnung für Di 01.12.2026, 10:00–11:00 (1 Punkt, 15 Min.):\n• TOP-1 Lärm in der Altstadt – ben, 15 Min.");
    expect(r).toContain("Offene Aufgaben:\n• AI-1 Bericht Lärmschutz – anna, fällig Fr 04.12.2026");
    expect(r).not.toContain("Fremdes");
    expect(t.reply(BEN, "!gremium zeigen nichts").body).toContain("Ein Gremium „nichts“ gibt es nicht");
  });

  it("flags a meeting on a public holiday with the commands to move or skip it", () => {
    const t = setup({ now: "2026-12-10T09:00:00Z" });
    t.reply(CHAIR, '!gremium anlegen freitag name=Freitagsrunde turnus="freitag 10:00"');
    const r = t.reply(ANNA, "!gremium zeigen freitag").body;
    expect(r).toContain("• Fr 25.12.2026, 10:00–11:00 ⚠ Feiertag: 1. Weihnachtstag");
    // 26.12. is a holiday and a Saturday: the next working day is Monday the 28th.
    expect(r).toContain('Verlegen: !gremium verlegen freitag 25.12.2026 auf="28.12.2026 10:00" · Ausfallen lassen: !gremium aussetzen freitag 25.12.2026');
    expect(r).not.toContain("Fr 18.12.2026, 10:00–11:00 ⚠");
  });
});

describe("automatic posts", () => {
  it("posts the agenda three days ahead, reminds a day and an hour ahead, and carries open items over", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(ANNA, "!top neu verkehr Lärm Altstadt verantwortlich=@ben:polizei.example minuten=15");
    t.reply(ANNA, "!top neu verkehr Baustelle Ring minuten=10");
    t.reply(ANNA, "!top neu verkehr Protokoll");
    expect(until(t, "2026-11-28T08:59:59Z")).toEqual([]);
    const [agenda, ...more] = until(t, "2026-11-28T09:00:00Z"); // Sat 10:00, three days before
    expect(more).toEqual([]);
    expect(agenda?.msgtype).toBe("m.notice");
    expect(agenda?.body).toContain("Tagesordnung Verkehrsausschuss – Sitzung Di 01.12.2026, 10:00–11:00, Rathaus, Raum 1");
    expect(agenda?.body).toContain("• TOP-1 Lärm Altstadt – ben, 15 Min.\n• TOP-2 Baustelle Ring, 10 Min.\n• TOP-3 Protokoll");
    expect(agenda?.body).toContain("3 Punkte, geplante Dauer 25 Min.");
    t.reply(ANNA, "!top erledigt TOP-3");

    const [day] = until(t, "2026-11-30T09:00:00Z");
    expect(day?.body).toContain("Erinnerung: Die Sitzung des Gremiums Verkehrsausschuss beginnt in 1 Tag (Di 01.12.2026, 10:00–11:00, Rathaus, Raum 1). Tagesordnung: 2 Punkte (25 Min.).");
    expect(day?.msgtype).toBe("m.text");
    expect(day?.mentions).toEqual([BEN]);
    expect(bodies(until(t, "2026-12-01T08:00:00Z"))).toContain("beginnt in 1 Std.");

    expect(until(t, "2026-12-01T09:59:59Z")).toEqual([]);
    const [close] = until(t, "2026-12-01T10:00:00Z"); // 11:00, the end of the meeting
    expect(close?.body).toContain("Die Sitzung des Gremiums Verkehrsausschuss vom Di 01.12.2026, 10:00–11:00 ist beendet.\nNicht erledigt, übertragen auf die Sitzung am Di 08.12.2026, 10:00–11:00:\n");
    expect(close?.body).toContain("TOP-1 Lärm Altstadt – ben, 15 Min. (übertragen)");
    expect(close?.body).toContain("TOP-2 Baustelle Ring, 10 Min. (übertragen)");
    expect(close?.body).not.toContain("TOP-3");
    const list = t.reply(ANNA, "!top liste verkehr").body;
    expect(list).toContain("Tagesordnung Verkehrsausschuss – Di 08.12.2026, 10:00–11:00");
    expect(list).toContain("TOP-1 Lärm Altstadt – ben, 15 Min. (übertragen)");

    // The chain goes on: next week's agenda, with the carried items.
    const [next] = until(t, "2026-12-05T09:00:00Z");
    expect(next?.body).toContain("Sitzung Di 08.12.2026, 10:00–11:00");
    expect(next?.body).toContain("TOP-2 Baustelle Ring, 10 Min. (übertragen)");
  });

  it("listing the committees re-plans a series whose posts the scheduler gave up on after a long downtime", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.clock.advance(25 * 86_400_000); // Sun 20.12.2026: every planned post is older than the catch-up window
    // As the scheduler's catch-up does with rows older than the window: marked missed, not run.
    t.db.prepare("UPDATE schedule SET state = 'missed' WHERE state = 'pending' AND due_at < ?").run(t.clock.t - 86_400_000);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(0);
    expect(t.reply(ANNA, "!gremium liste").body).toContain("nächste Sitzung Di 22.12.2026");
    expect(bodies(until(t, "2026-12-21T09:00:00Z"))).toContain("Erinnerung: Die Sitzung des Gremiums Verkehrsausschuss beginnt in 1 Tag (Di 22.12.2026");
  });

  it("follows a committee's own lead times (agenda=, remind=, including short durations)", () => {
    const t = setup();
    t.reply(CHAIR, '!gremium anlegen kurz name=Kurz turnus="mittwoch 10:10" tagesordnung=90s erinnerung=5m,30s dauer=1');
    expect(t.reply(ANNA, "!gremium zeigen kurz").body).toContain("Tagesordnung mit 90 Sek. Vorlauf, Erinnerungen mit 5 Min. und 30 Sek. Vorlauf.");
    expect(bodies(until(t, "2026-11-25T09:05:00Z"))).toContain("beginnt in 5 Min.");
    expect(bodies(until(t, "2026-11-25T09:08:30Z"))).toContain("Tagesordnung Kurz – Sitzung Mi 25.11.2026, 10:10–10:11");
    expect(bodies(until(t, "2026-11-25T09:09:30Z"))).toContain("beginnt in 30 Sek.");
  });

  it("keeps 10:00 local across the October DST change: reminders come at 09:00 CEST and then 09:00 CET", () => {
    const t = setup({ now: "2026-10-12T12:00:00Z" });
    t.reply(CHAIR, '!gremium anlegen sonntag name=Sonntagsrunde turnus="sonntag 10:00" erinnerung=1h');
    expect(until(t, "2026-10-18T06:59:59Z").some((o) => o.body.includes("1 Std."))).toBe(false);
    expect(bodies(until(t, "2026-10-18T07:00:00Z"))).toContain("beginnt in 1 Std. (So 18.10.2026, 10:00–11:00");
    expect(until(t, "2026-10-25T07:59:59Z").some((o) => o.body.includes("1 Std."))).toBe(false);
    expect(bodies(until(t, "2026-10-25T08:00:00Z"))).toContain("beginnt in 1 Std. (So 25.10.2026, 10:00–11:00");
  });

  it("posts a week ahead when a meeting falls on a public holiday (Fronleichnam in NRW)", () => {
    const t = setup({ now: "2026-05-20T08:00:00Z" });
    t.reply(CHAIR, '!gremium anlegen donnerstag name=Donnerstagsrunde turnus="donnerstag 10:00"');
    expect(bodies(until(t, "2026-05-28T07:59:59Z"))).not.toContain("Feiertag");
    const out = bodies(until(t, "2026-05-28T08:00:00Z"));
    expect(out).toContain("⚠ Die Sitzung des Gremiums Donnerstagsrunde am Do 04.06.2026, 10:00–11:00 fällt auf einen Feiertag (Fronleichnam).");
    expect(out).toContain('!gremium verlegen donnerstag 04.06.2026 auf="05.06.2026 10:00"');
    expect(out).toContain("!gremium aussetzen donnerstag 04.06.2026");
  });
});

describe("!gremium aussetzen and verlegen", () => {
  it("a skipped meeting posts nothing; its items go to the next meeting; the series goes on", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(ANNA, "!top neu verkehr Lärm Altstadt");
    const r = t.reply(BEN, "!gremium aussetzen verkehr 01.12.2026");
    expect(r.body).toContain("Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 fällt aus.");
    expect(r.body).toContain("Ein offener Tagesordnungspunkt geht auf die Sitzung am Di 08.12.2026, 10:00–11:00 über.");
    const out = until(t, "2026-12-05T09:00:00Z");
    expect(bodies(out)).not.toContain("01.12.2026");
    expect(out).toHaveLength(1);
    expect(out[0]?.body).toContain("Tagesordnung Verkehrsausschuss – Sitzung Di 08.12.2026");
    expect(out[0]?.body).toContain("TOP-1 Lärm Altstadt");
    expect(out[0]?.body).not.toContain("übertragen");
  });

  it("moves one meeting: reminders follow the new time, show marks it, the series stays", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    const r = t.reply(CHAIR, '!gremium verlegen verkehr 01.12.2026 auf="02.12.2026 14:00"');
    expect(r.body).toContain("Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 ist verlegt auf Mi 02.12.2026, 14:00–15:00.");
    expect(t.reply(ANNA, "!gremium zeigen verkehr").body).toContain("• Mi 02.12.2026, 14:00–15:00 (verlegt, ursprünglich Di 01.12.2026, 10:00)\n• Di 08.12.2026, 10:00–11:00");
    expect(bodies(until(t, "2026-12-02T11:59:59Z"))).not.toContain("1 Std.");
    expect(bodies(until(t, "2026-12-02T12:00:00Z"))).toContain("beginnt in 1 Std. (Mi 02.12.2026, 14:00–15:00");
    expect(bodies(until(t, "2026-12-08T08:00:00Z"))).toContain("beginnt in 1 Std. (Di 08.12.2026, 10:00–11:00");
  });

  it.each([
    ["!gremium aussetzen verkehr 02.12.2026", "Am Mi 02.12.2026 tagt das Gremium Verkehrsausschuss nicht. Nächste Sitzung: Di 01.12.2026, 10:00–11:00."],
    ["!gremium aussetzen verkehr irgendwann", "ist kein Datum"],
    ["!gremium aussetzen nichts 01.12.2026", "Ein Gremium „nichts“ gibt es nicht"],
    ["!gremium verlegen verkehr 01.12.2026", "Es fehlt die Angabe auf=."],
    ['!gremium verlegen verkehr 01.12.2026 auf="20.11.2026 10:00"', "liegt in der Vergangenheit"],
    ['!gremium verlegen verkehr 01.12.2026 auf="01.12.2026 10:00"', "derselbe"],
  ])("refuses %s and changes nothing", (cmd, expected) => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    const pending = t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'");
    expect(t.reply(CHAIR, cmd).body).toContain(expected);
    expect(t.count("SELECT COUNT(*) FROM committee_exceptions")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(pending);
  });

  it("refuses a second skip, a meeting that has begun, and anyone without the chair role", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, "!gremium aussetzen verkehr 08.12.2026");
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 08.12.2026").body).toContain("fällt bereits aus");
    expect(t.reply(ANNA, "!gremium aussetzen verkehr 15.12.2026").body).toContain("Rolle Vorsitz");
    until(t, "2026-12-01T09:30:00Z");
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 01.12.2026").body).toContain("hat bereits begonnen");
  });
});

describe("!gremium kalender", () => {
  it("exports the series with RRULE, skipped meetings as EXDATE and moved ones with RECURRENCE-ID", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, "!gremium aussetzen verkehr 08.12.2026");
    t.reply(CHAIR, '!gremium verlegen verkehr 15.12.2026 auf="16.12.2026 11:00"');
    const [upload] = t.send(ANNA, "!gremium kalender verkehr");
    expect(upload?.kind).toBe("upload");
    const ics = upload?.file?.toString("utf8") ?? "";
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20261201T100000");
    expect(ics).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    expect(ics).toContain("EXDATE;TZID=Europe/Berlin:20261208T100000");
    expect(ics).toContain("RECURRENCE-ID;TZID=Europe/Berlin:20261215T100000");
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20261216T110000");
    expect(ics).toContain("SEQUENCE:2");
    expect(new Set([...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1])).size).toBe(1);
    expect(ics).toContain("BEGIN:VTIMEZONE");
  });

  it("lists the concrete meetings of a cron series instead of an RRULE", () => {
    const t = setup();
    t.reply(CHAIR, '!gremium anlegen crony name=Crony cron="0 10 * * 2"');
    t.reply(CHAIR, "!gremium aussetzen crony 08.12.2026");
    const ics = t.send(ANNA, "!gremium kalender crony")[0]?.file?.toString("utf8") ?? "";
    const events = ics.split("BEGIN:VEVENT").slice(1);
    expect(events.some((e) => e.includes("RRULE"))).toBe(false);
    expect(events.find((e) => e.includes("DTSTART;TZID=Europe/Berlin:20261201T100000"))).toContain("UID:committee-1-20261201T1000@");
    expect(events.find((e) => e.includes("DTSTART;TZID=Europe/Berlin:20261208T100000"))).toContain("STATUS:CANCELLED");
    expect(events.find((e) => e.includes("DTSTART;TZID=Europe/Berlin:20270105T100000"))).toBeDefined();
    // About six months of Tuesdays.
    expect(events.length).toBeGreaterThanOrEqual(25);
    expect(events.length).toBeLessThanOrEqual(28);
  });
});

describe("the committee section of !lage", () => {
  it("shows the meetings in the range with their agenda size, and nothing for an empty range", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(ANNA, "!top neu verkehr Eins");
    t.reply(ANNA, "!top neu verkehr Zwei");
    const ctx = baseContext({ db: t.db, config: t.config, clock: t.clock, runtime: () => { throw new Error("not needed"); } }, { userId: "bot", agency: null, roomId: null, eventId: null });
    const week = committees.situation?.render(ctx, { from: t.clock.now(), to: new Date(t.clock.t + 7 * 86_400_000) });
    expect(week?.plain).toBe("Gremiensitzungen bis Mi 02.12.2026\n• Di 01.12.2026, 10:00–11:00 · Verkehrsausschuss (verkehr), Rathaus, Raum 1: 2 Tagesordnungspunkte");
    expect(committees.situation?.render(ctx, { from: t.clock.now(), to: new Date(t.clock.t + 86_400_000) })).toBeNull();
  });
});

describe("an agenda inside its lead time", () => {
  it("goes out at once for a meeting created or moved inside the lead time, and only once", () => {
    const t = setup(); // Wed 25.11.2026, 10:00; agenda lead 3 days
    t.reply(CHAIR, '!gremium anlegen bau name=Bau turnus="freitag 10:00"');
    const now = bodies(t.advance(1000));
    expect(now).toContain("Tagesordnung Bau – Sitzung Fr 27.11.2026, 10:00–11:00");
    expect(now).not.toContain("04.12.2026");
    t.reply(CHAIR, "!gremium liste");
    t.reply(CHAIR, "!gremium zeigen bau");
    expect(bodies(t.advance(1000))).not.toContain("Tagesordnung Bau");
    // The next meeting's agenda keeps its time: Tue 01.12.2026, 10:00.
    expect(bodies(until(t, "2026-12-01T08:59:00Z"))).not.toContain("Tagesordnung Bau – Sitzung Fr 04.12.2026");
    expect(bodies(until(t, "2026-12-01T09:00:00Z"))).toContain("Tagesordnung Bau – Sitzung Fr 04.12.2026, 10:00–11:00");
  });

  it("goes out at once when a meeting is moved to tomorrow", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.advance(1000);
    t.reply(CHAIR, '!gremium verlegen verkehr 08.12.2026 auf="morgen 14 Uhr"');
    expect(bodies(t.advance(1000))).toContain("Tagesordnung Verkehrsausschuss – Sitzung Do 26.11.2026, 14:00–15:00, Rathaus, Raum 1");
  });
});
