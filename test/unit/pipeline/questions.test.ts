// The bot's "Grund?" question on a press draft is about the version the person saw: revising,
// withdrawing or releasing the draft, or taking the ❌ back, closes it, and a late reply is told so
// instead of deciding on a text its sender never saw (issue 17, review S1).
import { describe, expect, it } from "vitest";
import { closeQuestions, questionAsked } from "../../../src/store/questions.ts";
import { recordQuestion } from "../../../src/pipeline/questions.ts";
import type { OutboxId } from "../../../src/store/outbox.ts";
import type { RoomId, UserId } from "../../../src/ids.ts";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { ROOM, setup } from "../../support/pipeline.ts";
import { ensureRecurring } from "../../../src/records/recurring.ts";
import type { Sent } from "../../support/pipeline.ts";
import { ANNA, draft, react, redact, sent } from "../../support/press.ts";

type T = ReturnType<typeof setup>;

const EXPIRED = "Diese Rückfrage gilt nicht mehr. Bitte senden Sie den Befehl noch einmal vollständig.";

/** Pretends our message was sent, so a reply can point at it. */
function sentAs(t: T, msg: Sent | undefined, eventId: string): string {
  t.db.prepare("UPDATE outbox SET event_id = ?, state = 'sent' WHERE id = ?").run(eventId, msg?.id ?? -1);
  return eventId;
}

const replyTo = (t: T, sender: string, eventId: string, body: string): string[] =>
  t.send(sender, body, { "m.relates_to": { "m.in_reply_to": { event_id: eventId } } }).map((o) => o.body);

const rejections = (t: T): unknown[] => t.db.prepare("SELECT version || ':' || via || ':' || coalesce(reason, '') FROM press_approvals WHERE kind = 'reject' AND revoked_at IS NULL").pluck().all();

/** Police ❌ on version 1 of PR-1: the bot asks for the reason. The question's event ID. */
function rejectByReaction(t: T): { question: string; reaction: string } {
  draft(t);
  const r = react(t, POLICE_PRESS, sent(t, 1, 1), "❌");
  return { question: sentAs(t, r.out.find((o) => o.body.includes("Bitte nennen Sie den Grund")), "$why"), reaction: r.id };
}

describe("a reply to a question about a press draft", () => {
  it("does not reject a revision its sender never saw (❌, then a revision)", () => {
    const t = setup();
    const { question } = rejectByReaction(t);
    t.send(ANNA, "!presse überarbeiten PR-1\nNeuer Text am Bahnhof mit Uhrzeit.");
    expect(replyTo(t, POLICE_PRESS, question, "Uhrzeit fehlt")).toEqual([EXPIRED]);
    // The ❌ stays on version 1, where it was given; version 2 is not rejected.
    expect(rejections(t)).toEqual(["1:reaction:"]);
    // Told once; after that a reply is chat.
    expect(replyTo(t, POLICE_PRESS, question, "Uhrzeit fehlt")).toEqual([]);
  });

  it("does not reject a revision its sender never saw (!presse ablehnen without a reason, then a revision)", () => {
    const t = setup();
    draft(t);
    const q = sentAs(t, t.reply(CITY_PRESS, "!presse ablehnen PR-1"), "$why");
    t.send(ANNA, "!presse überarbeiten PR-1\nNeuer Text am Bahnhof mit Uhrzeit.");
    expect(replyTo(t, CITY_PRESS, q, "Uhrzeit fehlt")).toEqual([EXPIRED]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals")).toBe(0);
  });

  it("does not bring back a ❌ that was taken back", () => {
    const t = setup();
    const { question, reaction } = rejectByReaction(t);
    redact(t, POLICE_PRESS, reaction);
    expect(replyTo(t, POLICE_PRESS, question, "doch nicht")).toEqual([EXPIRED]);
    expect(rejections(t)).toEqual([]);
  });

  it("is too late once the draft was withdrawn or released", () => {
    const t = setup();
    const { question } = rejectByReaction(t);
    t.send(ANNA, "!presse zurückziehen PR-1");
    expect(replyTo(t, POLICE_PRESS, question, "Uhrzeit fehlt")).toEqual([EXPIRED]);

    draft(t);
    const q = sentAs(t, t.reply(CITY_PRESS, "!presse ablehnen PR-2"), "$why2");
    t.send(CITY_PRESS, "!presse freigeben PR-2");
    t.send(POLICE_PRESS, "!presse freigeben PR-2");
    t.send(ANNA, "!presse veröffentlichen PR-2");
    expect(t.db.prepare("SELECT state FROM press_drafts WHERE id = 2").pluck().get()).toBe("released");
    expect(replyTo(t, CITY_PRESS, q, "Uhrzeit fehlt")).toEqual([EXPIRED]);
    expect(t.count("SELECT COUNT(*) FROM press_approvals WHERE draft_id = 2 AND kind = 'reject'")).toBe(0);
  });

  it("still completes the rejection while the version stands", () => {
    const t = setup();
    const { question } = rejectByReaction(t);
    replyTo(t, POLICE_PRESS, question, "Uhrzeit fehlt");
    expect(rejections(t)).toEqual(["1:command:Uhrzeit fehlt"]);
  });

  it("counts when it was sent, not when the bot got to it, and only as text", () => {
    const t = setup();
    const { question } = rejectByReaction(t);
    const sentAt = t.clock.t + 5 * 60_000;
    const image = { msgtype: "m.image", body: "IMG_1234.jpg", url: "mxc://stadt.example/x", "m.relates_to": { "m.in_reply_to": { event_id: question } } };
    expect(t.event({ type: "m.room.message", sender: POLICE_PRESS, content: image })).toEqual([]);
    // Sent five minutes after the question, handled eleven minutes after it (the bot was down).
    t.clock.advance(11 * 60_000);
    const late = { msgtype: "m.text", body: "Uhrzeit fehlt", "m.relates_to": { "m.in_reply_to": { event_id: question } } };
    t.event({ type: "m.room.message", sender: POLICE_PRESS, origin_server_ts: sentAt, content: late });
    expect(rejections(t)).toEqual(["1:command:Uhrzeit fehlt"]);
  });

  it("is not asked for a draft that does not exist", () => {
    const t = setup();
    expect(t.reply(POLICE_PRESS, "!presse ablehnen PR-9").body).toBe("Eine Pressemitteilung PR-9 gibt es nicht. Übersicht: !presse liste");
  });
});

describe("closing questions", () => {
  it("closes every version of one draft, only the person's if named, and not PR-10's", () => {
    const t = setup();
    const room = "!room:stadt.example" as RoomId;
    const ask = (id: number, person: string, about: string): void =>
      recordQuestion(t.db, { outboxId: id as OutboxId, roomId: room, person: person as UserId, command: "press reject PR-1", about }, 0);
    ask(1, CITY_PRESS, "press:PR-1:1");
    ask(2, POLICE_PRESS, "press:PR-1:2");
    ask(3, CITY_PRESS, "press:PR-10:1");
    expect(closeQuestions(t.db, "press:PR-1:", 5, POLICE_PRESS as UserId)).toBe(1);
    expect(closeQuestions(t.db, "press:PR-1:", 6)).toBe(1);
    expect([1, 2, 3].map((id) => questionAsked(t.db, id as OutboxId)?.closedAt ?? null)).toEqual([6, 5, null]);
  });
});

describe("old questions", () => {
  it("are forgotten by the nightly retention run a week after they expired, even when no new one is asked", () => {
    const t = setup();
    ensureRecurring(t, [ROOM]);
    t.advance(0);
    rejectByReaction(t);
    t.advance(24 * 3600_000);
    expect(t.count("SELECT COUNT(*) FROM questions")).toBe(1);
    t.advance(7 * 24 * 3600_000);
    expect(t.count("SELECT COUNT(*) FROM questions")).toBe(0);
  });
});
