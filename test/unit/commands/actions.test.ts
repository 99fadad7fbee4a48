// !action / !aufgabe through the real dispatcher and scheduler with a fixed clock.
import { describe, expect, it } from "vitest";
import actions from "../../../commands/actions/index.ts";
import { baseContext } from "../../../src/pipeline/context.ts";
import { byLocalpart, resolvePeople } from "../../../src/render/people.ts";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const CHAIR = "@ob-buero:stadt.example";
const ANNA = "@anna:stadt.example";
const BEN = "@ben:polizei.example";

type T = ReturnType<typeof setup>;
const until = (t: T, iso: string): Sent[] => t.advance(Date.parse(iso) - t.clock.t);
const hooksCtx = (t: T) => baseContext({ db: t.db, config: t.config, clock: t.clock, runtime: () => { throw new Error("not needed"); } }, { userId: "bot", agency: null, roomId: null, eventId: null });

describe("!aufgabe neu", () => {
  it("creates AI-n and mentions the owner", () => {
    const t = setup(); // Wed 25.11.2026, 10:00
    const r = t.reply(ANNA, "!aufgabe neu Bericht Lärmschutz verantwortlich=@ben:polizei.example bis=27.11.2026");
    expect(r.body).toBe("Aufgabe AI-1 für ben, fällig Fr 27.11.2026. Erinnerung am Fälligkeitstag und täglich, solange sie offen ist.");
    expect(r.msgtype).toBe("m.text");
    expect(r.mentions).toEqual([BEN]);
    expect(t.count("SELECT COUNT(*) FROM action_items")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'action.add'")).toBe(1);
  });

  it("takes the owner from a pill, as Element sends it (display name in the body, user ID in the link)", () => {
    const t = setup();
    const out = t.send(ANNA, "!aufgabe neu Bericht verantwortlich=Ben Krüger bis=27.11.2026", {
      format: "org.matrix.custom.html",
      formatted_body: '!aufgabe neu Bericht verantwortlich=<a href="https://matrix.to/#/@ben:polizei.example">Ben Krüger</a> bis=27.11.2026',
    });
    expect(out.map((o) => o.body)).toEqual([expect.stringMatching(/^Aufgabe AI-1 für ben, fällig Fr 27\.11\.2026/)]);
  });

  it("links a committee and answers in English", () => {
    const t = setup({ config: { language: "en" } });
    t.reply(CHAIR, '!committee create traffic name=Traffic every="tuesday 10:00"');
    expect(t.reply(ANNA, "!action add Noise report owner=me due=2026-12-04 committee=traffic").body).toBe(
      "Action item AI-1 for anna (committee traffic), due Fri 04 Dec 2026. Reminder on the due date and daily while it is open.",
    );
  });

  it.each([
    ["!aufgabe neu Bericht bis=27.11.2026", "Es fehlt die Angabe verantwortlich=."],
    ["!aufgabe neu Bericht verantwortlich=ich", "Es fehlt die Angabe bis=."],
    ["!aufgabe neu verantwortlich=ich bis=27.11.2026", "Es fehlt die Beschreibung der Aufgabe."],
    ["!aufgabe neu Bericht verantwortlich=ich bis=24.11.2026", "Das Fälligkeitsdatum (Di 24.11.2026) liegt in der Vergangenheit."],
    ['!aufgabe neu Bericht verantwortlich=ich bis="25.11.2026 09:00"', "liegt in der Vergangenheit"],
    ["!aufgabe neu Bericht verantwortlich=@eve:evil.example bis=27.11.2026", "@eve:evil.example gehört keiner der beteiligten Behörden an"],
    ["!aufgabe neu Bericht verantwortlich=Ben bis=27.11.2026", "In diesem Raum gibt es kein Behördenmitglied „Ben“."],
    ["!aufgabe neu Bericht verantwortlich=ich bis=irgendwann", "„irgendwann“ ist kein Datum"],
    ["!aufgabe neu Bericht verantwortlich=ich bis=27.11.2026 gremium=nichts", "Ein Gremium „nichts“ gibt es nicht; es ist noch keines angelegt"],
    ["!aufgabe neu Bericht verantwortlich=ich bis=27.11.2026 mahnen=oft", "mahnen= muss eine Dauer sein"],
  ])("refuses %s with a clear error and stores nothing", (cmd, expected) => {
    const t = setup();
    const r = t.reply(ANNA, cmd);
    expect(r.body).toContain(expected);
    expect(t.count("SELECT COUNT(*) FROM action_items")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule")).toBe(0);
  });
});

describe("reminders of action items", () => {
  it("mentions the owner at 09:00 on the due date and every day while overdue, until done", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Bericht Lärmschutz verantwortlich=@ben:polizei.example bis=27.11.2026");
    expect(until(t, "2026-11-27T07:59:59Z")).toEqual([]);
    const [due] = until(t, "2026-11-27T08:00:00Z");
    expect(due?.body).toBe("Heute fällig: AI-1 „Bericht Lärmschutz“ – ben");
    expect(due?.msgtype).toBe("m.text");
    expect(due?.mentions).toEqual([BEN]);
    const [late1] = until(t, "2026-11-28T08:00:00Z");
    expect(late1?.body).toBe("Überfällig seit Fr 27.11.2026: AI-1 „Bericht Lärmschutz“ – ben. Bitte erledigen und mit !aufgabe erledigt AI-1 melden.");
    expect(late1?.mentions).toEqual([BEN]);
    expect(until(t, "2026-11-29T08:00:00Z")).toHaveLength(1);
    expect(t.reply(BEN, "!aufgabe erledigt AI-1").body).toBe("Aufgabe AI-1 „Bericht Lärmschutz“ ist erledigt. Weitere Erinnerungen entfallen.");
    expect(until(t, "2026-12-05T08:00:00Z")).toEqual([]);
  });

  it("an item due today and created after 09:00 is first brought up the next morning", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Heute verantwortlich=ich bis=heute");
    expect(until(t, "2026-11-26T07:59:59Z")).toEqual([]);
    expect(until(t, "2026-11-26T08:00:00Z")[0]?.body).toContain("Überfällig seit Mi 25.11.2026: AI-1 „Heute“");
  });

  it("a due time and nudge= interval: due at that moment, then every interval", () => {
    const t = setup();
    t.reply(ANNA, '!aufgabe neu Lagebericht verantwortlich=ich bis="25.11.2026 15:00" mahnen=2h');
    expect(until(t, "2026-11-25T13:59:59Z")).toEqual([]);
    expect(until(t, "2026-11-25T14:00:00Z")[0]?.body).toBe("Jetzt fällig: AI-1 „Lagebericht“ – anna");
    expect(until(t, "2026-11-25T16:00:00Z")[0]?.body).toMatch(/^Überfällig seit Mi 25\.11\.2026,? 15:00: AI-1 „Lagebericht“/);
    expect(until(t, "2026-11-25T18:00:00Z")).toHaveLength(1);
  });

  it("keeps 09:00 local across the October DST change", () => {
    const t = setup({ now: "2026-10-20T12:00:00Z" });
    t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=ich bis=24.10.2026");
    expect(until(t, "2026-10-24T07:00:00Z")).toHaveLength(1); // 09:00 CEST
    expect(until(t, "2026-10-25T07:59:59Z")).toEqual([]);
    expect(until(t, "2026-10-25T08:00:00Z")).toHaveLength(1); // 09:00 CET
  });

  it("after a long gap it nudges once, not once per missed day", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=ich bis=26.11.2026");
    // The scheduler runs once after two weeks without it (as after a downtime).
    expect(until(t, "2026-12-10T12:00:00Z")).toHaveLength(1);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(1);
    expect(until(t, "2026-12-11T08:00:00Z")[0]?.body).toContain("Überfällig seit Do 26.11.2026");
  });
});

describe("!aufgabe erledigt and liste", () => {
  it("listing re-arms reminders the scheduler gave up on after a long downtime", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=ich bis=26.11.2026");
    // As the scheduler's catch-up does with rows older than the catch-up window.
    t.db.prepare("UPDATE schedule SET state = 'missed' WHERE state = 'pending'").run();
    t.clock.advance(5 * 86_400_000);
    t.reply(ANNA, "!aufgabe liste");
    expect(until(t, "2026-12-01T08:00:00Z")[0]?.body).toContain("Überfällig seit Do 26.11.2026: AI-1 „Bericht“");
    t.reply(ANNA, "!aufgabe liste");
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(1);
  });

  it("only the owner, whoever created it or a chair may mark an item done", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=@ben:polizei.example bis=27.11.2026");
    expect(t.reply("@carla:stadt.example", "!aufgabe erledigt AI-1").body).toBe(
      "Nur ben (verantwortlich), anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen AI-1 als erledigt melden. Es wurde nichts geändert.",
    );
    expect(t.count("SELECT COUNT(*) FROM action_items WHERE state = 'done'")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'action.done' AND outcome = 'refused'")).toBe(1);
    expect(t.reply(CHAIR, "!aufgabe erledigt ai1").body).toContain("ist erledigt");
    expect(t.reply(CHAIR, "!aufgabe erledigt AI-1").body).toContain("AI-1 ist bereits erledigt.");
    expect(t.reply(CHAIR, "!aufgabe erledigt AI-7").body).toContain("Eine Aufgabe AI-7 gibt es nicht.");
  });

  it("lists mine, open and overdue", () => {
    const t = setup();
    t.reply(CHAIR, '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
    t.reply(ANNA, "!aufgabe neu Annas Bericht verantwortlich=ich bis=26.11.2026 gremium=verkehr");
    t.reply(ANNA, "!aufgabe neu Bens Vermerk verantwortlich=@ben:polizei.example bis=30.11.2026");
    until(t, "2026-11-27T09:00:00Z");
    const mine = t.reply(ANNA, "!aufgabe liste meine").body;
    expect(mine).toBe("Ihre offenen Aufgaben: 1\n• AI-1 Annas Bericht – anna, fällig Do 26.11.2026 (überfällig) · verkehr");
    expect(t.reply(ANNA, "!aufgabe liste").body).toContain("Offene Aufgaben: 2");
    const overdue = t.reply(BEN, "!aufgaben liste überfällig").body;
    expect(overdue).toContain("AI-1");
    expect(overdue).not.toContain("AI-2");
    expect(t.reply(BEN, "!aufgabe liste meine").body).toContain("AI-2 Bens Vermerk");
    expect(t.reply(BEN, "!aufgabe liste irgendwas").body).toBe("„irgendwas“ ist hier nicht möglich. Möglich sind: meine, offen, überfällig.\nRichtig: !aufgabe liste [meine|offen|überfällig]");
    t.reply(BEN, "!aufgabe erledigt AI-2");
    expect(t.reply(BEN, "!aufgabe liste meine").body).toBe("Sie haben keine offenen Aufgaben.");
  });
});

describe("wording of !aufgabe erledigt, mahnen= and long lists", () => {
  it("says that further reminders are dropped only when one was still planned", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=ich bis=26.11.2026");
    // The scheduler gave up the nudge (a downtime longer than the catch-up window): nothing is pending.
    t.db.prepare("UPDATE schedule SET state = 'missed' WHERE state = 'pending'").run();
    expect(t.reply(ANNA, "!aufgabe erledigt AI-1").body).toBe("Aufgabe AI-1 „Bericht“ ist erledigt.");
  });

  it("names each empty list in its own words", () => {
    const t = setup();
    expect(t.reply(ANNA, "!aufgabe liste").body).toBe("Keine offenen Aufgaben.");
    expect(t.reply(ANNA, "!aufgabe liste überfällig").body).toBe("Keine überfälligen Aufgaben.");
  });

  it("names the nudge interval as German says it after „alle“", () => {
    const t = setup();
    expect(t.reply(ANNA, "!aufgabe neu Bericht verantwortlich=ich bis=27.11.2026 mahnen=2d").body).toMatch(
      /, fällig Fr 27\.11\.2026\. Erinnerung bei Fälligkeit und danach alle 2 Tage, solange sie offen ist\.$/,
    );
    expect(t.reply(ANNA, "!aufgabe neu Vermerk verantwortlich=ich bis=27.11.2026 mahnen=24h").body).toContain("und danach jeden Tag, solange");
  });

  it("puts „… und n weitere“ into the list, with no gap after it in HTML", () => {
    const t = setup();
    for (let n = 1; n <= 27; n++) t.reply(ANNA, `!aufgabe neu Punkt ${n} verantwortlich=ich bis=30.11.2026`);
    const out = t.reply(ANNA, "!aufgabe liste");
    expect(out.body).toMatch(/^Offene Aufgaben: 27\n• AI-1 /);
    expect(out.body.endsWith("\n• … und 2 weitere")).toBe(true);
    expect(out.html).toMatch(/^<b>Offene Aufgaben: 27<\/b><ul><li>/);
    expect(out.html).not.toMatch(/<br><ul>|<\/ul><br>/);
  });
});

describe("the action section of !lage, and retention", () => {
  it("lists overdue items only", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Alt verantwortlich=ich bis=26.11.2026");
    t.reply(ANNA, "!aufgabe neu Neu verantwortlich=ich bis=30.11.2026");
    const range = () => ({ from: t.clock.now(), to: new Date(t.clock.t + 7 * 86_400_000) });
    expect(actions.situation?.render(hooksCtx(t), range())).toBeNull();
    t.clock.advance(2 * 86_400_000);
    const card = actions.situation?.render(hooksCtx(t), range());
    expect(card && resolvePeople(card, () => byLocalpart).plain).toBe("Überfällige Aufgaben\n• AI-1 Alt – anna, fällig Do 26.11.2026 (überfällig)");
  });

  it("deletes items done longer ago than retention.committeeItems, with a hash in the audit", () => {
    const t = setup();
    t.reply(ANNA, "!aufgabe neu Geheimer Vorgang verantwortlich=ich bis=26.11.2026");
    t.reply(ANNA, "!aufgabe erledigt AI-1");
    t.clock.advance(3 * 365 * 86_400_000 - 86_400_000);
    expect(actions.retention?.(hooksCtx(t))).toBe(0);
    t.clock.advance(2 * 86_400_000);
    expect(actions.retention?.(hooksCtx(t))).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM action_items")).toBe(0);
    const details = t.db.prepare<[], { details: string }>("SELECT details FROM audit WHERE action = 'retention.delete' AND target = 'AI-1'").get()?.details ?? "";
    expect(details).toMatch(/"sha256":"[0-9a-f]{64}"/);
    expect(details).not.toContain("Geheimer");
  });
});
