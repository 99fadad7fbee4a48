import { describe, expect, it } from "vitest";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { BOT, setup } from "../../support/pipeline.ts";
import { ANNA, BEN, approvedDraft, card, draft, edits, messages, react, redact, sent, state } from "../../support/press.ts";

const EVE = "@eve:evil.example"; // no agency
const CITY_PRESS_2 = "@presse2:stadt.example";

describe("!presse entwurf", () => {
  it("posts a draft card that asks both press offices for approval, seeded with ✅ and ❌", () => {
    const t = setup();
    const out = draft(t);
    const [cardMsg, ...rest] = out;
    expect(cardMsg?.body).toContain("Entwurf PR-1 (Version 1) – Freigabe ausstehend: Stadt und Polizei");
    expect(cardMsg?.body).toContain("> Stadt und Polizei kontrollieren");
    expect(cardMsg?.html).toContain("<blockquote>");
    expect(cardMsg?.msgtype).toBe("m.text");
    expect(cardMsg?.replyTo).toMatch(/^\$e/);
    expect(cardMsg?.mentions.sort()).toEqual([CITY_PRESS, POLICE_PRESS].sort());
    expect(rest.map((r) => [r.kind, (r.content["m.relates_to"] as { key: string }).key])).toEqual([["reaction", "✅"], ["reaction", "❌"]]);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'press.nudge' AND state = 'pending'")).toBe(2);
    const audit = t.db.prepare<[], { details: string }>("SELECT details FROM audit WHERE action = 'press.draft'").get();
    expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it.each([
    ["!presse entwurf Kontrollen am Bahnhof", "Es fehlt der Text"],
    ["!presse entwurf\nNur Text", "Titel"],
    [`!presse entwurf ${"x".repeat(201)}\nText`, "zu lang (höchstens 200"],
    [`!presse entwurf Titel\n${"x".repeat(20_001)}`, "höchstens 20.000"],
  ])("refuses %# with a clear error and stores nothing", (cmd, expected) => {
    const t = setup();
    const r = t.reply(ANNA, cmd);
    expect(r.body).toContain(expected);
    expect(r.body).toContain("Richtig: !presse entwurf");
    expect(t.count("SELECT COUNT(*) FROM press_drafts")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule")).toBe(0);
  });

  it("has a schema that refuses unknown states and inconsistent approvals", () => {
    const t = setup();
    draft(t);
    expect(() => t.db.prepare("UPDATE press_drafts SET state = 'published' WHERE id = 1").run()).toThrow(/CHECK/);
    const add = t.db.prepare("INSERT INTO press_approvals (draft_id, version, agency, user_id, kind, reason, via, reaction_event_id, created_at) VALUES (1, ?, 'city', 'u', ?, ?, ?, ?, 0)");
    expect(() => add.run(1, "approve", "weil", "command", null)).toThrow(/CHECK/);
    expect(() => add.run(1, "approve", null, "reaction", null)).toThrow(/CHECK/);
    expect(() => add.run(2, "approve", null, "command", null)).toThrow(/FOREIGN KEY/);
  });

  it("answers unknown ids and misspelt verbs", () => {
    const t = setup();
    expect(t.reply(ANNA, "!presse status PR-9").body).toContain("Eine Pressemitteilung PR-9 gibt es nicht");
    expect(t.reply(CITY_PRESS, "!presse freigebn PR-1").body).toContain("Meinten Sie !presse freigeben?");
  });
});

describe("approval", () => {
  it("approves when both agencies' press offices approved, edits the card and announces it to the author", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    const first = react(t, CITY_PRESS, c).out;
    expect(edits(first)).toHaveLength(1);
    expect(card(t, 1, 1)).toContain("Freigabe ausstehend: Polizei");
    expect(card(t, 1, 1)).toContain(`Stadt: freigegeben von presse`);
    expect(state(t)).toBe("open");
    const second = react(t, POLICE_PRESS, c, "👍🏽").out;
    expect(card(t, 1, 1)).toContain("Entwurf PR-1 (Version 1) – von allen Behörden freigegeben");
    const [notice] = messages(second);
    expect(notice?.body).toContain("PR-1 (Version 1) ist von allen Behörden freigegeben");
    expect(notice?.msgtype).toBe("m.text");
    expect(notice?.mentions).toEqual([ANNA]);
    expect(state(t)).toBe("approved");
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'press.nudge' AND state = 'pending'")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.approve' AND outcome = 'ok'")).toBe(2);
  });

  it("accepts the command form, also in rooms where reactions are not visible to the bot", () => {
    const t = setup();
    draft(t);
    expect(messages(t.send(CITY_PRESS, "!presse freigeben PR-1"))[0]?.body).toContain("für Stadt ist gespeichert");
    const out = t.send(POLICE_PRESS, "!press approve pr1");
    expect(out.map((o) => o.body).join("\n")).toContain("Ihre Freigabe von PR-1 (Version 1) für Polizei ist gespeichert");
    expect(out.map((o) => o.body).join("\n")).toContain("ist von allen Behörden freigegeben");
    expect(state(t)).toBe("approved");
    expect(t.reply(POLICE_PRESS, "!presse freigeben PR-1").body).toContain("bereits freigegeben");
  });

  it("refuses the approve command to a member without the press role, naming the role", () => {
    const t = setup();
    draft(t);
    expect(t.reply(BEN, "!presse freigeben PR-1").body).toContain("Rolle Pressefreigabe (Polizei)");
    expect(t.count("SELECT COUNT(*) FROM press_approvals")).toBe(0);
  });

  it("ignores ✅ from a non-approver, a stranger and the bot, records the attempts, and leaves the card alone", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    // A member who is no approver is told once per card who may approve; a stranger and the bot hear nothing.
    const hint = react(t, ANNA, c).out;
    expect(hint.map((o) => o.body)).toEqual([
      "anna: Ihr ✅ auf PR-1 zählt nicht als Freigabe. Freigeben können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – für Stadt: presse.",
    ]);
    expect(hint[0]?.mentions).toEqual([ANNA]);
    expect(react(t, BEN, c).out.map((o) => o.body)).toEqual([
      "ben: Ihr ✅ auf PR-1 zählt nicht als Freigabe. Freigeben können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – für Polizei: pressestelle.",
    ]);
    for (const who of [EVE, BOT]) expect(react(t, who, c).out).toEqual([]);
    expect(card(t, 1, 1)).toContain("Freigabe ausstehend: Stadt und Polizei");
    expect(t.count("SELECT COUNT(*) FROM press_approvals")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.approve' AND outcome = 'refused'")).toBe(3);
    expect(state(t)).toBe("open");
  });

  it("counts an approver only for their own agency", () => {
    const t = setup({ config: { agencies: [
      { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { press: [CITY_PRESS, CITY_PRESS_2] } },
      { id: "police", name: "Polizei", servers: ["polizei.example"], roles: { press: [POLICE_PRESS] } },
    ] } });
    draft(t);
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    react(t, CITY_PRESS_2, c);
    t.send(CITY_PRESS_2, "!presse freigeben PR-1");
    expect(card(t, 1, 1)).toContain("Freigabe ausstehend: Polizei");
    expect(state(t)).toBe("open");
    expect(t.reply(CITY_PRESS, "!presse veröffentlichen PR-1").body).toContain("es fehlt noch die Freigabe durch: Polizei");
  });

  it("does not count the author's own approval when self-approval is off", () => {
    const t = setup({ config: { press: { selfApproval: false } } });
    draft(t, CITY_PRESS);
    const c = sent(t, 1, 1);
    expect(t.reply(CITY_PRESS, "!presse freigeben PR-1").body).toContain("Vier-Augen-Prinzip");
    const out = react(t, CITY_PRESS, c).out;
    expect(out.map((o) => o.body).join()).toContain("zählt nach der Konfiguration nicht");
    react(t, POLICE_PRESS, c);
    expect(card(t, 1, 1)).toContain("Freigabe ausstehend: Stadt");
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE user_id = '@presse:stadt.example'")).toBe(0);
  });

  it("counts the author's own approval when self-approval is on (the default)", () => {
    const t = setup();
    draft(t, CITY_PRESS);
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    react(t, POLICE_PRESS, c, "✔️");
    expect(state(t)).toBe("approved");
  });

  it("withdraws an approval when its ✅ is redacted, and says the draft is no longer approved", () => {
    const t = setup();
    const { police } = approvedDraft(t);
    const out = redact(t, POLICE_PRESS, police);
    expect(card(t, 1, 1)).toContain("Freigabe ausstehend: Polizei");
    expect(messages(out)[0]?.body).toContain("nicht mehr vollständig freigegeben – es fehlt noch die Freigabe durch: Polizei");
    expect(state(t)).toBe("open");
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE revoked_at IS NOT NULL")).toBe(1);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.revoke'")).toBe(1);
    // Nudges are back for the missing approval.
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'press.nudge' AND state = 'pending'")).toBe(2);
  });

  it("records a redaction by someone else under the redacter's own agency, not the reactor's", () => {
    const t = setup();
    const { police } = approvedDraft(t);
    // A city member (a room moderator, say) removes the police approval.
    redact(t, CITY_PRESS, police);
    expect(state(t)).toBe("open");
    const row = t.db.prepare<[], { actor: string; agency: string | null }>("SELECT actor, agency FROM audit WHERE action = 'press.revoke'").get();
    expect(row).toEqual({ actor: CITY_PRESS, agency: "city" });
  });

  it("treats ❌ as a rejection that asks for a reason, and a reasoned rejection blocks the release", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    react(t, CITY_PRESS, c);
    const out = react(t, POLICE_PRESS, c, "❌").out;
    expect(messages(out)[0]?.body).toContain("Bitte nennen Sie den Grund: !presse ablehnen PR-1 <Grund>");
    expect(messages(out)[0]?.mentions).toEqual([POLICE_PRESS]);
    expect(card(t, 1, 1)).toContain("abgelehnt, Überarbeitung erforderlich");
    const r = t.send(POLICE_PRESS, "!presse ablehnen PR-1 Uhrzeit fehlt");
    expect(r[0]?.body).toBe(
      "PR-1 (Version 1) wurde von pressestelle (Polizei) abgelehnt. Grund: Uhrzeit fehlt.\nanna, bitte überarbeiten Sie den Text: !presse überarbeiten PR-1, den neuen Text in die folgenden Zeilen.",
    );
    expect(r[0]?.mentions).toEqual([ANNA]);
    expect(card(t, 1, 1)).toContain("Uhrzeit fehlt");
    expect(t.reply(ANNA, "!presse veröffentlichen PR-1").body).toContain("abgelehnt von pressestelle (Polizei)");
    expect(t.reply(POLICE_PRESS, "!presse ablehnen PR-1").body).toContain("Bitte einen Grund angeben");
  });
});

describe("revisions", () => {
  it("posts a new card with the changes, supersedes the old one and resets the approvals", () => {
    const t = setup();
    const { card: old } = approvedDraft(t);
    const out = t.send(ANNA, `!presse überarbeiten PR-1\nStadt und Polizei kontrollieren am Samstag gemeinsam den Bahnhofsplatz.\nAnsprechpartner: Pressestelle.`);
    const [newCard] = messages(out);
    expect(newCard?.body).toContain("Entwurf PR-1 (Version 2) – Freigabe ausstehend: Stadt und Polizei");
    expect(newCard?.body).toContain("− Stadt und Polizei kontrollieren am Freitag");
    expect(newCard?.body).toContain("+ Stadt und Polizei kontrollieren am Samstag");
    expect(newCard?.body).not.toContain("+ Ansprechpartner");
    expect(card(t, 1, 1)).toContain("ersetzt durch Version 2");
    expect(state(t)).toBe("open");
    // A ✅ on the old card does not count, and the approver is told where it would.
    const late = react(t, POLICE_PRESS, old).out;
    expect(late[0]?.body).toContain("aktuell ist Version 2");
    expect(card(t, 1, 2)).toContain("Freigabe ausstehend: Stadt und Polizei");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'press.approve' AND outcome = 'refused'")).toBe(1);
    // The command always approves the current version.
    t.send(POLICE_PRESS, "!presse freigeben PR-1");
    expect(card(t, 1, 2)).toContain("Freigabe ausstehend: Stadt");
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE version = 2")).toBe(1);
    expect(t.reply(ANNA, "!presse überarbeiten PR-1\nStadt und Polizei kontrollieren am Samstag gemeinsam den Bahnhofsplatz.\nAnsprechpartner: Pressestelle.").body).toContain("unverändert");
  });

  it("refuses revisions by others than the author or a press approver, and of released drafts", () => {
    const t = setup();
    approvedDraft(t);
    expect(t.reply(BEN, "!presse überarbeiten PR-1\nNeu").body).toContain("nur der Verfasser (anna)");
    expect(t.reply(ANNA, "!presse überarbeiten PR-1").body).toContain("Es fehlt der neue Text");
    t.send(ANNA, "!presse veröffentlichen PR-1");
    expect(t.reply(ANNA, "!presse überarbeiten PR-1\nNeu").body).toContain("PR-1 ist veröffentlicht und kann nicht mehr geändert werden");
    expect(t.count("SELECT COUNT(*) FROM press_versions")).toBe(1);
  });
});
