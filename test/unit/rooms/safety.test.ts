// The room safety rule on its own: each finding, the ACL cases, the bot and listed users.
import { describe, expect, it } from "vitest";
import type { UserId } from "../../../src/ids.ts";
import { aclAdmits, assessRoom, findingsKey, keyHasStrangers } from "../../../src/rooms/safety.ts";
import type { RoomSafetyInput, ServerAcl } from "../../../src/rooms/safety.ts";
import { validateConfig } from "../../../src/config.ts";
import { testConfig } from "../../support/db.ts";

const BOT = "@lagebot:stadt.example" as UserId;
const member = (userId: string, displayName: string | null = null, membership: "join" | "invite" = "join") => ({ userId: userId as UserId, membership, displayName });

/** An invite-only, shared-history room of city and police members, plaintext, state read. */
function room(over: Partial<RoomSafetyInput> = {}): RoomSafetyInput {
  return {
    complete: true, joinRule: "invite", guestAccess: "can_join", historyVisibility: "shared", acl: null, encryption: "plain",
    members: [member(BOT, "Lagebot"), member("@anna:stadt.example", "Anna"), member("@ben:polizei.example", "Ben")],
    ...over,
  };
}
const config = testConfig();
const kinds = (r: RoomSafetyInput, c = config) => assessRoom(r, c, BOT).findings.map((f) => f.kind);

describe("the room safety rule", () => {
  it("finds nothing in an invite-only room of agency members (guest access alone needs an invite too)", () => {
    expect(assessRoom(room(), config, BOT)).toEqual({ findings: [], complete: true, knock: false });
  });

  it("names joined and invited members of no agency, never the bot", () => {
    const a = assessRoom(room({ members: [...room().members, member("@eve:fremd.example", "Eve"), member("@mallory:fremd.example", "Ben", "invite")] }), config, BOT);
    expect(a.findings).toEqual([{ kind: "strangers", members: [member("@eve:fremd.example", "Eve"), member("@mallory:fremd.example", "Ben", "invite")] }]);
    // The bot on a server of no agency is still not a stranger to itself.
    const elsewhere = "@bot:bots.example" as UserId;
    expect(assessRoom(room({ members: [member(elsewhere), member("@anna:stadt.example")] }), config, elsewhere).findings).toEqual([]);
    expect(assessRoom(room({ members: [member(elsewhere)] }), config, BOT).findings.map((f) => f.kind)).toEqual(["strangers"]);
  });

  it("takes a listed user as a member of their agency wherever their server is", () => {
    const c = testConfig({
      agencies: [
        { id: "city", name: "Stadt", servers: ["stadt.example"] },
        { id: "police", name: "Polizei", servers: ["polizei.example"], users: ["@verbindung:extern.example"] },
      ],
    });
    const a = assessRoom(room({ members: [member("@verbindung:extern.example"), member("@nachbar:extern.example")] }), c, BOT);
    expect(a.findings).toEqual([{ kind: "strangers", members: [member("@nachbar:extern.example")] }]);
  });

  it("finds a plaintext room only when encryption is on", () => {
    expect(kinds(room())).toEqual([]);
    const on = testConfig({ encryption: true });
    expect(kinds(room(), on)).toEqual(["unencrypted"]);
    expect(kinds(room({ encryption: "encrypted" }), on)).toEqual([]);
    // Not known yet: no finding until sync or the state read says.
    expect(kinds(room({ encryption: "unknown" }), on)).toEqual([]);
  });

  it("finds join rules that let people in without an invite, and guest access with them; knocking is fine", () => {
    expect(kinds(room({ joinRule: "public" }))).toEqual(["joinRule", "guestAccess"]);
    expect(kinds(room({ joinRule: "public", guestAccess: "forbidden" }))).toEqual(["joinRule"]);
    expect(kinds(room({ joinRule: "restricted", guestAccess: null }))).toEqual(["joinRule"]);
    expect(kinds(room({ joinRule: "knock_restricted" }))).toEqual(["joinRule", "guestAccess"]);
    expect(assessRoom(room({ joinRule: "knock" }), config, BOT)).toEqual({ findings: [], complete: true, knock: true });
    // No join rules event at all: the spec's default, invite.
    expect(kinds(room({ joinRule: null }))).toEqual([]);
  });

  it("finds a world-readable history only", () => {
    expect(kinds(room({ historyVisibility: "world_readable" }))).toEqual(["worldReadable"]);
    for (const hv of ["shared", "invited", "joined", null]) expect(kinds(room({ historyVisibility: hv }))).toEqual([]);
  });

  it("lists the findings in a stable order, the strangers first", () => {
    const all = room({ joinRule: "public", historyVisibility: "world_readable", members: [member("@eve:fremd.example")], acl: { allow: ["*"], deny: [], allowIpLiterals: true } });
    expect(kinds(all, testConfig({ encryption: true }))).toEqual(["strangers", "unencrypted", "joinRule", "guestAccess", "worldReadable", "aclWildcard", "aclIpLiterals"]);
  });
});

describe("the server ACL", () => {
  const acl = (a: Partial<ServerAcl>): ServerAcl => ({ allow: [], deny: [], allowIpLiterals: false, ...a });
  const findings = (a: ServerAcl) => assessRoom(room({ acl: a }), config, BOT).findings;

  it("is fine when it admits exactly the agencies' servers", () => {
    expect(findings(acl({ allow: ["stadt.example", "polizei.example"] }))).toEqual([]);
    // Ports are not part of ACL names; case does not matter.
    const ported = testConfig({ agencies: [{ id: "city", name: "Stadt", servers: ["Stadt.example:8448"] }, { id: "police", name: "Polizei", servers: ["polizei.example"] }] });
    expect(assessRoom(room({ acl: acl({ allow: ["stadt.example", "polizei.example"] }), members: [member("@anna:stadt.example:8448")] }), ported, BOT).findings).toEqual([]);
  });

  it("finds wildcards, unless the same entry is denied", () => {
    expect(findings(acl({ allow: ["*"] }))).toEqual([{ kind: "aclWildcard", entries: ["*"] }]);
    expect(findings(acl({ allow: ["stadt.example", "polizei.example", "*.example"] }))).toEqual([{ kind: "aclWildcard", entries: ["*.example"] }]);
    expect(findings(acl({ allow: ["stadt.example", "polizei.example", "evil?.example"], deny: ["evil?.example"] }))).toEqual([]);
  });

  it("finds servers of no agency, unless they are denied anyway", () => {
    expect(findings(acl({ allow: ["stadt.example", "polizei.example", "presse.example"] }))).toEqual([{ kind: "aclExtraServers", servers: ["presse.example"] }]);
    expect(findings(acl({ allow: ["stadt.example", "polizei.example", "presse.example"], deny: ["presse.*"] }))).toEqual([]);
  });

  it("finds IP literals when a wildcard lets them in", () => {
    expect(findings(acl({ allow: ["*"], allowIpLiterals: true })).map((f) => f.kind)).toEqual(["aclWildcard", "aclIpLiterals"]);
    expect(findings(acl({ allow: ["*"], allowIpLiterals: false })).map((f) => f.kind)).toEqual(["aclWildcard"]);
    expect(findings(acl({ allow: ["stadt.example", "polizei.example", "192.0.2.1"], allowIpLiterals: true })).map((f) => f.kind)).toEqual(["aclExtraServers", "aclIpLiterals"]);
    // Only names, no wildcard: no IP address can match.
    expect(findings(acl({ allow: ["stadt.example", "polizei.example"], allowIpLiterals: true }))).toEqual([]);
  });

  it("finds agency servers it shuts out, by deny or by a missing allow, with the agency's name", () => {
    expect(findings(acl({ allow: ["stadt.example"] }))).toEqual([{ kind: "aclShutsOut", servers: [{ server: "polizei.example", agency: "Polizei" }] }]);
    expect(findings(acl({ allow: ["*.example"], deny: ["polizei.example"] })).map((f) => f.kind)).toEqual(["aclWildcard", "aclShutsOut"]);
    // The server of a listed user counts as the agency's (the liaison officer on another server).
    const liaison = testConfig({ agencies: [{ id: "city", name: "Stadt", servers: ["stadt.example"] }, { id: "police", name: "Polizei", servers: ["polizei.example"], users: ["@v:extern.example"] }] });
    expect(assessRoom(room({ acl: acl({ allow: ["stadt.example", "polizei.example"] }) }), liaison, BOT).findings).toEqual([
      { kind: "aclShutsOut", servers: [{ server: "extern.example", agency: "Polizei" }] },
    ]);
    // An ACL that allows nothing (e.g. emptied) shuts everyone out.
    expect(findings(acl({})).map((f) => f.kind)).toEqual(["aclShutsOut"]);
  });

  it("checks a server the way the spec does: IP literals, then deny, then allow", () => {
    expect(aclAdmits(acl({ allow: ["*"] }), "[2001:db8::1]")).toBe(false);
    expect(aclAdmits(acl({ allow: ["*"], allowIpLiterals: true }), "[2001:db8::1]")).toBe(true);
    expect(aclAdmits(acl({ allow: ["*"], deny: ["*.evil.example"] }), "a.evil.example")).toBe(false);
    expect(aclAdmits(acl({ allow: ["st?dt.example"] }), "stadt.example")).toBe(true);
    expect(aclAdmits(acl({ allow: ["stadt.example"] }), "stadtXexample")).toBe(false);
  });
});

describe("the identity of a set of findings", () => {
  it("changes with who is there, not with how they are named", () => {
    const eve = assessRoom(room({ members: [member("@eve:fremd.example", "Eve")] }), config, BOT).findings;
    const renamed = assessRoom(room({ members: [member("@eve:fremd.example", "Eva")] }), config, BOT).findings;
    const mallory = assessRoom(room({ members: [member("@mallory:fremd.example", "Eve")] }), config, BOT).findings;
    expect(findingsKey(eve)).toBe(findingsKey(renamed));
    expect(findingsKey(eve)).not.toBe(findingsKey(mallory));
    expect(findingsKey([])).toBeNull();
    expect(keyHasStrangers(findingsKey(eve))).toBe(true);
    expect(keyHasStrangers(findingsKey([{ kind: "worldReadable" }]))).toBe(false);
    expect(keyHasStrangers(null)).toBe(false);
  });
});

describe("the roomSafety key", () => {
  it('is "withhold" unless set, takes "warn", and nothing else', () => {
    expect(testConfig().roomSafety).toBe("withhold");
    expect(testConfig({ roomSafety: "warn" }).roomSafety).toBe("warn");
    const bad = validateConfig({ ...{ homeserverUrl: "http://x", accessToken: "t", agencies: testConfig().agencies }, roomSafety: "block" }, {});
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(["roomSafety"]);
  });
});
