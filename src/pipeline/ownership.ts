// Who may change an item that belongs to people: the people it belongs to (its owner, whoever created
// it) or a holder of the role that looks after all such items. One rule for every family; what
// "belongs to" means is decided per item type in the table below, and a refusal names who may.
import type { Role } from "../config.ts";
import { asUserId } from "../ids.ts";
import type { UserId } from "../ids.ts";
import type { Lang } from "../i18n/lang.ts";
import { coreMessages } from "../i18n/core.ts";
import { labelOf, localpart } from "../render/people.ts";
import type { RoomMember } from "../render/people.ts";
import { code, concat, join, person, r } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import type { CommandContext, Outcome } from "./family.ts";

/** How someone holds an item, for the refusal ("@ben (verantwortlich)"). */
export type HolderKind = "owner" | "creator" | "roster" | "author";

export interface Ownership {
  holders: ReadonlyArray<{ user: UserId | null; as: HolderKind }>;
  /** Members with one of these roles may act on anyone's item. */
  roles: readonly Role[];
}

/** The one rule: a holder of the item, or a member with one of its roles. */
export function mayChange(actor: { userId: UserId; roles: ReadonlySet<Role> }, o: Ownership): boolean {
  return o.holders.some((h) => h.user === actor.userId) || o.roles.some((role) => actor.roles.has(role));
}

/**
 * Per item type, whom it belongs to. Committee work (action and agenda items) is looked after by the
 * chair; an operation's report may come from whoever planned it or stands on its roster, or from the
 * planners and the chair; a hotspot is closed by whoever registered it or the chair; a press draft is
 * its author's and the press approvers'. A roster entry is its member's alone: `!op leave` only ever
 * removes the sender, so there is nothing to check.
 */
export const ownershipOf = {
  actionItem: (a: { owner: UserId; createdBy: UserId }): Ownership => ({
    holders: [{ user: a.owner, as: "owner" }, { user: a.createdBy, as: "creator" }],
    roles: ["chair"],
  }),
  agendaItem: (a: { owner: UserId | null; createdBy: UserId }): Ownership => ({
    holders: [{ user: a.owner, as: "owner" }, { user: a.createdBy, as: "creator" }],
    roles: ["chair"],
  }),
  hotspot: (s: { createdBy: UserId }): Ownership => ({ holders: [{ user: s.createdBy, as: "creator" }], roles: ["chair"] }),
  operationReport: (op: { createdBy: UserId; roster: ReadonlyMap<string, readonly UserId[]> }): Ownership => ({
    holders: [{ user: op.createdBy, as: "creator" }, ...[...op.roster.values()].flat().map((user) => ({ user, as: "roster" as const }))],
    roles: ["planner", "chair"],
  }),
  pressDraft: (d: { author: UserId }): Ownership => ({ holders: [{ user: d.author, as: "author" }], roles: ["press"] }),
} as const;

const de = {
  kinds: { owner: "verantwortlich", creator: "angelegt", roster: "im Dienstplan", author: "Verfasser" } as Record<HolderKind, string>,
  roles: (names: string) => `Mitglieder mit der Rolle ${names}`,
  or: " oder ",
  refused: (who: Rich, action: string, one: boolean) => r`Nur ${who} ${one ? "darf" : "dürfen"} ${action}. Es wurde nichts geändert.`,
  notMember: (user: string) => r`${user} gehört keiner der beteiligten Behörden an. Verantwortlich kann nur ein Behördenmitglied sein, z. B. ${code("verantwortlich=@name:stadt.example")}.`,
  noneNamed: (typed: string) =>
    r`In diesem Raum gibt es kein Behördenmitglied „${typed}“. Bitte den Anzeigenamen, @name oder die Matrix-ID angeben, z. B. ${code("verantwortlich=@name:stadt.example")} (oder „ich“).`,
  severalNamed: (typed: string, candidates: string, example: string) =>
    r`„${typed}“ passt auf mehrere Mitglieder dieses Raums: ${candidates}. Bitte die Matrix-ID angeben, z. B. ${code(`verantwortlich=${example}`)}.`,
};
const en: typeof de = {
  kinds: { owner: "owner", creator: "created it", roster: "on the roster", author: "author" },
  roles: (names) => `members with the role ${names}`,
  or: " or ",
  refused: (who, action) => r`Only ${who} may ${action}. Nothing was changed.`,
  notMember: (user) => r`${user} is not a member of any participating agency. Only agency members can be responsible, e.g. ${code("owner=@name:stadt.example")}.`,
  noneNamed: (typed) => r`No agency member in this room goes by "${typed}". Please give the display name, @name or the Matrix ID, e.g. ${code("owner=@name:stadt.example")} (or "me").`,
  severalNamed: (typed, candidates, example) => r`"${typed}" matches several members of this room: ${candidates}. Please give the Matrix ID, e.g. ${code(`owner=${example}`)}.`,
};

const fold = (s: string): string => s.normalize("NFKC").toLocaleLowerCase("de").replace(/\s+/g, " ").trim();
const words = (s: string): string[] => fold(s).split(/[\s._\-()]+/).filter((w) => w.length > 0);

/**
 * The members a typed name means (case-insensitive): first those whose whole display name it is, or
 * whose localpart it is after an @ ("@ben"); failing that, those in whose name or localpart it stands
 * as whole words ("Ben" in "Ben Krause", "krause" in @ben.krause). A bare "Ben" is a first name, so
 * it stays ambiguous between Ben Krause (@ben) and Ben Schulz.
 */
export function membersNamed(typed: string, members: readonly RoomMember[]): RoomMember[] {
  const at = typed.startsWith("@");
  const q = fold(at ? typed.slice(1) : typed);
  if (q.length === 0) return [];
  const exact = members.filter((m) => (at && fold(localpart(m.userId)) === q) || fold(labelOf(m)) === q);
  if (exact.length > 0) return exact;
  const qw = words(q);
  const holds = (ws: string[]): boolean => ws.some((_, i) => qw.every((w, j) => ws[i + j] === w));
  return members.filter((m) => holds(words(labelOf(m))) || holds(words(localpart(m.userId))));
}

/**
 * An item's owner as given with `owner=` (args.ts, ownerArg): "me" is the sender, a Matrix ID is
 * taken as written, anything else is looked up among the agency members of the command's room;
 * only an agency member can be one.
 */
export function ownerOf(ctx: CommandContext, owner: string): { user: UserId } | { fail: Outcome } {
  const m = ctx.lang === "de" ? de : en;
  const given = owner === "me" ? ctx.sender.userId : asUserId(owner);
  if (given) return ctx.agencyOf(given) ? { user: given } : { fail: ctx.fail(m.notMember(owner)) };
  const found = membersNamed(owner, ctx.store.members.of(ctx.roomId).filter((x) => ctx.agencyOf(x.userId) !== null));
  const [one, ...more] = found;
  if (!one) return { fail: ctx.fail(m.noneNamed(owner)) };
  if (more.length === 0) return { user: one.userId };
  const named = found.map((x) => `${labelOf(x)} (${x.userId})`);
  const candidates = `${named.slice(0, -1).join(", ")}${m.or}${named.at(-1) ?? ""}`;
  return { fail: ctx.fail(m.severalNamed(owner, candidates, one.userId)) };
}

/**
 * The refusal, `action` in the reply's language with the item's ID in it ("TOP-3 streichen"): "Nur
 * @ben (verantwortlich), @anna (angelegt) oder Mitglieder mit der Rolle Vorsitz dürfen TOP-3 streichen."
 */
export function notAllowed(lang: Lang, action: string, o: Ownership): Rich {
  const m = lang === "de" ? de : en;
  const seen = new Set<UserId>();
  const people: Rich[] = [];
  for (const h of o.holders) {
    if (h.user === null || seen.has(h.user)) continue;
    seen.add(h.user);
    people.push(r`${person(h.user)} (${m.kinds[h.as]})`);
  }
  const roleNames = o.roles.map((role) => coreMessages[lang].roleNames[role] ?? role).join(m.or);
  const who = [...people, ...(o.roles.length > 0 ? [concat(m.roles(roleNames))] : [])];
  const one = who.length === 1 && o.roles.length === 0;
  const last = who.pop();
  const list = who.length > 0 ? concat(join(who, ", "), m.or, last) : (last ?? concat());
  return m.refused(list, action, one);
}
