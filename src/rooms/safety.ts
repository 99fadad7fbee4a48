// The room safety rule, pure: from what is known of a room (members, state, encryption) and the
// config, the list of what is wrong with it. !raum reports it, the automatic report posts it when it
// changes, and a stranger among the findings makes the bot withhold sensitive content.
import type { Config } from "../config.ts";
import type { UserId } from "../ids.ts";
import { agencyOf } from "../pipeline/authorize.ts";
import type { Member, ServerAcl, StoredRoomSafety } from "../store/room-safety.ts";

export type { Member, ServerAcl };

export interface RoomSafetyInput extends Omit<StoredRoomSafety, "encrypted"> {
  /** 'unknown' until sync, a lookup or the read of the room state said. */
  encryption: "encrypted" | "plain" | "unknown";
}

export type Finding =
  /** Joined or invited members who belong to no agency (an invitee reads what is posted after joining). */
  | { kind: "strangers"; members: Member[] }
  /** `encryption` is on in the config, but the room is not encrypted. */
  | { kind: "unencrypted" }
  /** Anyone (public) or members of other rooms (restricted) may join without an invite. */
  | { kind: "joinRule"; rule: string }
  /** Guests may join, and the join rule lets them in without an invite. */
  | { kind: "guestAccess" }
  /** Anyone can read the history without joining. */
  | { kind: "worldReadable" }
  /** ACL entries with wildcards that admit servers beyond the agencies'. */
  | { kind: "aclWildcard"; entries: string[] }
  /** ACL entries naming servers of no agency. */
  | { kind: "aclExtraServers"; servers: string[] }
  /** The ACL admits servers named by a bare IP address. */
  | { kind: "aclIpLiterals" }
  /** The ACL shuts out servers the agencies' members are on. */
  | { kind: "aclShutsOut"; servers: Array<{ server: string; agency: string }> };

export interface Assessment {
  findings: Finding[];
  /** The whole room state has been read (else the findings rest on what sync brought so far). */
  complete: boolean;
  /**
   * Join rule "knock": anyone may ask to join, but comes in only when a member invites them, and an
   * invited stranger is a finding of its own. So knocking is fine, and only mentioned.
   */
  knock: boolean;
}

// Join rules that let nobody in without an invite ("private" is reserved by the spec and works like invite).
const INVITE_ONLY = new Set(["invite", "knock", "private"]);
const IP_SAMPLES = ["192.0.2.1", "[2001:db8::1]"];

/** Members of no agency; the bot itself never counts. */
export function strangersOf(members: readonly Member[], config: Config, botUserId: UserId | null): Member[] {
  return members.filter((m) => m.userId !== botUserId && agencyOf(config, m.userId) === null);
}

export function assessRoom(room: RoomSafetyInput, config: Config, botUserId: UserId | null): Assessment {
  const findings: Finding[] = [];
  const strangers = strangersOf(room.members, config, botUserId);
  if (strangers.length > 0) findings.push({ kind: "strangers", members: strangers });
  if (config.encryption && room.encryption === "plain") findings.push({ kind: "unencrypted" });
  // No m.room.join_rules event: the spec's default is "invite".
  const rule = room.joinRule ?? "invite";
  const inviteOnly = INVITE_ONLY.has(rule);
  if (!inviteOnly) findings.push({ kind: "joinRule", rule });
  // With an invite-only room a guest needs an invite too, and an invited guest is checked as a member.
  if (!inviteOnly && room.guestAccess === "can_join") findings.push({ kind: "guestAccess" });
  if (room.historyVisibility === "world_readable") findings.push({ kind: "worldReadable" });
  if (room.acl) findings.push(...aclFindings(room.acl, config));
  return { findings, complete: room.complete, knock: rule === "knock" };
}

/** The servers the agencies' members are on (without port, lower case), each with its agency's name. */
export function agencyServers(config: Config): Array<{ server: string; agency: string }> {
  const out = new Map<string, string>();
  for (const a of config.agencies) {
    for (const s of a.servers) out.set(hostOf(s), a.name);
    for (const u of a.users) out.set(hostOf(u.slice(u.indexOf(":") + 1)), a.name);
  }
  return [...out].map(([server, agency]) => ({ server, agency }));
}

/** What the ACL admits beyond the agencies' servers, and which of theirs it shuts out. */
export function aclFindings(acl: ServerAcl, config: Config): Finding[] {
  const findings: Finding[] = [];
  const ours = agencyServers(config);
  const known = new Set(ours.map((o) => o.server));
  const wildcards = acl.allow.filter((e) => /[*?]/.test(e) && !acl.deny.includes(e));
  if (wildcards.length > 0) findings.push({ kind: "aclWildcard", entries: wildcards });
  const extra = acl.allow.filter((e) => !/[*?]/.test(e) && !known.has(e.toLowerCase()) && aclAdmits(acl, e.toLowerCase()));
  if (extra.length > 0) findings.push({ kind: "aclExtraServers", servers: extra });
  if (IP_SAMPLES.some((ip) => aclAdmits(acl, ip))) findings.push({ kind: "aclIpLiterals" });
  const shut = ours.filter((o) => !aclAdmits(acl, o.server));
  if (shut.length > 0) findings.push({ kind: "aclShutsOut", servers: shut });
  return findings;
}

/** The spec's ACL check of a server name (without port): IP literals, then deny, then allow. */
export function aclAdmits(acl: ServerAcl, server: string): boolean {
  if (!acl.allowIpLiterals && isIpLiteral(server)) return false;
  if (acl.deny.some((g) => globMatches(g, server))) return false;
  return acl.allow.some((g) => globMatches(g, server));
}

function isIpLiteral(server: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(server) || /^\[[0-9a-f:.]+\]$/i.test(server);
}

function globMatches(glob: string, server: string): boolean {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i").test(server);
}

/** "stadt.example:8448" → "stadt.example"; "[::1]:8448" → "[::1]". */
function hostOf(server: string): string {
  return server.replace(/:\d+$/, "").toLowerCase();
}

/**
 * The identity of a set of findings, to tell whether it changed since the last report: who and what,
 * not how it is shown (a new display name is no new finding). Null for a clean room.
 */
export function findingsKey(findings: readonly Finding[]): string | null {
  if (findings.length === 0) return null;
  return JSON.stringify(
    findings.map((f) => {
      switch (f.kind) {
        case "strangers":
          return { kind: f.kind, users: f.members.map((m) => m.userId).sort() };
        case "aclWildcard":
          return { kind: f.kind, entries: [...f.entries].sort() };
        case "aclExtraServers":
          return { kind: f.kind, servers: [...f.servers].sort() };
        case "aclShutsOut":
          return { kind: f.kind, servers: f.servers.map((s) => s.server).sort() };
        case "unencrypted":
        case "joinRule":
        case "guestAccess":
        case "worldReadable":
        case "aclIpLiterals":
          return f;
        default: {
          const never: never = f;
          return never;
        }
      }
    }),
  );
}

/** Whether a key from findingsKey names members of no agency (the room was withholding, if so configured). */
export function keyHasStrangers(key: string | null): boolean {
  if (key === null) return false;
  const parsed: unknown = JSON.parse(key);
  return Array.isArray(parsed) && parsed.some((f: unknown) => typeof f === "object" && f !== null && Reflect.get(f, "kind") === "strangers");
}
