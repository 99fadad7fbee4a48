// The reply to a command with "nächsten Freitag" says how it was read, through the real dispatcher
// with a fixed clock on Wednesday 02.12.2026, 10:00.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const CHAIR = "@ob-buero:stadt.example"; // city, chair
const WED = "2026-12-02T09:00:00Z";
const NOTE = "Hinweis: „nächsten Freitag“ wurde als Fr 11.12. gelesen. Für Fr 04.12. schreiben Sie „diesen Freitag“ oder das Datum.";

describe("the reading of „nächsten Freitag“ in the reply", () => {
  it("ends the reply of !einsatz planen, once, after the date as understood", () => {
    const t = setup({ now: WED });
    const r = t.reply(ANNA, '!einsatz planen Streife wann="nächsten Freitag 20 Uhr" bis=23:00');
    expect(r.body).toContain("Fr 11.12.2026, 20:00–23:00");
    expect(r.body.endsWith(`\n${NOTE}`)).toBe(true);
    expect(r.body.split("wurde als")).toHaveLength(2);
    expect(r.html).toContain("„nächsten Freitag“ wurde als Fr 11.12. gelesen.");
  });

  it("says nothing for „diesen Freitag“, which is the coming one", () => {
    const t = setup({ now: WED });
    const r = t.reply(ANNA, '!einsatz planen Streife wann="diesen Freitag 20 Uhr"');
    expect(r.body).toContain("Fr 04.12.2026, 20:00");
    expect(r.body).not.toContain("wurde als");
  });

  it("comes with a refusal too, since the reading may be why", () => {
    const t = setup({ now: WED });
    const r = t.reply(ANNA, '!einsatz ändern OP-9 wann="nächsten Freitag 20 Uhr"');
    expect(r.body).toContain("OP-9");
    expect(r.body.endsWith(`\n${NOTE}`)).toBe(true);
  });

  it("reaches committee commands: a Friday meeting skipped on „nächsten Freitag“", () => {
    const t = setup({ now: WED });
    t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="freitag 10:00"');
    const r = t.reply(CHAIR, "!gremium aussetzen verkehr nächsten Freitag");
    expect(r.body).toContain("Die Sitzung des Gremiums Verkehrsausschuss am Fr 11.12.2026, 10:00–11:00 fällt aus.");
    expect(r.body.endsWith(`\n${NOTE}`)).toBe(true);
  });

  it("says nothing when next week's day is also the coming one (Tuesday, said on a Wednesday)", () => {
    const t = setup({ now: WED });
    t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
    const r = t.reply(CHAIR, "!gremium aussetzen verkehr nächsten Dienstag");
    expect(r.body).toContain("Di 08.12.2026");
    expect(r.body).not.toContain("wurde als");
  });

  it("!hilfe einsatz names the phrases", () => {
    const t = setup({ now: WED });
    expect(t.reply(ANNA, "!hilfe einsatz").body).toContain("wann= auch „morgen früh“ (08:00), „Heiligabend 18 Uhr“, „nächsten Freitag 20 Uhr“ (Freitag der nächsten Woche)");
  });
});
