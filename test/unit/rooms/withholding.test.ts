// Room safety through the real dispatcher, scheduler, tracker and outbox: a stranger in the room stops
// sensitive commands and queued sensitive posts, harmless commands still answer, "warn" sends anyway,
// the report is posted when the findings change, and all of it is in the audit log.
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventId } from "../../../src/ids.ts";
import { OutboxSender } from "../../../src/matrix/outbox.ts";
import type { Transport } from "../../../src/matrix/outbox.ts";
import { REPORT_DELAY_MS } from "../../../src/rooms/tracker.ts";
import { outboxGuard } from "../../../src/rooms/withhold.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police
const EVE = "@eve:fremd.example"; // no agency

const member = (user: string, membership: string, name?: string) => ({
  type: "m.room.member", state_key: user, sender: user, content: { membership, ...(name ? { displayname: name } : {}) },
});
const STATE = [
  { type: "m.room.join_rules", state_key: "", sender: ANNA, content: { join_rule: "invite" } },
  { type: "m.room.history_visibility", state_key: "", sender: ANNA, content: { history_visibility: "shared" } },
  member(ANNA, "join", "Anna"), member(BEN, "join", "Ben"), member("@lagebot:stadt.example", "join", "Lagebot"),
];

type World = ReturnType<typeof setup>;
/** Members and state as a sync brings them (stored before anything of that sync is handled). */
function sync(t: World, ...events: Array<Record<string, unknown>>): void {
  t.rooms.fromSync({ rooms: { join: { [ROOM]: { timeline: { events } } } } });
}
async function world(config: Record<string, unknown> = {}): Promise<World> {
  const t = setup({ config });
  t.homeserver.state = STATE;
  await t.rooms.readRoom(ROOM);
  return t;
}
const audits = (t: World, action: string) =>
  t.db.prepare<[string], { actor: string; outcome: string; details: string }>("SELECT actor, outcome, details FROM audit WHERE action = ? ORDER BY id").all(action);

/** A homeserver that stores whatever is sent. */
function homeserver() {
  const sent: Array<{ txnId: string; content: Record<string, unknown> }> = [];
  const transport: Transport = {
    sendEvent(_room, _type, txnId, content) {
      sent.push({ txnId, content });
      return Promise.resolve(`$sent${sent.length}` as EventId);
    },
    redact: () => Promise.reject(new Error("unused")),
    encrypts: () => Promise.resolve(false),
    upload: () => Promise.resolve({ url: "mxc://x/y" }),
  };
  return { transport, sent };
}
async function flush(t: World, sender: OutboxSender): Promise<void> {
  sender.wake();
  for (let i = 0; i < 200 && (t.count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'") > 0 || sender.busy > 0); i++) await new Promise((r) => setTimeout(r, 1));
}

afterEach(() => vi.useRealTimers());

describe("a stranger in a served room", () => {
  it("gets a sensitive command answered with a notice naming them; nothing is stored, the refusal is audited", async () => {
    const t = await world();
    sync(t, member(EVE, "join", "Eve"));
    const r = t.reply(ANNA, '!einsatz planen Streife wann="2026-11-26 20:00" ort=Bahnhof');
    expect(r.body).toContain("Antwort auf !einsatz planen zurückgehalten, weil Eve (@eve:fremd.example) nicht zu einer der beteiligten Behörden gehört.");
    expect(r.body).not.toContain("Bahnhof");
    expect(r.replyTo).toMatch(/^\$e/);
    expect(t.count("SELECT COUNT(*) FROM operations")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM schedule WHERE job = 'op.reminder'")).toBe(0);
    const [row] = audits(t, "room.withheld");
    expect(row).toMatchObject({ actor: ANNA, outcome: "refused" });
    expect(JSON.parse(row?.details ?? "{}")).toEqual({ command: "op.plan", strangers: [EVE] });
    // Every sensitive family: press, hotspots, the picture, the audit export (verb-level).
    for (const cmd of ["!presse liste", "!ort liste", "!lage", "!protokoll exportieren"]) expect(t.reply(ANNA, cmd).body).toContain("zurückgehalten");
  });

  it("still answers harmless commands: help, status, the room check, committees", async () => {
    const t = await world();
    sync(t, member(EVE, "invite"));
    expect(t.reply(ANNA, "!hilfe").body).toContain("Lagebot – Befehle");
    expect(t.reply(BEN, "!status").body).toContain("Lagebot test");
    expect(t.reply(ANNA, "!gremium liste").body).not.toContain("zurückgehalten");
    const room = t.reply(ANNA, "!raum").body;
    expect(room).toContain("Raum geprüft: 1 Beanstandung");
    expect(room).toContain("@eve:fremd.example (eingeladen) gehört zu keiner der beteiligten Behörden");
    expect(audits(t, "room.warning")).toHaveLength(1);
  });

  it("is not held against a room once they left: the command runs again", async () => {
    const t = await world();
    sync(t, member(EVE, "join", "Eve"));
    expect(t.reply(ANNA, "!einsatz liste").body).toContain("zurückgehalten");
    sync(t, member(EVE, "leave"));
    expect(t.reply(ANNA, "!einsatz liste").body).toContain("Keine anstehenden Einsätze");
    // A ban and a knock keep nobody in the room either.
    sync(t, member(EVE, "ban"), member("@mallory:fremd.example", "knock"));
    expect(t.reply(ANNA, "!einsatz liste").body).toContain("Keine anstehenden Einsätze");
  });

  it("never counts the bot or a listed user, only people of no agency", async () => {
    const t = await world({
      agencies: [
        { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { planner: ["*"] } },
        { id: "police", name: "Polizei", servers: ["polizei.example"], users: ["@verbindung:extern.example"] },
      ],
    });
    sync(t, member("@verbindung:extern.example", "join"), member("@lagebot:stadt.example", "join"));
    expect(t.reply(ANNA, "!einsatz liste").body).toContain("Keine anstehenden Einsätze");
    sync(t, member("@nachbar:extern.example", "join"));
    expect(t.reply(ANNA, "!einsatz liste").body).toContain("@nachbar:extern.example");
  });

  it('only warns with roomSafety "warn": the command runs and its answer is sent', async () => {
    const t = await world({ roomSafety: "warn" });
    sync(t, member(EVE, "join", "Eve"));
    expect(t.reply(ANNA, '!einsatz planen Streife wann="2026-11-26 20:00"').body).toContain("OP-1 „Streife“ geplant");
    expect(t.reply(ANNA, "!raum").body).toContain("Der Bot sendet trotzdem alle Inhalte, weil die Einstellung roomSafety auf „warn“ steht.");
    expect(audits(t, "room.withheld")).toEqual([]);
  });
});

describe("the outbox in a room a stranger joined", () => {
  it("withholds a reminder queued before the join, in place of it a notice without content; harmless posts go", async () => {
    // Without Eve's greeting (test/unit/rooms/greeting.test.ts), so the posts are the ones this is about.
    const t = await world({ greeting: { enabled: false } });
    const hs = homeserver();
    const sender = new OutboxSender(t.db, hs.transport, pino({ level: "silent" }), () => true, outboxGuard(t.db, t.config, t.roomSafety, () => t.clock.t));
    vi.useFakeTimers({ now: t.clock.t, toFake: ["Date"] });
    t.reply(ANNA, '!einsatz planen Kontrolle Park wann="2026-11-25 11:30" ort="Hinterhof 4"'); // 10:30 UTC; reminder 1 h before
    await flush(t, sender);
    hs.sent.length = 0;
    sync(t, member(EVE, "join", "Eve"));
    const due = t.advance(60 * 60_000);
    vi.setSystemTime(t.clock.t);
    expect(due.map((d) => d.body).join("\n")).toContain("Erinnerung: Einsatz OP-1");
    t.reply(BEN, "!hilfe");
    await flush(t, sender);
    const bodies = hs.sent.map((s) => String(s.content["body"]).split("\n")[0]);
    // The report on the join came due with the reminder; then the reminder's notice, then the help.
    expect(bodies).toEqual(["Raum geprüft: 1 Beanstandung", expect.stringMatching(/^Erinnerung OP-1 \(.+\) zurückgehalten, weil Eve \(@eve:fremd\.example\) nicht zu einer der beteiligten Behörden gehört\./), "Lagebot – Befehle"]);
    expect(JSON.stringify(hs.sent)).not.toContain("Hinterhof");
    expect(hs.sent[1]?.content["msgtype"]).toBe("m.notice");
    expect(hs.sent[1]?.txnId).toMatch(/\.withheld$/);
    const withheld = t.db.prepare<[], { state: string; content: string; withheld_at: number | null }>("SELECT state, content, withheld_at FROM outbox WHERE withheld_at IS NOT NULL").all();
    expect(withheld).toEqual([{ state: "failed", content: '{"msgtype":"m.text"}', withheld_at: t.clock.t }]);
    // Not counted as a failure in !status and /metrics.
    expect(t.reply(ANNA, "!status").body).toContain("0 fehlgeschlagen");
    const [audit] = audits(t, "room.withheld");
    expect(audit).toMatchObject({ actor: "bot", outcome: "refused" });
    expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ kind: "message", strangers: [EVE] });
    await sender.stop();
  });

  it("withholds an edit of a card sent before the join, a file and a reply queued before it; the reply still answers its command", async () => {
    const t = await world();
    const hs = homeserver();
    const sender = new OutboxSender(t.db, hs.transport, pino({ level: "silent" }), () => true, outboxGuard(t.db, t.config, t.roomSafety, () => t.clock.t));
    vi.useFakeTimers({ now: t.clock.t, toFake: ["Date"] });
    t.reply(ANNA, '!einsatz planen Kontrolle Park wann="2026-11-28 20:00"');
    t.send(ANNA, "!presse entwurf Hinweis Kirmes\nDer Text vor der Freigabe.");
    await flush(t, sender);
    const card = t.db.prepare<[], { event_id: string }>("SELECT event_id FROM outbox WHERE ref LIKE 'press:card:%' AND kind = 'message'").get();
    hs.sent.length = 0;
    // Queued while the room was clean, sent after the stranger came: a file and a reply.
    expect(t.send(ANNA, "!einsatz kalender").map((c) => c.kind)).toEqual(["upload"]);
    const list = t.send(ANNA, "!einsatz liste");
    sync(t, member(EVE, "join"));
    // The city's approver's ✅ counts and edits the card, which went out before Eve came.
    const edit = t.event({ type: "m.reaction", sender: "@presse:stadt.example", content: { "m.relates_to": { rel_type: "m.annotation", event_id: card?.event_id, key: "✅" } } });
    expect(edit.map((e) => e.kind)).toContain("edit");
    await flush(t, sender);
    const bodies = hs.sent.map((x) => String(x.content["body"]));
    expect(bodies.slice(0, 2)).toEqual([
      expect.stringMatching(/^Datei \(Antwort auf !einsatz kalender\) zurückgehalten, weil @eve:fremd\.example/),
      expect.stringMatching(/^Antwort auf !einsatz liste zurückgehalten/),
    ]);
    expect(bodies).toContainEqual(expect.stringMatching(/^Aktualisierung \(Nachricht zu !presse\) zurückgehalten/));
    expect(JSON.stringify(hs.sent)).not.toMatch(/Kirmes|Der Text vor|BEGIN:VCALENDAR|Kontrolle Park/);
    expect(hs.sent.some((x) => x.content["m.relates_to"] !== undefined && JSON.stringify(x.content["m.relates_to"]).includes("m.replace"))).toBe(false);
    expect(hs.sent[1]?.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: list[0]?.replyTo } });
    expect(t.count("SELECT COUNT(*) FROM outbox WHERE withheld_at IS NOT NULL AND file IS NULL")).toBe(t.count("SELECT COUNT(*) FROM outbox WHERE withheld_at IS NOT NULL"));
    await sender.stop();
  });

  it('sends everything with roomSafety "warn"', async () => {
    const t = await world({ roomSafety: "warn" });
    const hs = homeserver();
    const sender = new OutboxSender(t.db, hs.transport, pino({ level: "silent" }), () => true, outboxGuard(t.db, t.config, t.roomSafety, () => t.clock.t));
    vi.useFakeTimers({ now: t.clock.t, toFake: ["Date"] });
    sync(t, member(EVE, "join"));
    t.reply(ANNA, "!einsatz liste");
    await flush(t, sender);
    expect(hs.sent.map((s) => String(s.content["body"]))).toEqual([expect.stringContaining("Keine anstehenden Einsätze")]);
    await sender.stop();
  });

  it("marks what each path queues: sensitive verbs, jobs and reactions carry what they are, harmless ones nothing", async () => {
    const t = await world();
    t.reply(ANNA, "!hilfe");
    t.send(ANNA, "!presse entwurf Titel\nText");
    const rows = t.db.prepare<[], { kind: string; sensitive: string | null }>("SELECT kind, sensitive FROM outbox ORDER BY id").all();
    expect(rows[0]).toEqual({ kind: "message", sensitive: null });
    expect(rows.slice(1).filter((r) => r.kind !== "reaction")).toEqual(rows.slice(1).filter((r) => r.kind !== "reaction").map((r) => ({ ...r, sensitive: "Antwort auf !presse entwurf" })));
    const card = t.db.prepare<[], { id: number }>("SELECT id FROM outbox WHERE ref LIKE 'press:card:%' ORDER BY id LIMIT 1").get();
    t.db.prepare("UPDATE outbox SET state = 'sent', event_id = '$card' WHERE id = ?").run(card?.id);
    const after = t.event({ type: "m.reaction", sender: "@presse:stadt.example", content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$card", key: "✅" } } });
    expect(after.length).toBeGreaterThan(0);
    const reacted = t.db.prepare<[], { sensitive: string | null }>("SELECT sensitive FROM outbox WHERE kind = 'edit' ORDER BY id DESC LIMIT 1").get();
    expect(reacted?.sensitive).toBe("Nachricht zu !presse");
  });
});

describe("the automatic report", () => {
  const reports = (out: ReturnType<World["take"]>) => out.filter((o) => o.body.startsWith("Raum geprüft"));

  it("is posted when a stranger joins, once, and again when the room is clean; each time audited", async () => {
    const t = await world();
    expect(reports(t.advance(REPORT_DELAY_MS))).toEqual([]); // a clean room at join: nothing to say
    sync(t, member(EVE, "join", "Eve"));
    const first = reports(t.advance(REPORT_DELAY_MS));
    expect(first.map((o) => o.body.split("\n")[0])).toEqual(["Raum geprüft: 1 Beanstandung"]);
    expect(first[0]?.body).toContain("Eve (@eve:fremd.example) gehört zu keiner der beteiligten Behörden. Solange das so ist, hält der Bot hier vertrauliche Inhalte zurück");
    // Nothing new: a display name change, another member of an agency.
    sync(t, member(EVE, "join", "Eva"), member("@carl:stadt.example", "join"));
    expect(reports(t.advance(REPORT_DELAY_MS))).toEqual([]);
    sync(t, member(EVE, "leave"));
    expect(reports(t.advance(REPORT_DELAY_MS)).map((o) => o.body)).toEqual(["Raum geprüft: keine Beanstandungen mehr. Vertrauliche Inhalte sendet der Bot in diesen Raum wieder."]);
    expect(audits(t, "room.warning").map((a) => JSON.parse(a.details) as unknown)).toEqual([{ findings: ["strangers"], strangers: [EVE], roomSafety: "withhold" }]);
    expect(audits(t, "room.clean")).toHaveLength(1);
  });

  it("reports a state change: a public join rule, a world-readable history, an ACL with a wildcard", async () => {
    const t = await world();
    sync(
      t,
      { type: "m.room.join_rules", state_key: "", sender: ANNA, content: { join_rule: "public" } },
      { type: "m.room.history_visibility", state_key: "", sender: ANNA, content: { history_visibility: "world_readable" } },
      { type: "m.room.server_acl", state_key: "", sender: ANNA, content: { allow: ["*"], deny: [], allow_ip_literals: false } },
    );
    const [report] = reports(t.advance(REPORT_DELAY_MS));
    expect(report?.body.split("\n")).toEqual([
      "Raum geprüft: 3 Beanstandungen",
      expect.stringContaining("• Jede Person kann dem Raum ohne Einladung beitreten (öffentlicher Raum). Abhilfe: Element: Raumeinstellungen → Sicherheit & Datenschutz → Zugang → „Privat (nur mit Einladung)“."),
      expect.stringContaining("• Der Verlauf ist für alle lesbar"),
      expect.stringContaining("• Die Server-ACL lässt mit * beliebige weitere Server zu."),
    ]);
  });

  it("finds a plaintext room from the room state when encryption is on, leaving how the bot sends to E2EE", async () => {
    const t = await world({ encryption: true });
    expect(t.reply(ANNA, "!raum").body).toContain("Der Raum ist nicht verschlüsselt");
    // The read of the state tells the report only: what the outbox sends with still comes from sync or its own lookup.
    expect(t.count("SELECT COUNT(*) FROM room_encryption")).toBe(0);
    sync(t, { type: "m.room.encryption", state_key: "", sender: ANNA, content: { algorithm: "m.megolm.v1.aes-sha2" } });
    expect(t.reply(ANNA, "!raum").body).toBe("Raum geprüft: keine Beanstandungen.");
  });

  it("waits for the whole state before it reports (sync alone may not show everyone)", () => {
    const t = setup();
    t.homeserver.state = new Promise<unknown[]>(() => {}); // the read is under way
    sync(t, member(EVE, "join"));
    expect(reports(t.advance(REPORT_DELAY_MS))).toEqual([]);
    // The withholding does not wait: the stranger is known.
    expect(t.reply(ANNA, "!lage").body).toContain("zurückgehalten");
    expect(t.reply(ANNA, "!raum").body).toContain("Der Raumzustand wird gerade noch vollständig gelesen");
  });

  it("reads the whole state again on a later sync when a read failed", async () => {
    const t = setup();
    t.homeserver.state = Promise.reject(new Error("socket hang up"));
    await t.rooms.readRoom(ROOM);
    expect(t.reply(ANNA, "!raum").body).toContain("wird gerade noch vollständig gelesen");
    t.homeserver.state = STATE;
    t.clock.advance(30_000);
    sync(t);
    await new Promise((r) => setImmediate(r));
    expect(t.reply(ANNA, "!raum").body).toBe("Raum geprüft: keine Beanstandungen.");
  });

  it("takes what sync brought during the read of the whole state as newer than the read", async () => {
    const t = setup();
    let answer: (v: unknown[]) => void = () => {};
    t.homeserver.state = new Promise<unknown[]>((r) => (answer = r));
    const done = t.rooms.readRoom(ROOM);
    sync(t, member(EVE, "join"));
    answer([...STATE]); // the read began before Eve's join
    await done;
    expect(t.reply(ANNA, "!raum").body).toContain("@eve:fremd.example gehört zu keiner");
  });
});
