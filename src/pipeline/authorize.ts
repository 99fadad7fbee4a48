// Who may do what: agency membership by Matrix ID (listed users first, then whole servers), never by
// display name; roles per agency from the config.
import type { Config, Role } from "../config.ts";
import { serverOf } from "../ids.ts";
import type { UserId } from "../ids.ts";
import type { Agency, Sender } from "./family.ts";
import { coreMessages } from "../i18n/core.ts";
import type { Lang } from "../i18n/lang.ts";
import { refusalOf } from "./registry.ts";
import type { Routed } from "./registry.ts";
import { errorReply, next } from "./step.ts";
import type { Step } from "./step.ts";

export function agencyOf(config: Config, user: UserId): Agency | null {
  // A listed user overrides the server rule (a liaison officer on the city's server).
  const listed = config.agencies.find((a) => a.users.includes(user));
  const server = serverOf(user).toLowerCase();
  const a = listed ?? config.agencies.find((x) => x.servers.some((s) => s.toLowerCase() === server));
  return a ? { id: a.id, name: a.name } : null;
}

const ROLES: readonly Role[] = ["planner", "press", "chair", "auditor"];

/** Why a role is open to every member of an agency: not set in the config, or set to "*". */
export type OpenBecause = "unset" | "everyone";

/** An absent role is open to every member, except press and auditor, which must be listed; "*" opens any role. */
function openBecause(members: readonly string[] | undefined, role: Role): OpenBecause | null {
  if (members === undefined) return role === "press" || role === "auditor" ? null : "unset";
  return members.includes("*") ? "everyone" : null;
}

export function rolesOf(config: Config, user: UserId, agencyId: string): Set<Role> {
  const a = config.agencies.find((x) => x.id === agencyId);
  const roles = new Set<Role>();
  if (!a) return roles;
  for (const role of ROLES) {
    const members = a.roles[role];
    if (openBecause(members, role) !== null || members?.includes(user)) roles.add(role);
  }
  return roles;
}

/**
 * Whether the user is listed by ID for the role, not holding it because it is open (unset or "*"):
 * the audit export counts only a chair named in the config, since an agency may leave `chair` open for
 * its committee work without meaning to open the whole audit log of both agencies.
 */
export function listedFor(config: Config, user: UserId, agencyId: string, role: Role): boolean {
  return config.agencies.find((x) => x.id === agencyId)?.roles[role]?.includes(user) ?? false;
}

/** The roles every member of the agency holds, and why (for !status: an unset chair makes everyone chair). */
export function openRoles(config: Config, agencyId: string): Array<{ role: Role; because: OpenBecause }> {
  const a = config.agencies.find((x) => x.id === agencyId);
  if (!a) return [];
  return ROLES.flatMap((role) => {
    const because = openBecause(a.roles[role], role);
    return because === null ? [] : [{ role, because }];
  });
}

export function senderOf(config: Config, user: UserId): Sender | null {
  const agency = agencyOf(config, user);
  return agency ? { userId: user, agency, roles: rolesOf(config, user, agency.id) } : null;
}

/** Whether a user is a press approver of the given agency. */
export function isApprover(config: Config, user: UserId, agencyId: string): boolean {
  return agencyOf(config, user)?.id === agencyId && rolesOf(config, user, agencyId).has("press");
}

/** The role step on the path of a message: the verb's role, if it needs one; a refusal is audited. */
export function roleStep(r: Routed, lang: Lang): Step<Routed> {
  const role = r.verb.spec.role ?? null;
  if (!role || r.sender.roles.has(role)) return next(r);
  const m = coreMessages[lang];
  return errorReply(m.needsRole(m.roleNames[role] ?? role, r.sender.agency.name), refusalOf(r, "role"));
}
