import { describe, expect, it } from "vitest";
import { BOT, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";
const EVE = "@eve:evil.example";

describe("the path of a message", () => {
  it("answers !help in German as a notice replying to the command", () => {
    const t = setup();
    const r = t.reply(ANNA, "!hilfe");
    expect(r.body).toContain("Lagebot – Befehle");
    expect(r.body).toContain("!einsatz");
    expect(r.html).toContain("<code>!einsatz</code>");
    expect(r.msgtype).toBe("m.notice");
    expect(r.content["m.mentions"]).toEqual({});
  });

  it("gives details for one family, marking verbs the sender may not use", () => {
    const t = setup({ config: { agencies: [
      { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { press: ["@presse:stadt.example"], planner: ["@chef:stadt.example"] } },
      { id: "police", name: "Polizei", servers: ["polizei.example"], roles: { press: ["@p:polizei.example"] } },
    ] } });
    const r = t.reply(ANNA, "!hilfe einsatz");
    expect(r.body).toContain("!einsatz planen");
    expect(r.body).toContain("(nur mit Rolle Planung; englisch: !op plan)");
    expect(t.reply(ANNA, '!op plan X wann="05.12.2026 20:00"').body).toContain("Rolle Planung");
  });

  it("puts a failed attempt to change something on record, but not a mistyped read", () => {
    const t = setup();
    t.reply(ANNA, "!einsatz planen Streife ort=Markt");
    t.reply(ANNA, "!einsatz liste zeitraum=bald");
    const rows = t.db.prepare("SELECT actor, action, outcome, details FROM audit").all();
    expect(rows).toEqual([{ actor: ANNA, action: "op.plan", outcome: "refused", details: JSON.stringify({ reason: "invalid arguments" }) }]);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
  });

  it("words errors for German users with the German command names", () => {
    const t = setup();
    expect(t.reply(ANNA, "!gremium").body).toContain("z. B. !gremium liste.");
    expect(t.reply(ANNA, "!gremium").body).toContain("!hilfe gremium");
  });

  it("accepts the / prefix and addressing the bot by name", () => {
    const t = setup();
    expect(t.reply(ANNA, "/hilfe").body).toContain("Befehle");
    expect(t.reply(ANNA, "Lagebot: status").body).toContain("Lagebot test");
  });

  it("ignores chat, notices, edits and the bot's own messages", () => {
    const t = setup();
    expect(t.send(ANNA, "Guten Morgen zusammen")).toEqual([]);
    expect(t.send(ANNA, "!hilfe", { msgtype: "m.notice" })).toEqual([]);
    expect(t.send(BOT, "!hilfe")).toEqual([]);
    const edit = { "m.relates_to": { rel_type: "m.replace", event_id: "$x" }, "m.new_content": { msgtype: "m.text", body: "!hilfe" } };
    expect(t.send(ANNA, "* !hilfe", edit)).toEqual([]);
    expect(t.count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'")).toBe(0);
  });

  it("answers a misspelt family with the nearest one, ignores unrelated ! words", () => {
    const t = setup();
    expect(t.reply(ANNA, "!einsaz liste").body).toContain("!einsatz");
    expect(t.send(ANNA, "!!! wichtig")).toEqual([]);
    expect(t.send(ANNA, "!wow")).toEqual([]);
  });

  it("never crashes on malformed events and marks them handled", () => {
    const t = setup();
    const bad = [
      { type: "m.room.message", sender: ANNA, content: { msgtype: "m.text" } },
      { type: "m.room.message", sender: ANNA, content: { msgtype: "m.text", body: 42 } },
      { type: "m.room.message", sender: ANNA, content: null },
      { type: "m.reaction", sender: ANNA, content: { "m.relates_to": { rel_type: "m.annotation" } } },
      { type: "m.room.message", sender: "not-a-user", content: { msgtype: "m.text", body: "!hilfe" } },
      { type: "m.room.message", sender: ANNA, content: JSON.parse('{"__proto__": {"x": 1}, "msgtype": "m.text", "body": "!op show OP-1"}') as unknown },
    ];
    for (const ev of bad) t.event(ev);
    expect(t.count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'")).toBe(0);
  });

  it("sends at most five error replies per user and minute, then says so once and stays silent", () => {
    const t = setup();
    const replies = Array.from({ length: 8 }, () => t.send(ANNA, "!op plna"));
    expect(replies.map((r) => r.length)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    expect(replies[4]?.[0]?.body).toContain("Unbekannter Unterbefehl");
    expect(replies[5]?.[0]?.body).toBe("Zu viele fehlerhafte Befehle, bitte kurz warten.");
    // Someone else still gets their answer.
    expect(t.send("@ben:stadt.example", "!op plna")[0]?.body).toContain("Unbekannter Unterbefehl");
    t.clock.advance(60_000);
    expect(t.send(ANNA, "!op plna")[0]?.body).toContain("Unbekannter Unterbefehl");
  });

  it("refuses a state-changing command that arrived too late, but still answers reads", () => {
    const t = setup();
    const old = t.clock.t - 11 * 60_000;
    const late = t.event({ type: "m.room.message", sender: ANNA, origin_server_ts: old, content: { msgtype: "m.text", body: '!op plan X wann="05.12.2026 20:00"' } });
    expect(late[0]?.body).toContain("erst nach 11 Min. beim Bot angekommen");
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    const read = t.event({ type: "m.room.message", sender: ANNA, origin_server_ts: old, content: { msgtype: "m.text", body: "!op list" } });
    expect(read[0]?.body).toContain("Keine anstehenden Einsätze");
  });

  it("a stranger's unknown command gets no answer at all", () => {
    const t = setup();
    expect(t.send(EVE, "!einsaz")).toEqual([]);
  });
});
