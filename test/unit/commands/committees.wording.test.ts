// What a committee's members read, word for word (issue 17, class 8): a skip names only the posts it
// really drops, the committee is named "des Gremiums …", lists of dates are joined with „und“.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example"; // city, chair
const CREATE = '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00" ort="Rathaus, Raum 1"';
type T = ReturnType<typeof setup>;
const until = (t: T, iso: string): Sent[] => t.advance(Date.parse(iso) - t.clock.t);
// The fixed clock stands at Mi 25.11.2026, 10:00; the agenda of Di 01.12. goes out Sa 28.11., 10:00.

describe("!gremium aussetzen", () => {
  it("drops the agenda post and the reminders while both are still planned", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 01.12.2026").body).toBe(
      "Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 fällt aus. Tagesordnung und Erinnerungen entfallen.",
    );
  });

  it("after the agenda went out, names only the reminders", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    until(t, "2026-11-29T09:00:00Z");
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 01.12.2026").body).toBe("Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 fällt aus. Die Erinnerungen entfallen.");
  });

  it("says nothing is dropped when nothing was planned any more (no reminders, agenda already out)", () => {
    const t = setup();
    t.reply(CHAIR, `${CREATE} erinnerung=keine`);
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 08.12.2026").body).toBe("Die Sitzung des Gremiums Verkehrsausschuss am Di 08.12.2026, 10:00–11:00 fällt aus. Der Versand der Tagesordnung entfällt.");
    until(t, "2026-11-29T09:00:00Z");
    expect(t.reply(CHAIR, "!gremium aussetzen verkehr 01.12.2026").body).toBe("Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 fällt aus.");
  });

  it("lists the skipped dates with „und“", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, "!gremium aussetzen verkehr 08.12.2026");
    t.reply(CHAIR, "!gremium aussetzen verkehr 15.12.2026");
    expect(t.reply(CHAIR, "!gremium zeigen verkehr").body).toContain("\nFällt aus: Di 08.12.2026 und Di 15.12.2026\n");
  });
});

describe("!gremium verlegen", () => {
  it("says only the agenda follows when the committee has no reminders", () => {
    const t = setup();
    t.reply(CHAIR, `${CREATE} erinnerung=keine`);
    expect(t.reply(CHAIR, '!gremium verlegen verkehr 01.12.2026 auf="02.12.2026 14:00"').body).toBe(
      "Die Sitzung des Gremiums Verkehrsausschuss am Di 01.12.2026, 10:00–11:00 ist verlegt auf Mi 02.12.2026, 14:00–15:00. Die Tagesordnung folgt dem neuen Termin.",
    );
    expect(t.reply(CHAIR, '!gremium verlegen verkehr 02.12.2026 auf="02.12.2026 14:00"').body).toBe("Der neue Termin ist derselbe wie der bisherige; es wurde nichts geändert.");
  });
});

describe("wording", () => {
  it("names only the German key, and tells the two reminders apart in the schedule", () => {
    const t = setup();
    expect(t.reply(CHAIR, `${CREATE} tagesordnung=bald`).body).toMatch(/^tagesordnung= muss eine Zahl von Tagen/);
    t.reply(CHAIR, CREATE);
    const labels = t.db.prepare<[], { payload: string }>("SELECT payload FROM schedule WHERE job = 'committee.remind' ORDER BY due_at LIMIT 2").all().map((r) => (JSON.parse(r.payload) as { label: string }).label);
    expect(labels).toEqual(["Verkehrsausschuss: Erinnerung (1 Tag vorher) Di 01.12.2026", "Verkehrsausschuss: Erinnerung (1 Std. vorher) Di 01.12.2026"]);
  });

  it("ends a meeting with a sentence, and only the list heading in bold", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, "!top neu verkehr Lärm");
    const close = until(t, "2026-12-01T10:00:00Z").find((o) => o.body.includes("ist beendet"));
    expect(close?.html).toMatch(/^Die Sitzung des Gremiums <b>Verkehrsausschuss<\/b> vom Di 01\.12\.2026, 10:00–11:00 ist beendet\.<br><b>Nicht erledigt, übertragen auf die Sitzung am Di 08\.12\.2026, 10:00–11:00:<\/b><ul>/);
  });

  it("ends the agenda list with a label line, no full stop after „Punkt“", () => {
    const t = setup();
    t.reply(CHAIR, CREATE);
    t.reply(CHAIR, "!top neu verkehr Lärm");
    expect(t.reply(CHAIR, "!top liste verkehr").body).toMatch(/\n1 Punkt$/);
  });

  it("says the bot, not „ich“, does not understand a rhythm", () => {
    const t = setup();
    expect(t.reply(CHAIR, '!gremium anlegen verkehr name=X turnus="mittwochs irgendwann"').body).toMatch(/^„mittwochs irgendwann“ ist kein Sitzungsrhythmus, den der Bot versteht\./);
  });
});
