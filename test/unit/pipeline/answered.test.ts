// Issue 17, class 3: commands that used to get no answer. Several IDs, a spaced prefix, replies to
// the bot's questions, non-approvers' reactions and edits of commands, as a person in the room sees them.
import { describe, expect, it } from "vitest";
import { families } from "../../../commands/index.ts";
import { Registry } from "../../../src/pipeline/registry.ts";
import { EACH, idPrefixOf, leadingIds } from "../../../src/pipeline/many.ts";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";
import { ANNA, BEN, draft, react, sent } from "../../support/press.ts";

type T = ReturnType<typeof setup>;

function plan(t: T, title: string): void {
  t.reply(ANNA, `!einsatz planen ${title} wann="05.12.2026 20:00"`);
}

/** Pretends our message was sent, so a reply can point at it. */
function sentAs(t: T, msg: Sent | undefined, eventId: string): string {
  t.db.prepare("UPDATE outbox SET event_id = ?, state = 'sent' WHERE id = ?").run(eventId, msg?.id ?? -1);
  return eventId;
}

function replyTo(t: T, sender: string, eventId: string, body: string): Sent[] {
  return t.send(sender, body, { "m.relates_to": { "m.in_reply_to": { event_id: eventId } } });
}

const roster = (t: T): number => t.count("SELECT COUNT(*) FROM operation_roster");

describe("several IDs in one command", () => {
  it("joins every operation named, each answered as if sent alone", () => {
    const t = setup();
    plan(t, "Streife");
    plan(t, "Kontrolle");
    const out = t.send(ANNA, "!einsatz teilnehmen OP-1 OP-2");
    expect(out.map((o) => o.body.split("\n")[0])).toEqual([expect.stringContaining("OP-1"), expect.stringContaining("OP-2")]);
    expect(roster(t)).toBe(2);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.join' AND outcome = 'ok'")).toBe(2);
  });

  it("reads commas and „und“ between IDs, and says in one reply which of them failed", () => {
    const t = setup();
    plan(t, "Streife");
    const out = t.send(ANNA, "!einsatz teilnehmen OP-1, OP-7 und OP-8");
    expect(roster(t)).toBe(1);
    expect(out).toHaveLength(2);
    expect(out[1]?.body).toBe("Einen Einsatz OP-7 gibt es nicht. Übersicht: !einsatz liste\nEinen Einsatz OP-8 gibt es nicht. Übersicht: !einsatz liste");
  });

  it("refuses several IDs for a verb that takes one, names the commands to send, and changes nothing", () => {
    const t = setup();
    plan(t, "Streife");
    plan(t, "Kontrolle");
    expect(t.reply(ANNA, "!einsatz absagen OP-1 OP-2 Unwetter").body).toBe(
      "Mit !einsatz absagen geht nur eine Nummer auf einmal.\nBitte senden Sie je einen Befehl: !einsatz absagen OP-1 …, !einsatz absagen OP-2 ….",
    );
    expect(t.count("SELECT COUNT(*) FROM operations WHERE state = 'cancelled'")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.cancel' AND outcome = 'refused'")).toBe(1);
  });

  it("approves several press drafts at once for a press approver", () => {
    const t = setup();
    draft(t);
    draft(t);
    const out = t.send(CITY_PRESS, "!presse freigeben PR-1 PR-2");
    expect(out.filter((o) => o.body.startsWith("Ihre Freigabe")).map((o) => o.body)).toEqual([
      "Ihre Freigabe von PR-1 (Version 1) für Stadt ist gespeichert.",
      "Ihre Freigabe von PR-2 (Version 1) für Stadt ist gespeichert.",
    ]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE user_id = '@presse:stadt.example'")).toBe(2);
  });

  it("caps the number of IDs", () => {
    const t = setup();
    const ids = Array.from({ length: 11 }, (_, i) => `OP-${i + 1}`).join(" ");
    expect(t.reply(ANNA, `!einsatz teilnehmen ${ids}`).body).toBe("Bitte höchstens 10 Nummern auf einmal angeben.");
  });

  it("has one rule for every verb that takes an ID, naming only verbs that exist", () => {
    const registry = new Registry(families);
    const actions = registry.families.flatMap((f) => f.verbs.filter((v) => idPrefixOf(v) !== null).map((v) => `${f.name}.${v.spec.name}`));
    expect(actions).toContain("op.cancel");
    for (const a of EACH) expect(actions).toContain(a);
    expect(leadingIds(["OP-1,OP-2", "und", "OP-3", "Grund"], "OP")).toEqual({ ids: ["OP-1", "OP-2", "OP-3"], rest: ["Grund"] });
    expect(leadingIds(["OP-1", "und", "so"], "OP")).toEqual({ ids: ["OP-1"], rest: ["und", "so"] });
  });
});

describe("a number after an ID", () => {
  it("is the text, not a second ID, for a verb that takes text", () => {
    const t = setup();
    plan(t, "Streife");
    plan(t, "Kontrolle");
    expect(t.reply(ANNA, "!einsatz absagen OP-1 2 Kollegen krank").body).toBe(
      "Einsatz OP-1 „Streife“ ist abgesagt. Grund: 2 Kollegen krank. Die geplanten Erinnerungen entfallen.",
    );
    expect(t.count("SELECT COUNT(*) FROM operations WHERE state = 'cancelled'")).toBe(1);
    t.reply(ANNA, "!ort anlegen Markt");
    expect(t.reply(ANNA, "!ort notiz HS-1 3 Jugendliche am Brunnen").body).toBe("Notiz zu HS-1 gespeichert (Notiz 1).");
    draft(t);
    const out = t.send(CITY_PRESS, "!presse ablehnen PR-1 2. Absatz stimmt nicht");
    expect(out[0]?.body.split("\n")[0]).toBe("PR-1 (Version 1) wurde von presse (Stadt) abgelehnt. Grund: 2. Absatz stimmt nicht.");
    expect(t.db.prepare("SELECT reason FROM press_approvals WHERE kind = 'reject'").pluck().all()).toEqual(["2. Absatz stimmt nicht"]);
  });

  it("is not read as a second ID by a verb that takes none: a clear answer, nobody joins", () => {
    const t = setup();
    plan(t, "Streife");
    plan(t, "Kontrolle");
    expect(t.reply(ANNA, "!einsatz teilnehmen OP-1 2").body).toBe(
      "„2“ nach OP-1 ist nicht eindeutig. Für mehrere Nummern schreiben Sie bitte: !einsatz teilnehmen OP-1 OP-2",
    );
    expect(roster(t)).toBe(0);
  });

  it("counts as an ID after a comma or „und“", () => {
    expect(leadingIds(["OP-1,", "2", "Grund"], "OP")).toEqual({ ids: ["OP-1", "2"], rest: ["Grund"] });
    expect(leadingIds(["OP-1,2"], "OP")).toEqual({ ids: ["OP-1", "2"], rest: [] });
    expect(leadingIds(["OP-1", "und", "2"], "OP")).toEqual({ ids: ["OP-1", "2"], rest: [] });
    expect(leadingIds(["3", "OP-4", "5"], "OP")).toEqual({ ids: ["3", "OP-4"], rest: ["5"] });
    expect(leadingIds(["HS-1", "3", "Jugendliche"], "HS")).toEqual({ ids: ["HS-1"], rest: ["3", "Jugendliche"] });
  });
});

describe("a space after the prefix", () => {
  it("is understood for a family name, and ignored for anything else", () => {
    const t = setup();
    expect(t.reply(ANNA, "! einsatz liste").body).toContain("Keine");
    expect(t.send(ANNA, "! toll")).toEqual([]);
    expect(t.send(ANNA, "! einsaz")).toEqual([]);
    expect(t.reply(ANNA, "!   einsatz liste").body).toContain("Keine");
    expect(t.send(ANNA, "!    einsatz liste")).toEqual([]);
  });
});

describe("a reply to the bot's question", () => {
  it("completes a rejection that lacked its reason: same person, once", () => {
    const t = setup();
    draft(t);
    const ask = t.reply(CITY_PRESS, "!presse ablehnen PR-1");
    expect(ask.body).toBe(
      "Bitte einen Grund angeben: !presse ablehnen PR-1 <Grund>\nSie können auch einfach auf diese Nachricht antworten (innerhalb von 10 Min.).",
    );
    const q = sentAs(t, ask, "$ask1");
    // Someone else's reply is chat; the reply of the one asked is the reason.
    expect(replyTo(t, ANNA, q, "Zahlen stimmen nicht")).toEqual([]);
    const done = replyTo(t, CITY_PRESS, q, "Die Uhrzeit ist falsch.");
    expect(done.find((o) => o.body.includes("abgelehnt"))?.body).toContain("Die Uhrzeit ist falsch.");
    expect(t.db.prepare("SELECT reason FROM press_approvals WHERE kind = 'reject'").pluck().all()).toEqual(["Die Uhrzeit ist falsch."]);
    expect(replyTo(t, CITY_PRESS, q, "Noch etwas")).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE kind = 'reject'")).toBe(1);
  });

  it("is too late after ten minutes, and told so", () => {
    const t = setup();
    draft(t);
    const q = sentAs(t, t.reply(CITY_PRESS, "!presse ablehnen PR-1"), "$ask2");
    t.clock.advance(11 * 60_000);
    expect(replyTo(t, CITY_PRESS, q, "Die Uhrzeit ist falsch.").map((o) => o.body)).toEqual([
      "Diese Rückfrage gilt nicht mehr. Bitte senden Sie den Befehl noch einmal vollständig.",
    ]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals")).toBe(0);
  });

  it("gives the reason of a ❌ reaction", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    const asked = react(t, POLICE_PRESS, c, "❌").out.find((o) => o.body.includes("Bitte nennen Sie den Grund"));
    expect(asked?.body).toContain("Sie können auch einfach auf diese Nachricht antworten");
    replyTo(t, POLICE_PRESS, sentAs(t, asked, "$ask3"), "Falscher Ort");
    expect(t.db.prepare("SELECT via || ':' || reason FROM press_approvals WHERE kind = 'reject' AND revoked_at IS NULL").pluck().all()).toEqual(["command:Falscher Ort"]);
  });
});

describe("a non-approver's reaction on a press card", () => {
  it("gets one hint per person and card", () => {
    const t = setup();
    draft(t);
    const c = sent(t, 1, 1);
    expect(react(t, BEN, c).out.map((o) => o.body)).toEqual([
      "ben: Ihr ✅ auf PR-1 zählt nicht als Freigabe. Freigeben können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – für Polizei: pressestelle.",
    ]);
    expect(react(t, BEN, c, "👍").out).toEqual([]);
    expect(react(t, BEN, c, "❌").out.map((o) => o.body)).toEqual([
      "ben: Ihr ❌ auf PR-1 zählt nicht als Ablehnung. Ablehnen können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – für Polizei: pressestelle.",
    ]);
  });
});

describe("an edit of a command", () => {
  const edit = (t: T, original: string, body: string): Sent[] =>
    t.send(ANNA, `* ${body}`, { "m.new_content": { msgtype: "m.text", body }, "m.relates_to": { rel_type: "m.replace", event_id: original } });

  it("that changed something is not applied, and names the command to use", () => {
    const t = setup();
    t.event({ type: "m.room.message", sender: ANNA, event_id: "$plan", content: { msgtype: "m.text", body: '!einsatz planen Streife wann="05.12.2026 20:00"' } });
    const out = edit(t, "$plan", '!einsatz planen Streife wann="05.12.2026 21:00"');
    expect(out.map((o) => o.body)).toEqual([
      "Bearbeitete Befehle werden nicht ausgeführt; es gilt der ursprüngliche Befehl. Für eine Änderung senden Sie bitte einen neuen Befehl: !einsatz ändern OP-1 …",
    ]);
    expect(out[0]?.replyTo).toBe("$plan");
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(1);
  });

  it("of a refused change asks for a new message; an edit of a read is ignored", () => {
    const t = setup();
    t.event({ type: "m.room.message", sender: ANNA, event_id: "$bad", content: { msgtype: "m.text", body: "!einsatz planen Streife ort=Markt" } });
    expect(edit(t, "$bad", '!einsatz planen Streife wann="05.12.2026 20:00"').map((o) => o.body)).toEqual([
      "Bearbeitete Befehle werden nicht ausgeführt. Bitte senden Sie den berichtigten Befehl als neue Nachricht.",
    ]);
    t.event({ type: "m.room.message", sender: ANNA, event_id: "$read", content: { msgtype: "m.text", body: "!einsatz liste" } });
    expect(edit(t, "$read", "!einsatz liste alle")).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
  });

  it("of a misspelt verb or family the bot pointed out asks for a new message", () => {
    const t = setup();
    const typo = (eventId: string, body: string): Sent[] => t.event({ type: "m.room.message", sender: ANNA, event_id: eventId, content: { msgtype: "m.text", body } });
    expect(typo("$verb", '!einsatz plnen Streife wann="05.12.2026 20:00"')[0]?.body).toContain("Meinten Sie");
    expect(edit(t, "$verb", '!einsatz planen Streife wann="05.12.2026 20:00"').map((o) => o.body)).toEqual([
      "Bearbeitete Befehle werden nicht ausgeführt. Bitte senden Sie den berichtigten Befehl als neue Nachricht.",
    ]);
    expect(typo("$family", '!einsats planen Streife wann="05.12.2026 20:00"')[0]?.body).toContain("Meinten Sie");
    const out = edit(t, "$family", '!einsatz planen Streife wann="05.12.2026 20:00"');
    expect(out.map((o) => o.body)).toEqual(["Bearbeitete Befehle werden nicht ausgeführt. Bitte senden Sie den berichtigten Befehl als neue Nachricht."]);
    expect(out[0]?.replyTo).toBe("$family");
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    // Someone else's edit of it is still ignored.
    expect(t.send(BEN, "* x", { "m.new_content": { msgtype: "m.text", body: "x" }, "m.relates_to": { rel_type: "m.replace", event_id: "$verb" } })).toEqual([]);
  });
});
