// What press staff read, word for word: sentences that state a consequence only when it happens,
// short check sums instead of 64 hex digits, marked diff lines, and list titles without "(filter)".
import { describe, expect, it } from "vitest";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { setup } from "../../support/pipeline.ts";
import { ANNA, BEN, approvedDraft, card, draft, messages, react, sent } from "../../support/press.ts";

const HASH64 = /[0-9a-f]{64}/;

describe("!presse zurückziehen", () => {
  it("says the approval reminders are dropped when some were still planned", () => {
    const t = setup();
    draft(t);
    const body = messages(t.send(ANNA, "!presse zurückziehen PR-1 Termin entfällt"))[0]?.body;
    expect(body).toBe("PR-1 ist zurückgezogen. Grund: Termin entfällt.\nDie Erinnerungen an die fehlenden Freigaben entfallen.");
  });

  it("says nothing about reminders when none were planned (fully approved draft)", () => {
    const t = setup();
    approvedDraft(t);
    const body = messages(t.send(ANNA, "!presse zurückziehen PR-1 Termin entfällt."))[0]?.body;
    expect(body).toBe("PR-1 ist zurückgezogen. Grund: Termin entfällt.");
  });

  it("says nothing about reminders while a rejection holds them back", () => {
    const t = setup();
    draft(t);
    t.send(POLICE_PRESS, "!presse ablehnen PR-1 Uhrzeit fehlt");
    expect(messages(t.send(ANNA, "!presse zurückziehen PR-1"))[0]?.body).toBe("PR-1 ist zurückgezogen.");
  });
});

describe("!presse veröffentlichen um=", () => {
  it("keeps the same time without saying the previous one is dropped, and records no change", () => {
    const t = setup();
    approvedDraft(t);
    t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"');
    const audits = t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.release.schedule'");
    const again = t.reply(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"').body;
    expect(again).toMatch(/^Die Veröffentlichung von PR-1 ist bereits für Mi 25\.11\.2026,? 12:00 geplant; es bleibt dabei\.$/);
    expect(again).not.toContain("bisherige Termin");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.release.schedule'")).toBe(audits);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'press.release' AND state = 'pending'")).toBe(1);
    const moved = messages(t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 14:00"'))[0]?.body;
    expect(moved).toMatch(/\nDer bisherige Termin \(Mi 25\.11\.2026,? 12:00\) entfällt\.$/);
  });

  it("after a release now, says the set time is dropped, not that the release is cancelled", () => {
    const t = setup();
    approvedDraft(t);
    t.send(ANNA, '!presse veröffentlichen PR-1 um="25.11.2026 12:00"');
    const bodies = messages(t.send(ANNA, "!presse veröffentlichen PR-1")).map((o) => o.body);
    expect(bodies).toContainEqual(expect.stringMatching(/^PR-1 ist jetzt veröffentlicht; der für Mi 25\.11\.2026,? 12:00 geplante Termin entfällt\.$/));
    expect(bodies.join("\n")).not.toContain("aufgehoben");
  });
});

describe("check sums", () => {
  it("shows press staff a 12-character Prüfsumme; the audit log keeps the full hash", () => {
    const t = setup();
    approvedDraft(t);
    const out = t.send(ANNA, "!presse veröffentlichen PR-1");
    const releaseMsg = messages(out).find((o) => o.body.includes("PRESSEMITTEILUNG"));
    expect(releaseMsg?.body).toMatch(/\nPrüfsumme des Textes: [0-9a-f]{12} · Verfasst von anna$/);
    expect(releaseMsg?.body).toContain("Freigegeben durch: Stadt (");
    for (const o of out) expect(o.body + o.html).not.toMatch(HASH64);
    expect(card(t, 1, 1)).toMatch(/· Prüfsumme [0-9a-f]{12}\n/);
    expect(t.reply(ANNA, "!presse status PR-1").body).not.toMatch(HASH64);
    const row = t.db.prepare<[], { details: string }>("SELECT details FROM audit WHERE action = 'press.release'").get();
    expect(row?.details).toMatch(/"sha256":"[0-9a-f]{64}"/);
  });

  it("captions the file of a long text with the short check sum", () => {
    const t = setup();
    const out = draft(t, ANNA, Array.from({ length: 300 }, (_, i) => `Zeile ${i}: ${"ä".repeat(40)}`).join("\n"));
    const upload = out.find((o) => o.kind === "upload");
    expect(upload?.body).toMatch(/^Vollständiger Text von PR-1, Version 1 \(Prüfsumme [0-9a-f]{12}\)$/);
  });
});

describe("the draft card", () => {
  it("marks removed and added lines visibly in HTML, set apart from the approvals", () => {
    const t = setup();
    approvedDraft(t);
    const [c] = messages(t.send(ANNA, "!presse überarbeiten PR-1\nStadt und Polizei kontrollieren am Samstag gemeinsam den Bahnhofsplatz.\nAnsprechpartner: Pressestelle."));
    expect(c?.body).toContain("Änderungen gegenüber Version 1 (− entfernt, + neu):\n− Stadt und Polizei kontrollieren am Freitag");
    expect(c?.html).toContain('<blockquote><span data-mx-color="#b3261e">− <del>Stadt und Polizei kontrollieren am Freitag gemeinsam den Bahnhofsplatz.</del></span><br><span data-mx-color="#1b6e20">+ <b>Stadt und Polizei kontrollieren am Samstag');
    expect(c?.html).not.toMatch(/<\/blockquote><br>|<br><blockquote>|<\/ul><br>/);
  });

  it("counts one more changed line in the singular", () => {
    // 20 lines replaced by one: 21 changed lines, of which the card shows 20.
    const one = setup();
    draft(one, ANNA, Array.from({ length: 20 }, (_, n) => `Zeile ${n + 1}`).join("\n"));
    expect(messages(one.send(ANNA, "!presse überarbeiten PR-1\nGanz neu"))[0]?.body).toContain("\n… und 1 weitere geänderte Zeile\n");
    const two = setup();
    draft(two, ANNA, Array.from({ length: 21 }, (_, n) => `Zeile ${n + 1}`).join("\n"));
    expect(messages(two.send(ANNA, "!presse überarbeiten PR-1\nGanz neu"))[0]?.body).toContain("\n… und 2 weitere geänderte Zeilen\n");
  });

  it("once approved by every agency, shows how to release instead of asking for approval", () => {
    const t = setup();
    approvedDraft(t);
    const body = card(t, 1, 1);
    expect(body).toMatch(/\nVeröffentlichen: !presse veröffentlichen PR-1 \(sofort\) oder mit um=<Datum Zeit> · Ablehnen weiterhin möglich: ❌ oder !presse ablehnen PR-1 <Grund>$/);
    expect(body).not.toContain("Freigeben: ✅");
  });

  it("names the missing agencies with „und“", () => {
    const t = setup();
    draft(t);
    expect(card(t, 1, 1)).toContain("Entwurf PR-1 (Version 1) – Freigabe ausstehend: Stadt und Polizei");
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    expect(t.reply(ANNA, "!presse veröffentlichen PR-1").body).toBe(
      "PR-1 kann nicht veröffentlicht werden: Version 1 ist nicht von allen Behörden freigegeben – es fehlt noch die Freigabe durch: Polizei.",
    );
  });
});

describe("replies", () => {
  it("tells the author how to go on once all approved, in the Sie-form", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    const out = react(t, POLICE_PRESS, c).out;
    expect(messages(out).map((o) => o.body)).toContain(
      "PR-1 (Version 1) ist von allen Behörden freigegeben.\nanna, Sie können jetzt veröffentlichen: !presse veröffentlichen PR-1 – oder zu einem festen Zeitpunkt mit um=<Datum Zeit>.",
    );
  });

  it("says nothing was changed when someone else may not do it", () => {
    const t = setup();
    draft(t);
    expect(t.reply(BEN, "!presse zurückziehen PR-1").body).toBe("Das dürfen bei PR-1 nur der Verfasser (anna) und Mitglieder mit der Rolle Pressefreigabe. Es wurde nichts geändert.");
  });

  it("titles the lists without a filter in brackets", () => {
    const t = setup();
    expect(t.reply(ANNA, "!presse liste").body).toBe("Keine offenen Pressemitteilungen. Neuer Entwurf: !presse entwurf <Titel>, den Text in die folgenden Zeilen.");
    expect(t.reply(ANNA, "!presse liste alle").body).toMatch(/^Es gibt noch keine Pressemitteilungen\. /);
    draft(t);
    expect(t.reply(ANNA, "!presse liste").body).toMatch(/^Offene Pressemitteilungen: 1\nPR-1 Kontrollen am Bahnhof · Version 1 · Freigabe ausstehend: Stadt und Polizei$/);
    expect(t.reply(ANNA, "!presse liste alle").body).toMatch(/^Alle Pressemitteilungen: 1\n/);
    expect(t.reply(ANNA, "!presse liste blub").body).toBe("„blub“ ist hier nicht möglich. Möglich sind: offen, alle.\nRichtig: !presse liste [offen|alle]");
  });

  it("names a missing or too long title with its article", () => {
    const t = setup();
    expect(t.reply(ANNA, "!presse entwurf\nNur Text").body).toMatch(/^Es fehlt der Titel\./);
    expect(t.reply(ANNA, `!presse entwurf ${"x".repeat(201)}\nText`).body).toMatch(/^Der Titel ist zu lang \(höchstens 200 Zeichen\)\./);
  });
});
