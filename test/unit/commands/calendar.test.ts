// !kalender abo: the link goes by direct message only, the feed serves what the file exports do
// (same UIDs, cancellations), answers 304 to its own ETag, and 404 once revoked, replaced or left.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { families } from "../../../commands/index.ts";
import { answer, etagOf, matches } from "../../../src/http/calendar-feed.ts";
import type { EventId } from "../../../src/ids.ts";
import { markSent } from "../../../src/store/outbox.ts";
import type { OutboxId } from "../../../src/store/outbox.ts";
import { feedTokenHash, newFeedToken } from "../../../src/store/calendar-feed.ts";
import { ROOM, setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";
const BEN = "@ben:polizei.example";
const calendar = { calendar: { publicUrl: "https://lagebot.stadt.example/", port: 0 } };
const URL_RE = /https:\/\/lagebot\.stadt\.example\/calendar\/([A-Za-z0-9_-]{43})\.ics/;

type T = ReturnType<typeof setup>;

function world(): T {
  const t = setup({ config: calendar });
  for (const user of [ANNA, BEN]) {
    t.db.prepare("INSERT INTO room_members (room_id, user_id, membership, display_name, updated_at) VALUES (?, ?, 'join', NULL, 0)").run(ROOM, user);
  }
  return t;
}

/** Subscribes: the room reply, the direct message, and the token in it. */
function subscribe(t: T, who = ANNA, text = "!kalender abo"): { room: Sent; direct: Sent; token: string } {
  const out = t.send(who, text);
  const room = out.find((o) => o.roomId === ROOM);
  const direct = out.find((o) => o.roomId === who && o.kind === "message");
  const token = URL_RE.exec(direct?.body ?? "")?.[1];
  if (!room || !direct || !token) throw new Error(`no subscription: ${out.map((o) => `${o.roomId} ${o.body}`).join(" | ")}`);
  return { room, direct, token };
}

const get = (t: T, token: string, ifNoneMatch?: string) =>
  answer({ db: t.db, config: t.config, clock: t.clock, families }, { method: "GET", url: `/calendar/${token}.ics`, ifNoneMatch });

describe("!kalender abo", () => {
  it("sends the link by direct message only; the room is told that, without the link", () => {
    const t = world();
    const { room, direct, token } = subscribe(t);
    expect(room.body).toBe("Der Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet.");
    expect(room.replyTo).toBeDefined();
    expect(room.body + room.html).not.toContain("/calendar/");
    expect(direct.body.split("\n")).toEqual([
      "Ihr persönlicher Kalender (Abonnement)",
      `https://lagebot.stadt.example/calendar/${token}.ics`,
      "Im Kalenderprogramm als Kalender-Abonnement (Kalender aus dem Internet) hinzufügen: Er zeigt die gemeinsamen Einsätze und die Sitzungen der Gremien und hält sich selbst aktuell.",
      "Der Link ist geheim: Wer ihn kennt, sieht diese Termine. Bitte nicht weitergeben. Sperren mit !kalender abo widerrufen, einen neuen Link gibt !kalender abo.",
    ]);
    expect(direct.msgtype).toBe("m.text");
  });

  it("stores only the SHA-256 of the token, audits without it, and drops the sent message's text", () => {
    const t = world();
    const { direct, token } = subscribe(t);
    expect(t.db.prepare("SELECT token_hash FROM calendar_feeds WHERE user_id = ?").pluck().get(ANNA)).toBe(createHash("sha256").update(token).digest("hex"));
    const audit = t.db.prepare<[], { action: string; details: string }>("SELECT action, details FROM audit WHERE action LIKE 'calendar.%'").all();
    expect(audit).toEqual([{ action: "calendar.subscribe", details: JSON.stringify({ replaced: false, sentTo: "direct" }) }]);
    const hash = feedTokenHash(token);
    const everything = JSON.stringify(t.db.prepare("SELECT * FROM audit").all());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(hash);
    // Until it is sent the outbox holds the link (it has to); once sent, only the message type.
    markSent(t.db, direct.id as OutboxId, "$sent" as EventId, t.clock.t);
    expect(t.db.prepare("SELECT content FROM outbox WHERE id = ?").pluck().get(direct.id)).toBe(JSON.stringify({ msgtype: "m.text" }));
    expect(JSON.stringify(t.db.prepare("SELECT * FROM outbox").all())).not.toContain(token);
  });

  it("makes tokens of 32 random bytes in base64url", () => {
    const a = newFeedToken();
    const b = newFeedToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, "base64url")).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(feedTokenHash(a.token));
  });

  it("says when the feed is off, with no configuration terms in the room", () => {
    const t = setup();
    expect(t.reply(ANNA, "!kalender abo").body).toBe(
      "Das Kalender-Abonnement ist bei diesem Bot nicht eingeschaltet. Bitte wenden Sie sich an die Bot-Verwaltung.",
    );
    expect(t.count("SELECT COUNT(*) FROM calendar_feeds")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM outbox WHERE room_id NOT LIKE '!%'")).toBe(0);
  });

  it("answers in English with !calendar subscribe and revoke", () => {
    const t = setup({ config: { ...calendar, language: "en" } });
    const out = t.send(ANNA, "!calendar subscribe");
    expect(out.find((o) => o.roomId === ROOM)?.body).toBe("The link to your personal calendar has been sent to you by direct message.");
    expect(t.reply(ANNA, "!calendar revoke").body).toBe("Your calendar subscription is revoked. The link shows no dates any more.");
    expect(t.reply(ANNA, "!calendar revoke").body).toBe("You have no calendar subscription; there is nothing to revoke.");
  });

  it("lists both forms in !hilfe, revoking once, in the spellings a bare !kalender offers", () => {
    const t = setup({ config: calendar });
    const body = t.reply(ANNA, "!hilfe kalender").body;
    expect(body).toContain("• !kalender abo – sendet Ihnen per Direktnachricht den Link zu Ihrem persönlichen Kalender der Einsätze und Sitzungen (ein neuer ersetzt den alten) (englisch");
    expect(body).toContain(
      "• !kalender abo widerrufen – widerruft Ihren Kalender-Link; er zeigt danach keine Termine mehr (kurz: !kalender widerrufen) (englisch: !calendar revoke)",
    );
    expect(body.match(/widerruf/g)).toHaveLength(3);
    expect(t.reply(ANNA, "!kalender widerrufen").body).toBe("Sie haben kein Kalender-Abonnement; es gibt nichts zu widerrufen.");
  });
});

describe("the calendar feed", () => {
  it("serves the operations and meetings with the UIDs of the file exports, a cancellation as CANCELLED", () => {
    const t = world();
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00" ort=Markt');
    t.reply(ANNA, '!einsatz planen Kontrolle wann="06.12.2026 10:00"');
    t.reply(ANNA, "!einsatz absagen OP-2 Wetter");
    t.reply("@ob-buero:stadt.example", '!gremium anlegen verkehr name=Verkehrsausschuss turnus="dienstag 10:00"');
    const { token } = subscribe(t);
    const res = get(t, token);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(res.body).toMatch(/^BEGIN:VCALENDAR/);
    expect(res.body).toContain("BEGIN:VTIMEZONE");
    const uids = [...res.body.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim());
    const opFile = t.send(ANNA, "!einsatz kalender alle").find((o) => o.kind === "upload")?.file?.toString("utf8") ?? "";
    const cmFile = t.send(ANNA, "!gremium kalender verkehr").find((o) => o.kind === "upload")?.file?.toString("utf8") ?? "";
    const fileUids = [...(opFile + cmFile).matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim());
    expect(uids).toEqual(fileUids);
    expect(uids).toEqual(["op-1@lagebot.127.0.0.1", "op-2@lagebot.127.0.0.1", "committee-1@lagebot.127.0.0.1"]);
    const cancelled = res.body.split("BEGIN:VEVENT").find((e) => /^UID:op-2@/m.test(e)) ?? "";
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(res.body.split("BEGIN:VEVENT").find((e) => /^UID:op-1@/m.test(e))).toContain("STATUS:CONFIRMED");
    expect(res.body).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    for (const s of res.body.matchAll(/^DTSTAMP:(.*)$/gm)) expect(s[1]?.trim()).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("answers 304 to its own ETag, and a new tag once something changed", () => {
    const t = world();
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00"');
    const { token } = subscribe(t);
    const first = get(t, token);
    const etag = first.headers["etag"] ?? "";
    expect(etag).toBe(etagOf(first.body));
    const again = get(t, token, etag);
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers["etag"]).toBe(etag);
    expect(get(t, token, `W/${etag}, "other"`).status).toBe(304);
    expect(get(t, token, '"other"').status).toBe(200);
    t.reply(ANNA, "!einsatz absagen OP-1 Wetter");
    const changed = get(t, token, etag);
    expect(changed.status).toBe(200);
    expect(changed.headers["etag"]).not.toBe(etag);
  });

  it("answers 404 once revoked, for the old token after a new subscription, and for a holder who left every served room", () => {
    const t = world();
    const { token } = subscribe(t);
    expect(get(t, token).status).toBe(200);
    expect(t.reply(ANNA, "!kalender abo widerrufen").body).toBe("Ihr Kalender-Abonnement ist widerrufen. Der Link zeigt keine Termine mehr.");
    expect(get(t, token).status).toBe(404);
    expect(t.reply(ANNA, "!kalender abo widerrufen").body).toBe("Sie haben kein Kalender-Abonnement; es gibt nichts zu widerrufen.");

    const second = subscribe(t);
    const third = subscribe(t);
    expect(third.room.body).toBe("Der neue Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet. Der bisherige Link gilt nicht mehr.");
    expect(get(t, second.token).status).toBe(404);
    expect(get(t, third.token).status).toBe(200);
    // The refused revocation is in the log as a refusal of the verb it came through.
    const actions = t.db.prepare("SELECT action || ' ' || outcome FROM audit WHERE action LIKE 'calendar.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(["calendar.subscribe ok", "calendar.revoke ok", "calendar.subscribe refused", "calendar.subscribe ok", "calendar.subscribe ok"]);

    // Someone else's feed is not touched by Anna's.
    const ben = subscribe(t, BEN);
    t.db.prepare("DELETE FROM room_members WHERE user_id = ?").run(ANNA);
    expect(get(t, third.token).status).toBe(404);
    expect(get(t, ben.token).status).toBe(200);
  });

  it("answers 404 to anything but a feed path, and 405 to other methods", () => {
    const t = world();
    const { token } = subscribe(t);
    const env = { db: t.db, config: t.config, clock: t.clock, families };
    expect(answer(env, { method: "GET", url: `/calendar/${token}`, ifNoneMatch: undefined }).status).toBe(404);
    expect(answer(env, { method: "GET", url: `/calendar/${"A".repeat(43)}.ics`, ifNoneMatch: undefined }).status).toBe(404);
    expect(answer(env, { method: "GET", url: `/calendar/${token}.ics?x=1`, ifNoneMatch: undefined }).status).toBe(200);
    expect(answer(env, { method: "POST", url: `/calendar/${token}.ics`, ifNoneMatch: undefined }).status).toBe(405);
    expect(matches(undefined, '"a"')).toBe(false);
    expect(matches("*", '"a"')).toBe(true);
  });
});
