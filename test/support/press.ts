// Press cards in unit tests: drafting, pretending a card was sent, reacting and redacting, and
// reading a card as it stands after its latest edit. Shared by the press unit test files.
import { CITY_PRESS, POLICE_PRESS } from "./db.ts";
import type { Sent, setup } from "./pipeline.ts";

export const ANNA = "@anna:stadt.example"; // city member, no press role
export const BEN = "@ben:polizei.example"; // police member, no press role
export const TEXT = "Stadt und Polizei kontrollieren am Freitag gemeinsam den Bahnhofsplatz.\nAnsprechpartner: Pressestelle.";

export type T = ReturnType<typeof setup>;

export function draft(t: T, sender = ANNA, body = TEXT): Sent[] {
  return t.send(sender, `!presse entwurf Kontrollen am Bahnhof\n${body}`);
}

/** Pretends the card of PR-id version v was sent, so reactions and replies can point at it. */
export function sent(t: T, id: number, v: number): string {
  const eventId = `$card${id}v${v}`;
  t.db.prepare("UPDATE outbox SET event_id = ?, state = 'sent' WHERE ref = ?").run(eventId, `press:card:${id}:${v}`);
  return eventId;
}

let reactions = 0;
export function react(t: T, sender: string, target: string, key = "✅"): { id: string; out: Sent[] } {
  const id = `$reaction${++reactions}`;
  const out = t.event({ type: "m.reaction", sender, event_id: id, content: { "m.relates_to": { rel_type: "m.annotation", event_id: target, key } } });
  return { id, out };
}

export const redact = (t: T, sender: string, reaction: string): Sent[] => t.event({ type: "m.room.redaction", sender, content: { redacts: reaction } });

/** The card of PR-id version v as it reads now (after its latest edit). */
export function card(t: T, id: number, v: number): string {
  const c = t.db.prepare<[string], { id: number }>("SELECT id FROM outbox WHERE ref = ?").get(`press:card:${id}:${v}`);
  const row = t.db
    .prepare<[number, number], { content: string }>("SELECT content FROM outbox WHERE id = ? OR (kind = 'edit' AND target_outbox_id = ?) ORDER BY id DESC LIMIT 1")
    .get(c?.id ?? -1, c?.id ?? -1);
  const body = row ? (JSON.parse(row.content) as { body?: unknown }).body : undefined;
  return typeof body === "string" ? body : "";
}

export const state = (t: T, id = 1): string => t.db.prepare<[number], { state: string }>("SELECT state FROM press_drafts WHERE id = ?").get(id)?.state ?? "none";
export const edits = (out: Sent[]): Sent[] => out.filter((o) => o.kind === "edit");
export const messages = (out: Sent[]): Sent[] => out.filter((o) => o.kind === "message");

/** Draft PR-1 by Anna, approved by both press offices by reaction; returns the card's event id. */
export function approvedDraft(t: T): { card: string; city: string; police: string } {
  draft(t);
  const c = sent(t, 1, 1);
  const city = react(t, CITY_PRESS, c).id;
  const police = react(t, POLICE_PRESS, c).id;
  return { card: c, city, police };
}
