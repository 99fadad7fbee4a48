// Who may change an item that belongs to people: the people it belongs to (its owner, whoever created
// it) or a holder of the role that looks after all such items. One rule for every family; what
// "belongs to" means is decided per item type in the table below, and a refusal names who may.
import type { Role } from "../config.ts";
import { asUserId } from "../ids.ts";
import type { UserId } from "../ids.ts";
import type { Lang } from "../i18n/lang.ts";
import { coreMessages } from "../i18n/core.ts";
import { code, concat, join, r } from "../render/rich.ts";
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
};
const en: typeof de = {
  kinds: { owner: "owner", creator: "created it", roster: "on the roster", author: "author" },
  roles: (names) => `members with the role ${names}`,
  or: " or ",
  refused: (who, action) => r`Only ${who} may ${action}. Nothing was changed.`,
  notMember: (user) => r`${user} is not a member of any participating agency. Only agency members can be responsible, e.g. ${code("owner=@name:stadt.example")}.`,
};

/** An item's owner as given with `owner=` (args.ts, ownerArg; "me" is the sender): only an agency member can be one. */
export function ownerOf(ctx: CommandContext, owner: string): { user: UserId } | { fail: Outcome } {
  const user = owner === "me" ? ctx.sender.userId : asUserId(owner);
  if (!user || !ctx.agencyOf(user)) return { fail: ctx.fail((ctx.lang === "de" ? de : en).notMember(owner)) };
  return { user };
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
    people.push(r`${h.user} (${m.kinds[h.as]})`);
  }
  const roleNames = o.roles.map((role) => coreMessages[lang].roleNames[role] ?? role).join(m.or);
  const who = [...people, ...(o.roles.length > 0 ? [concat(m.roles(roleNames))] : [])];
  const one = who.length === 1 && o.roles.length === 0;
  const last = who.pop();
  const list = who.length > 0 ? concat(join(who, ", "), m.or, last) : (last ?? concat());
  return m.refused(list, action, one);
}
