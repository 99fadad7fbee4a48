// Releasing (now and at an embargo time), nudges, replies to cards, status and list.
import { describe, expect, it } from "vitest";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";
import { ANNA, BEN, TEXT, approvedDraft, card, draft, edits, messages, react, redact, sent, state } from "../../support/press.ts";

describe("release", () => {
  it("is refused while an agency is missing, and stores nothing", () => {
    const t = setup();
    draft(t);
    react(t, CITY_PRESS, sent(t, 1, 1));
    const r = t.reply(CITY_PRESS, '!presse veröffentlichen PR-1 um="26.11.2026 10:00"');
    expect(r.body).toContain("PR-1 kann nicht veröffentlicht werden: Version 1 ist nicht von allen Behörden freigegeben – es fehlt noch die Freigabe durch: Polizei");
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'press.release'")).toBe(0);
  });

  it("publishes the approved text now as a marked message and closes the draft", () => {
    const t = setup();
    approvedDraft(t);
    const [msg] = messages(t.send(ANNA, "!presse veröffentlichen PR-1"));
    expect(msg?.body).toContain("PRESSEMITTEILUNG PR-1 (Version 1)");
    expect(msg?.body).toContain(TEXT);
    expect(msg?.msgtype).toBe("m.text");
    expect(state(t)).toBe("released");
    expect(card(t, 1, 1)).toContain("veröffentlicht am");
    expect(t.reply(POLICE_PRESS, "!presse freigeben PR-1").body).toContain("veröffentlicht");
  });

  it("releases at the embargo time only if the version is still approved then", () => {
    const t = setup(); // 2026-11-25 09:00Z = 10:00 Berlin
    const { police } = approvedDraft(t);
    expect(messages(t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"'))[0]?.body).toContain("ist für Mi 25.11.2026, 12:00 geplant");
    expect(card(t, 1, 1)).toContain("Veröffentlichung geplant für Mi 25.11.2026, 12:00");
    expect(t.advance(2 * 3_600_000 - 1)).toEqual([]);
    const [msg] = messages(t.advance(1));
    expect(msg?.body).toContain("PRESSEMITTEILUNG PR-1");
    expect(state(t)).toBe("released");
    expect(t.db.prepare("SELECT state FROM schedule WHERE job = 'press.release'").pluck().get()).toBe("done");
    // A reaction withdrawn after the release is recorded, but the released card stays as it was.
    expect(edits(redact(t, POLICE_PRESS, police))).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.revoke'")).toBe(1);
  });

  it("stops an embargoed release when an approval was withdrawn meanwhile", () => {
    const t = setup();
    const { police } = approvedDraft(t);
    t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"');
    redact(t, POLICE_PRESS, police);
    const out = messages(t.advance(2 * 3_600_000));
    expect(out.map((o) => o.body).join("\n")).toContain("Die für Mi 25.11.2026, 12:00 geplante Veröffentlichung von PR-1 wurde gestoppt");
    expect(out.map((o) => o.body).join("\n")).not.toContain("PRESSEMITTEILUNG");
    expect(state(t)).toBe("open");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.release' AND outcome = 'refused'")).toBe(1);
  });

  it("drops a scheduled release on revision and on withdrawal, and says so", () => {
    const t = setup();
    approvedDraft(t);
    t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"');
    const out = t.send(ANNA, "!presse überarbeiten PR-1\nNeuer Text.");
    expect(out.map((o) => o.body).join("\n")).toContain("Die für Mi 25.11.2026, 12:00 geplante Veröffentlichung von PR-1 ist aufgehoben");
    expect(t.advance(3 * 3_600_000).some((o) => o.body.includes("PRESSEMITTEILUNG"))).toBe(false);
    expect(t.reply(BEN, "!presse zurückziehen PR-1").body).toContain("nur der Verfasser");
    expect(messages(t.send(ANNA, "!presse zurückziehen PR-1 Termin entfällt"))[0]?.body).toContain("PR-1 ist zurückgezogen. Grund: Termin entfällt");
    expect(state(t)).toBe("withdrawn");
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'pending'")).toBe(0);
  });
});

describe("long texts", () => {
  it("keeps the card and its edits within the Matrix event size, and sends the full text as a file", () => {
    const t = setup();
    const long = Array.from({ length: 400 }, (_, i) => `Zeile ${i}: „Größere Maßnahmen & Kontrollen“ <Straße> ${"ä".repeat(20)}`).join("\n").slice(0, 20_000);
    const out = draft(t, ANNA, long);
    const size = (o: Sent): number => Buffer.byteLength(JSON.stringify(o.content)) * (o.kind === "edit" ? 2 : 1);
    const file = out.find((o) => o.kind === "upload");
    expect(file?.file?.toString("utf8")).toBe(long);
    expect(messages(out)[0]?.body).toContain("Gekürzt – der vollständige Text (20000 Zeichen) folgt als Datei PR-1-v1.txt");
    const c = sent(t, 1, 1);
    const all = [...out, ...react(t, CITY_PRESS, c).out, ...react(t, POLICE_PRESS, c).out, ...t.send(ANNA, "!presse veröffentlichen PR-1")];
    for (const o of all) expect(size(o)).toBeLessThan(60_000);
    expect(all.filter((o) => o.kind === "upload")).toHaveLength(2);
    expect(state(t)).toBe("released");
  });
});

describe("nudges, replies, status and list", () => {
  it("reminds only the approvers of the agencies still missing, until approved", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    expect(t.advance(4 * 3_600_000 - 1)).toEqual([]);
    const [nudge] = t.advance(1);
    expect(nudge?.body).toContain("Erinnerung: Entwurf PR-1 (Version 1) „Kontrollen am Bahnhof“ wartet seit 4 Std. auf die Freigabe durch: Polizei");
    expect(nudge?.msgtype).toBe("m.text");
    expect(nudge?.mentions).toEqual([POLICE_PRESS]);
    react(t, POLICE_PRESS, c);
    expect(t.advance(3 * 86_400_000).filter((o) => o.body.includes("Erinnerung"))).toEqual([]);
  });

  it("keeps reminding daily after the last offset while the draft is open", () => {
    const t = setup();
    draft(t);
    const bodies = [t.advance(4 * 3_600_000), t.advance(20 * 3_600_000), t.advance(86_400_000)].map((o) => o[0]?.body ?? "");
    expect(bodies[0]).toContain("seit 4 Std.");
    expect(bodies[1]).toContain("seit 1 Tag");
    expect(bodies[2]).toContain("seit 2 Tagen");
  });

  it("answers a plain reply of an approver to the card with how to approve, and counts nothing", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    const reply = { "m.relates_to": { "m.in_reply_to": { event_id: c } } };
    const [answer, ...rest] = t.send(POLICE_PRESS, "passt", reply);
    expect(rest).toEqual([]);
    expect(answer?.body).toContain("Eine Antwort auf die Karte zählt nicht als Freigabe");
    expect(answer?.body).toContain("!presse freigeben PR-1");
    expect(t.send(BEN, "passt", reply)).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals")).toBe(0);
  });

  it("shows state, versions and the approval history with hash prefixes", () => {
    const t = setup();
    const { police } = approvedDraft(t);
    redact(t, POLICE_PRESS, police);
    const body = t.reply(BEN, "!presse status PR-1").body;
    expect(body).toContain("Status: Freigabe ausstehend: Polizei");
    expect(body).toMatch(/Version 1 – Mi 25\.11\.2026, 10:00, anna, Prüfsumme [0-9a-f]{12} \(aktuell\)/);
    expect(body).toContain(`Polizei: freigegeben von pressestelle per Reaktion (zurückgenommen`);
    expect(body).toContain(`Stadt: freigegeben von presse per Reaktion`);
  });

  it("lists open drafts by default and all on request", () => {
    const t = setup();
    draft(t);
    t.send(ANNA, "!presse entwurf Zweiter Entwurf\nText");
    t.send(ANNA, "!presse zurückziehen PR-2");
    const open = t.reply(ANNA, "!presse liste").body;
    expect(open).toContain("PR-1 Kontrollen am Bahnhof · Version 1 · Freigabe ausstehend: Stadt und Polizei");
    expect(open).not.toContain("PR-2");
    expect(t.reply(ANNA, "!presse liste alle").body).toContain("PR-2 Zweiter Entwurf · Version 1 · zurückgezogen");
  });

  it("speaks English when configured", () => {
    const t = setup({ config: { language: "en" } });
    const [c] = t.send(ANNA, "!press draft Joint checks\nText.");
    expect(c?.body).toContain("Draft PR-1 (version 1) – waiting for: Stadt and Polizei");
    expect(t.reply(ANNA, "!press release PR-1").body).toContain("approval missing from: Stadt and Polizei.");
  });
});
