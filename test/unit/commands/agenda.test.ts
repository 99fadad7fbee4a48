// !agenda / !top / !tagesordnung through the real dispatcher with a fixed clock.
import { describe, expect, it } from "vitest";
import agenda from "../../../commands/agenda/index.ts";
import { baseContext } from "../../../src/pipeline/context.ts";
import { setup } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example";
const ANNA = "@anna:stadt.example";
const BEN = "@ben:polizei.example";

function withCommittee(opts: Parameters<typeof setup>[0] = {}) {
  const t = setup(opts);
  t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
  return t;
}

describe("!top neu", () => {
  it("adds an item for the next meeting, with owner and minutes", () => {
    const t = withCommittee();
    const r = t.reply(ANNA, "!top neu verkehr Lärm in der Altstadt verantwortlich=@ben:polizei.example minuten=15");
    expect(r.body).toBe("Tagesordnungspunkt TOP-1 für die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 angemeldet.");
    expect(t.reply(BEN, "!tagesordnung neu verkehr Baustelle wer=ich").body).toContain("TOP-2");
    expect(t.reply(ANNA, "!top liste verkehr").body).toBe(
      "Tagesordnung Verkehrsausschuss – Di 01.12.2026, 10:00–11:00\n• TOP-1 Lärm in der Altstadt – ben, 15 Min.\n• TOP-2 Baustelle – ben\n2 Punkte, geplante Dauer 15 Min.",
    );
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'agenda.add'")).toBe(2);
  });

  it("an item added while a meeting is running belongs to the next one", () => {
    const t = withCommittee();
    t.advance(Date.parse("2026-12-01T09:30:00Z") - t.clock.t);
    expect(t.reply(ANNA, "!top neu verkehr Nachzügler").body).toContain("am Di 08.12.2026, 10:00–11:00");
  });

  it("answers in English", () => {
    const t = withCommittee({ config: { language: "en" } });
    expect(t.reply(ANNA, "!agenda add verkehr Noise owner=me minutes=5").body).toBe("Agenda item TOP-1 added for the meeting of Verkehrsausschuss on Tue 01 Dec 2026, 10:00–11:00.");
    expect(t.reply(ANNA, "!agenda list verkehr").body).toContain("• TOP-1 Noise – anna, 5 min");
  });

  it.each([
    ["!top neu nichts Thema", "Ein Gremium „nichts“ gibt es nicht. Vorhanden: verkehr."],
    ["!top neu verkehr", "Es fehlt das Thema"],
    ["!top neu verkehr Thema verantwortlich=@eve:evil.example", "@eve:evil.example gehört keiner der beteiligten Behörden an"],
    ["!top neu verkehr Thema verantwortlich=Ben", "In diesem Raum gibt es kein Behördenmitglied „Ben“."],
    ["!top neu verkehr Thema minuten=viel", "minuten= muss eine ganze Zahl von 1 bis 600 sein"],
    ["!top neu verkehr Thema minuten=0", "minuten= muss eine ganze Zahl von 1 bis 600 sein"],
  ])("refuses %s with a clear error and stores nothing", (cmd, expected) => {
    const t = withCommittee();
    expect(t.reply(ANNA, cmd).body).toContain(expected);
    expect(t.count("SELECT COUNT(*) FROM agenda_items")).toBe(0);
  });
});

describe("!top erledigt and entfernen", () => {
  it("marks done and removes items; a closed item cannot be closed again", () => {
    const t = withCommittee();
    t.reply(ANNA, "!top neu verkehr Eins");
    t.reply(ANNA, "!top neu verkehr Zwei");
    expect(t.reply(BEN, "!top erledigt TOP-1").body).toBe("TOP-1 „Eins“ ist erledigt.");
    expect(t.reply(BEN, "!top entfernen top2").body).toBe("TOP-2 „Zwei“ ist von der Tagesordnung gestrichen.");
    expect(t.reply(BEN, "!top erledigt TOP-1").body).toContain("TOP-1 ist bereits erledigt.");
    expect(t.reply(BEN, "!top erledigt TOP-2").body).toContain("TOP-2 ist bereits gestrichen.");
    expect(t.reply(BEN, "!top erledigt TOP-9").body).toContain("Einen Tagesordnungspunkt TOP-9 gibt es nicht.");
    expect(t.reply(BEN, "!top erledigt OP-1").body).toContain("erwartet wird z. B. TOP-7");
    const list = t.reply(ANNA, "!top liste verkehr").body;
    expect(list).toContain("TOP-1 Eins ✓ erledigt");
    expect(list).not.toContain("Zwei");
  });
});

describe("retention of agenda items", () => {
  it("deletes items done longer ago than retention.committeeItems, leaving an audit row with a hash only", () => {
    const t = withCommittee({ config: { retention: { committeeItems: "30d" } } });
    t.reply(ANNA, "!top neu verkehr Vertrauliches Thema");
    t.reply(ANNA, "!top neu verkehr Noch offen");
    t.reply(ANNA, "!top erledigt TOP-1");
    const ctx = () => baseContext({ db: t.db, config: t.config, clock: t.clock, runtime: () => { throw new Error("not needed"); } }, { userId: "bot", agency: null, roomId: null, eventId: null });
    t.clock.advance(29 * 86_400_000);
    expect(agenda.retention?.(ctx())).toBe(0);
    t.clock.advance(2 * 86_400_000);
    expect(agenda.retention?.(ctx())).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM agenda_items")).toBe(1);
    const row = t.db.prepare<[], { target: string; details: string }>("SELECT target, details FROM audit WHERE action = 'retention.delete'").get();
    expect(row?.target).toBe("TOP-1");
    expect(row?.details).toMatch(/"sha256":"[0-9a-f]{64}"/);
    expect(row?.details).not.toContain("Vertrauliches");
    // Numbers are never given out again.
    expect(t.reply(ANNA, "!top neu verkehr Neu").body).toContain("TOP-3");
  });
});
