import { describe, expect, it } from "vitest";
import { ensureRecurring } from "../../../src/records/recurring.ts";
import type { RoomId } from "../../../src/ids.ts";
import { OperationsStore } from "../../../src/store/operations.ts";
import type { UserId } from "../../../src/ids.ts";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police

describe("!lage / !picture", () => {
  it("says in one line that the picture is calm when nothing is going on", () => {
    const t = setup();
    const r = t.reply(ANNA, "!lage");
    expect(r.body).toBe(
      "Lagebild vom Mi 25.11.2026, 10:00: Es liegt nichts vor – keine Einsätze und keine Sitzungen bis Di 01.12.2026, keine offenen Pressemitteilungen, keine überfälligen Aufgaben und keine offenen Brennpunkte.",
    );
    expect(r.msgtype).toBe("m.notice");
  });

  it("names the last day of its range when calm, so a meeting just past it is not denied", () => {
    const t = setup({ now: "2026-12-10T14:05:00Z" }); // Thu 15:05; OPI meets next Thu 17.12., 10:00
    t.reply("@ob-buero:stadt.example", '!gremium anlegen opi name=OPI turnus="Donnerstag 10:00"');
    expect(t.reply(ANNA, "!lage").body).toBe(
      "Lagebild vom Do 10.12.2026, 15:05: Es liegt nichts vor – keine Einsätze und keine Sitzungen bis Mi 16.12.2026, keine offenen Pressemitteilungen, keine überfälligen Aufgaben und keine offenen Brennpunkte.",
    );
  });

  it("shows the week's operations with gaps per agency, open drafts with whose approval is missing, and open hotspots", () => {
    const t = setup();
    t.reply(ANNA, "!ort anlegen Bahnhof ort=Bahnhofsplatz feld=Drogen");
    t.reply(ANNA, "!ort anlegen Altstadt");
    t.reply(ANNA, "!ort schließen HS-2");
    t.reply(ANNA, '!einsatz planen Streife wann="28.11.2026 20:00" bis=23:00 ort=Bahnhofsplatz stadt=2 polizei=2 brennpunkt=HS-1');
    t.reply(BEN, "!einsatz teilnehmen OP-1");
    t.reply(ANNA, '!einsatz planen Kontrolle wann="27.11.2026 08:00" stadt=1');
    t.reply(ANNA, "!einsatz teilnehmen OP-2");
    t.reply(ANNA, '!einsatz planen Abgesagt wann="27.11.2026 09:00"');
    t.reply(ANNA, "!einsatz absagen OP-3");
    t.reply(ANNA, '!einsatz planen Später wann="03.12.2026 09:00"'); // beyond the seven days
    t.send(ANNA, "!presse entwurf Weihnachtsmarkt\nGemeinsame Streifen ab Freitag.");
    t.send(CITY_PRESS, "!presse freigeben PR-1");
    t.send(ANNA, "!presse entwurf Zurückgezogen\nText.");
    t.send(ANNA, "!presse zurückziehen PR-2");
    const body = t.reply(BEN, "!lage").body;
    expect(body).toBe(
      [
        "Lagebild vom Mi 25.11.2026, 10:00",
        "Einsätze bis Di 01.12.2026 (2)",
        "• Fr 27.11.2026, 08:00 · OP-2 „Kontrolle“\n   Personal vollständig",
        "• Sa 28.11.2026, 20:00–23:00 · OP-1 „Streife“, Bahnhofsplatz\n   Personallücke – Stadt: 0 von 2 (2 fehlen) · Polizei: 1 von 2 (1 fehlt)",
        "Insgesamt fehlen: Stadt 2, Polizei 1",
        "Offene Pressemitteilungen (1)",
        `• PR-1 Weihnachtsmarkt (Version 1) – Freigabe ausstehend: Polizei (pressestelle)`,
        "Offene Brennpunkte (1)",
        "• HS-1 Bahnhof – Bahnhofsplatz · Drogen · nächster Einsatz: OP-1 am Sa 28.11.2026, 20:00",
      ].join("\n"),
    );
    expect(t.reply(ANNA, "!picture").html).toContain("<b>Offene Brennpunkte (1)</b><ul><li>HS-1 Bahnhof");
  });

  it("leaves out empty sections and answers in English", () => {
    const t = setup({ config: { language: "en" } });
    t.reply(ANNA, "!spot add Park");
    t.send(ANNA, "!press draft Notice\nText.");
    t.send(CITY_PRESS, "!press approve PR-1");
    t.send(POLICE_PRESS, "!press approve PR-1");
    const body = t.reply(BEN, "!picture").body;
    expect(body).toBe(
      ["Situation picture of Wed 25 Nov 2026, 10:00", "Open press statements (1)", "• PR-1 Notice (version 1) – approved by all agencies, not yet released", "Open hotspots (1)", "• HS-1 Park"].join("\n"),
    );
  });
});

describe("!lage stays short", () => {
  it("shows at most ten hotspots and says how many more there are", () => {
    const t = setup();
    for (let i = 1; i <= 12; i++) t.reply(ANNA, `!ort anlegen Ort${i}`);
    const body = t.reply(ANNA, "!lage").body;
    expect(body).toContain("Offene Brennpunkte (12)\n• HS-1 Ort1\n");
    expect(body).toContain("• HS-10 Ort10\n• … und 2 weitere");
    expect(body).not.toContain("HS-11");
  });
});

describe("!lage counts everything, however much is planned", () => {
  it("gives the number of all 620 operations of the week and adds up every gap, while listing 15", () => {
    const t = setup();
    const store = new OperationsStore(t.db);
    const start = Date.parse("2026-11-26T08:00:00Z");
    for (let i = 0; i < 620; i++) {
      const op = store.create(
        { title: `Streife ${i + 1}`, startsAt: new Date(start + i * 60_000), endsAt: null, place: null, type: "patrol", field: null, spotId: null },
        { roomId: ROOM, createdBy: ANNA as UserId, zone: "Europe/Berlin", now: new Date(t.clock.t) },
        new Map([["city", 2], ["police", 1]]),
      );
      if (i % 2 === 0) store.join(op.id, BEN as UserId, "police", new Date(t.clock.t));
    }
    const body = t.reply(ANNA, "!lage").body;
    expect(body).toContain("Einsätze bis Di 01.12.2026 (620)");
    expect(body).toContain("• … und 605 weitere: !einsatz liste");
    // city: 2 missing everywhere; police: 1 missing in every second one.
    expect(body).toContain("Insgesamt fehlen: Stadt 1240, Polizei 310");
    expect(body.match(/^• .* · OP-\d+/gmu)).toHaveLength(15);
  });
});

describe("weekly picture", () => {
  const weekly = { situation: { weekly: { weekday: "monday", time: "07:30" } } };

  it("posts the picture every Monday 07:30 into the served rooms, keeping exactly one pending row", () => {
    const t = setup({ config: weekly });
    ensureRecurring(t, [ROOM]);
    t.reply(ANNA, "!ort anlegen Markt");
    const pending = () => t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending' AND ref = 'picture:weekly'");
    expect(pending()).toBe(1);
    // Wed 25.11. 10:00 Berlin → Mon 30.11. 07:30 Berlin = 06:30Z: 4 days 20.5 hours ahead.
    const until = Date.parse("2026-11-30T06:30:00Z") - t.clock.t;
    expect(t.advance(until - 1).filter((s) => s.body.startsWith("Lagebild"))).toEqual([]);
    const [post, ...rest] = t.advance(1).filter((s) => s.body.startsWith("Lagebild"));
    expect(rest).toEqual([]);
    expect(post?.roomId).toBe(ROOM);
    expect(post?.body).toContain("Lagebild vom Mo 30.11.2026, 07:30\nOffene Brennpunkte (1)");
    expect(post?.replyTo).toBeUndefined();
    expect(pending()).toBe(1);
    expect(t.db.prepare("SELECT due_at FROM schedule WHERE state = 'pending' AND ref = 'picture:weekly'").pluck().get()).toBe(Date.parse("2026-12-07T06:30:00Z"));
  });

  it("keeps one row over restarts, moves it when the weekday changes and drops it when switched off", () => {
    const t = setup({ config: weekly });
    const rows = () => t.db.prepare<[], { due_at: number }>("SELECT due_at FROM schedule WHERE state = 'pending' AND ref = 'picture:weekly'").all().map((r) => r.due_at);
    ensureRecurring(t, [ROOM]);
    ensureRecurring(t, [ROOM]);
    expect(rows()).toEqual([Date.parse("2026-11-30T06:30:00Z")]);
    ensureRecurring({ ...t, config: { ...t.config, situation: { ...t.config.situation, weekly: { weekday: "friday", time: "12:00" } } } }, [ROOM]);
    expect(rows()).toEqual([Date.parse("2026-11-27T11:00:00Z")]);
    ensureRecurring({ ...t, config: { ...t.config, situation: { ...t.config.situation, weekly: null } } }, [ROOM]);
    expect(rows()).toEqual([]);
  });

  it("skips a picture that fell due longer ago than the catch-up window, for the next one", () => {
    const t = setup({ config: weekly });
    ensureRecurring(t, [ROOM]);
    t.clock.advance(10 * 86_400_000); // down for ten days: Sat 05.12.
    ensureRecurring(t, ["!other:stadt.example" as RoomId]);
    const due = t.db.prepare<[], { due_at: number }>("SELECT due_at FROM schedule WHERE state = 'pending' AND ref = 'picture:weekly'").all();
    expect(due.map((r) => r.due_at)).toEqual([Date.parse("2026-12-07T06:30:00Z")]);
    expect(t.advance(0)).toEqual([]);
  });
});

describe("!lage starts now", () => {
  const CHAIR = "@ob-buero:stadt.example";
  it("leaves out what ended earlier today and marks what is still running", () => {
    const t = setup(); // Wed 25.11.2026, 10:00
    t.reply(CHAIR, '!gremium anlegen opi name=OPI turnus="Mittwoch 11:00" dauer=90');
    t.reply(CHAIR, '!gremium anlegen bau name=Bau turnus="Freitag 10:00"');
    t.reply(ANNA, '!einsatz planen Kurz wann="25.11.2026 10:30" bis=11:00 stadt=1');
    t.reply(ANNA, '!einsatz planen Lang wann="25.11.2026 11:00" bis=18:00 stadt=2');
    t.advance(2 * 3_600_000); // 12:00: the meeting and the long operation are running
    const noon = t.reply(BEN, "!lage").body;
    expect(noon).toContain("Einsätze bis Di 01.12.2026 (1)\n• Mi 25.11.2026, 11:00–18:00 (läuft) · OP-2 „Lang“\n   Personallücke – Stadt: 0 von 2 (2 fehlen)\nInsgesamt fehlen: Stadt 2\n");
    expect(noon).toContain("Gremiensitzungen bis Di 01.12.2026\n• Mi 25.11.2026, 11:00–12:30 (läuft) · OPI (opi): noch keine Tagesordnungspunkte\n• Fr 27.11.2026, 10:00–11:00 · Bau (bau): noch keine Tagesordnungspunkte");
    expect(noon).not.toContain("OP-1");
    t.advance(3 * 3_600_000 + 5 * 60_000); // 15:05: the meeting is over, the operation still running
    const afternoon = t.reply(BEN, "!lage").body;
    expect(afternoon).toContain("Gremiensitzungen bis Di 01.12.2026\n• Fr 27.11.2026, 10:00–11:00 · Bau (bau): noch keine Tagesordnungspunkte");
    expect(afternoon).not.toContain("OPI (opi)");
    expect(afternoon).toContain("• Mi 25.11.2026, 11:00–18:00 (läuft) · OP-2 „Lang“");
  });
});
