// `!presse zeigen PR-n` (issue 20): the current card posted again for late joiners; the old card
// points to the new one, and only reactions on the newest card count.
import { describe, expect, it } from "vitest";
import type { EventId } from "../../../src/ids.ts";
import { resolveOutboxLinks } from "../../../src/render/event-link.ts";
import { CITY_PRESS, POLICE_PRESS } from "../../support/db.ts";
import { ROOM, setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";
import { ANNA, draft, edits, messages, react } from "../../support/press.ts";

type T = ReturnType<typeof setup>;

/** Pretends one outbox row was sent, as this event. */
function sentAs(t: T, outboxId: number, eventId: string): string {
  t.db.prepare("UPDATE outbox SET event_id = ?, state = 'sent' WHERE id = ?").run(eventId, outboxId);
  return eventId;
}

const cardRow = (out: Sent[]): Sent => {
  const c = messages(out).find((o) => o.body.includes("Entwurf PR-1"));
  if (!c) throw new Error(`no card among ${out.map((o) => o.body).join(" | ")}`);
  return c;
};

const approvals = (t: T): number => t.count("SELECT COUNT(*) FROM press_approvals WHERE revoked_at IS NULL");

/** PR-1 drafted, its card sent as $old, then posted again (sent as $new). */
function reposted(t: T) {
  const first = cardRow(draft(t));
  const old = sentAs(t, first.id, "$old");
  const out = t.send(ANNA, "!presse zeigen PR-1");
  const again = cardRow(out);
  const fresh = sentAs(t, again.id, "$new");
  return { first, old, out, again, fresh };
}

describe("!presse zeigen", () => {
  it("posts the current card again, seeded with ✅ and ❌, without pinging the approvers again", () => {
    const t = setup();
    const { out, again } = reposted(t);
    expect(again.body).toContain("Entwurf PR-1 (Version 1) – Freigabe ausstehend: Stadt und Polizei");
    expect(again.msgtype).toBe("m.notice");
    expect(again.mentions).toEqual([]);
    expect(out.filter((o) => o.kind === "reaction").map((o) => (o.content["m.relates_to"] as { key: string }).key)).toEqual(["✅", "❌"]);
  });

  it("edits the old card to say it is outdated, with a link to the new card", () => {
    const t = setup();
    const { first, out, again } = reposted(t);
    const [edit, ...more] = edits(out);
    expect(more).toEqual([]);
    const target = t.db.prepare<[number], { target_outbox_id: number }>("SELECT target_outbox_id FROM outbox WHERE id = ?").get(edit?.id ?? -1);
    expect(target?.target_outbox_id).toBe(first.id);
    // The outbox fills in the new card's event as it sends the edit (the new card went first).
    const content = resolveOutboxLinks(edit?.content ?? {}, ROOM, (id) => (id === again.id ? ("$new" as EventId) : null));
    expect(content["body"]).toContain("PR-1 (Version 1): Diese Karte ist veraltet – aktuell: https://matrix.to/#/!room%3Astadt.example/%24new");
    expect(content["body"]).toContain("Reaktionen auf diese Karte zählen nicht mehr; bitte auf der aktuellen Karte reagieren.");
    expect(content["formatted_body"]).toContain('<a href="https://matrix.to/#/!room%3Astadt.example/%24new">neue Karte</a>');
  });

  it("counts a ✅ on the new card, not one on the old card, whose reactor is told once where it counts", () => {
    const t = setup();
    const { old, fresh } = reposted(t);
    const hint = react(t, CITY_PRESS, old).out;
    expect(hint.map((o) => o.body)).toEqual([expect.stringContaining("Ihr ✅ auf einer veralteten Karte von PR-1 zählt nicht. Bitte reagieren Sie auf der aktuellen Karte:") as unknown]);
    expect(approvals(t)).toBe(0);
    // The same person again: no second hint.
    expect(react(t, CITY_PRESS, old, "👍").out).toEqual([]);
    react(t, CITY_PRESS, fresh);
    expect(approvals(t)).toBe(1);
    react(t, POLICE_PRESS, fresh);
    expect(t.db.prepare<[], { state: string }>("SELECT state FROM press_drafts WHERE id = 1").get()?.state).toBe("approved");
  });

  it("keeps the new card current: a later decision edits it, not the old one", () => {
    const t = setup();
    const { first, again } = reposted(t);
    const out = t.send(CITY_PRESS, "!presse freigeben PR-1");
    const targets = edits(out).map((e) => t.db.prepare<[number], { target_outbox_id: number }>("SELECT target_outbox_id FROM outbox WHERE id = ?").get(e.id)?.target_outbox_id);
    expect(targets).toContain(again.id);
    expect(targets).not.toContain(first.id);
  });

  it("answers an unknown draft and leaves !presse status as it was", () => {
    const t = setup();
    expect(t.reply(ANNA, "!presse zeigen PR-9").body).toContain("Eine Pressemitteilung PR-9 gibt es nicht");
    draft(t);
    expect(t.reply(ANNA, "!presse status PR-1").body).toContain("Versionen");
    expect(t.reply(ANNA, "!press card PR-9").body).toContain("PR-9");
  });
});
