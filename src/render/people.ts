// People in messages: by the name they have in the room, never by a bare Matrix ID. A builder does
// not know the room a message goes to, so `person` and `mention` leave a placeholder that
// `resolvePeople` turns into the name when the message is put into the outbox for its room
// (pipeline/context.ts, messageContent). The one rule for a name is `nameIn` below.
import type { UserId } from "../ids.ts";
import type { RoomMember } from "../store/member-names.ts";
import { escapeHtml } from "./html.ts";
import type { Rich } from "./html.ts";

// Private-use characters: rich.ts `text()` replaces them in user text, so only these builders make one.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000([mp])([^\uE000\uE001]*)\uE001/g;

const placeholder = (kind: "m" | "p", user: UserId): string => `${OPEN}${kind}${encodeURIComponent(user)}${CLOSE}`;

/** A person by name, a pill that notifies them (listed in m.mentions). */
export function mention(user: UserId): Rich {
  return { plain: placeholder("p", user), html: placeholder("m", user), mentions: [user] };
}

/** A person by name, without notifying them (lists, rosters, histories). */
export function person(user: UserId): Rich {
  return { plain: placeholder("p", user), html: placeholder("p", user), mentions: [] };
}

export type { RoomMember };

/** A person's name in one room. */
export type Names = (user: UserId) => string;

/** "@anna:stadt.test" → "anna". */
export function localpart(user: UserId): string {
  const colon = user.indexOf(":");
  return user.slice(1, colon > 0 ? colon : undefined) || user;
}

/** Names where no room is known (direct messages, error replies): the localpart. */
export const byLocalpart: Names = localpart;

// Control and bidirectional formatting characters could break a line or turn the text around it.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\uE000\uE001]/g;

/** A display name as it can be shown in one line, or null when nothing is left of it. */
function cleanName(raw: string | null): string | null {
  const name = raw?.replace(UNSAFE, " ").replace(/\s+/g, " ").trim() ?? "";
  return name.length > 0 ? name.slice(0, 100) : null;
}

/**
 * Holds something like a Matrix ID ("@ben:polizei.example", also in full-width or small @ and colon):
 * shown with the real ID, so "Ben Krause (@ben:polizei.example)" set by someone else cannot pass for
 * the disambiguated name of the real Ben.
 */
const holdsUserId = (name: string): boolean => /[@\uFF20\uFE6B][^\s:\uFF1A()]+[:\uFF1A][^\s()]+/.test(name);

/** A member's name as shown, before telling apart two who share it: the display name, else the localpart. */
export function labelOf(m: RoomMember): string {
  return cleanName(m.displayName) ?? localpart(m.userId);
}

/**
 * The spec's display-name rules, per room: the member's displayname; the localpart when there is
 * none (or the person is not a member); "Name (@user:server)" when another member of the room goes
 * by the same name, or the name holds anything like a Matrix ID.
 */
export function nameIn(members: readonly RoomMember[]): Names {
  const own = new Map<UserId, string>();
  const count = new Map<string, number>();
  for (const m of members) {
    const label = labelOf(m);
    own.set(m.userId, label);
    count.set(label, (count.get(label) ?? 0) + 1);
  }
  return (user) => {
    const label = own.get(user) ?? localpart(user);
    const others = (count.get(label) ?? 0) - (own.has(user) ? 1 : 0);
    return others > 0 || holdsUserId(label) ? `${label} (${user})` : label;
  };
}

/** The matrix.to link of a user, readable: `https://matrix.to/#/@anna:stadt.test`. */
export function userLink(user: UserId): string {
  return `https://matrix.to/#/${encodeURIComponent(user).replace(/%40/g, "@").replace(/%3A/gi, ":")}`;
}

const decode = (s: string): UserId | null => {
  try {
    return decodeURIComponent(s) as UserId;
  } catch {
    return null;
  }
};

/** The message with every person in it named; `names` is asked for only when there is someone to name. */
export function resolvePeople(message: Rich, names: () => Names): Rich {
  if (!message.plain.includes(OPEN) && !message.html.includes(OPEN)) return message;
  const lookup = names();
  const fill = (s: string, html: boolean): string =>
    s.replace(PLACEHOLDER, (_all, kind: string, enc: string) => {
      const user = decode(enc);
      if (!user) return "";
      const name = lookup(user);
      if (!html) return name;
      return kind === "m" ? `<a href="${escapeHtml(userLink(user))}">${escapeHtml(name)}</a>` : escapeHtml(name);
    });
  return { plain: fill(message.plain, false), html: fill(message.html, true), mentions: message.mentions };
}
