// A link to another message of ours that may not be sent yet (a re-posted card, issue 20): the
// builder leaves a placeholder with its outbox id, and the outbox fills in the event when it sends
// the message holding it (matrix/outbox.ts). A room's rows go out in id order, so the message linked
// to, queued earlier, has its event by then; if it has none (it failed), the link goes to the room.
import type { EventId, RoomId } from "../ids.ts";
import { escapeHtml } from "./rich.ts";
import type { Rich } from "./rich.ts";

// Private-use characters: rich.ts `text()` replaces them in user text, so only this builder makes one.
const OPEN = "\uE002";
const CLOSE = "\uE003";
const PLACEHOLDER = /\uE002(\d{1,15})\uE003/g;

/** A link to our message with this outbox id, `label` its text in HTML; the plain body shows the URL. */
export function outboxLink(outboxId: number, label: string): Rich {
  const url = `${OPEN}${String(outboxId)}${CLOSE}`;
  return { plain: url, html: `<a href="${url}">${escapeHtml(label)}</a>`, mentions: [] };
}

/** The matrix.to link of an event (or of the room, without one). */
export function eventUrl(roomId: RoomId, eventId: EventId | null): string {
  return `https://matrix.to/#/${encodeURIComponent(roomId)}${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;
}

/** The content with its links filled in: `eventOf` gives the event of an outbox row, once sent. */
export function resolveOutboxLinks(content: Record<string, unknown>, roomId: RoomId, eventOf: (outboxId: number) => EventId | null): Record<string, unknown> {
  const fill = (s: string, html: boolean): string =>
    s.replace(PLACEHOLDER, (_all, id: string) => {
      const url = eventUrl(roomId, eventOf(Number(id)));
      return html ? escapeHtml(url) : url;
    });
  const body = content["body"];
  const html = content["formatted_body"];
  if (!(typeof body === "string" && body.includes(OPEN)) && !(typeof html === "string" && html.includes(OPEN))) return content;
  return {
    ...content,
    ...(typeof body === "string" ? { body: fill(body, false) } : {}),
    ...(typeof html === "string" ? { formatted_body: fill(html, true) } : {}),
  };
}
