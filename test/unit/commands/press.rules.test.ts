import { describe, expect, it } from "vitest";
import { judge, reactionKind } from "../../../commands/press/rules.ts";
import type { DecisionLike } from "../../../commands/press/rules.ts";

// City has two press approvers and one plain member; police has one approver; S belongs nowhere.
const C1 = "@c1:stadt";
const C2 = "@c2:stadt";
const CM = "@member:stadt";
const P1 = "@p1:polizei";
const S = "@stranger:evil";
const APPROVERS: Record<string, readonly string[]> = { city: [C1, C2], police: [P1] };
const AGENCY_OF: Record<string, string> = { [C1]: "city", [C2]: "city", [CM]: "city", [P1]: "police" };
const isApprover = (user: string, agency: string): boolean => APPROVERS[agency]?.includes(user) ?? false;

const at = new Date("2026-11-25T09:00:00Z");
function d(user: string, kind: "approve" | "reject", extra: Partial<DecisionLike> = {}): DecisionLike {
  return { version: 2, agency: AGENCY_OF[user] ?? "none", user, kind, revokedAt: null, ...extra };
}

function verdict(decisions: DecisionLike[], opts: { author?: string; selfApproval?: boolean } = {}) {
  return judge({ agencies: ["city", "police"], version: 2, author: opts.author ?? CM, selfApproval: opts.selfApproval ?? true, decisions, isApprover });
}

describe("the approval rule", () => {
  it("is approved once every agency has an approval from one of its own approvers", () => {
    expect(verdict([d(C1, "approve"), d(P1, "approve")])).toMatchObject({ approved: true, missing: [], rejections: [] });
  });

  it("names the agencies still missing, in config order", () => {
    expect(verdict([])).toMatchObject({ approved: false, missing: ["city", "police"] });
    expect(verdict([d(P1, "approve")])).toMatchObject({ approved: false, missing: ["city"] });
    expect(verdict([d(C1, "approve"), d(C2, "approve")])).toMatchObject({ approved: false, missing: ["police"] });
  });

  it("does not let an approver of one agency approve for another", () => {
    expect(verdict([d(C1, "approve"), d(C2, "approve", { agency: "police" })])).toMatchObject({ approved: false, missing: ["police"] });
  });

  it("ignores members without the press role and strangers", () => {
    expect(verdict([d(CM, "approve"), d(P1, "approve")]).missing).toEqual(["city"]);
    expect(verdict([d(S, "approve", { agency: "city" }), d(P1, "approve")]).missing).toEqual(["city"]);
  });

  it("counts only the version being judged", () => {
    expect(verdict([d(C1, "approve", { version: 1 }), d(P1, "approve")]).missing).toEqual(["city"]);
    expect(verdict([d(C1, "approve", { version: 3 }), d(P1, "approve")]).missing).toEqual(["city"]);
  });

  it("counts revoked approvals for nothing", () => {
    expect(verdict([d(C1, "approve", { revokedAt: at }), d(P1, "approve")]).missing).toEqual(["city"]);
  });

  it("is blocked by a standing rejection from an approver, even when every agency approved", () => {
    const v = verdict([d(C1, "approve"), d(C2, "reject"), d(P1, "approve")]);
    expect(v.approved).toBe(false);
    expect(v.missing).toEqual([]);
    expect(v.rejections.map((x) => x.user)).toEqual([C2]);
  });

  it("ignores revoked rejections, rejections of other versions and rejections by non-approvers", () => {
    const base = [d(C1, "approve"), d(P1, "approve")];
    expect(verdict([...base, d(P1, "reject", { revokedAt: at })]).approved).toBe(true);
    expect(verdict([...base, d(P1, "reject", { version: 1 })]).approved).toBe(true);
    expect(verdict([...base, d(CM, "reject"), d(S, "reject", { agency: "police" })]).approved).toBe(true);
  });

  it("follows press.selfApproval for the author's own approval, but always counts the author's rejection", () => {
    const decisions = [d(C1, "approve"), d(P1, "approve")];
    expect(verdict(decisions, { author: C1, selfApproval: true }).approved).toBe(true);
    expect(verdict(decisions, { author: C1, selfApproval: false })).toMatchObject({ approved: false, missing: ["city"] });
    expect(verdict([...decisions, d(C2, "approve")], { author: C1, selfApproval: false }).approved).toBe(true);
    expect(verdict([...decisions, d(C1, "reject")], { author: C1, selfApproval: false }).approved).toBe(false);
  });

  it("never approves when no agencies are configured", () => {
    expect(judge<DecisionLike>({ agencies: [], version: 1, author: C1, selfApproval: true, decisions: [], isApprover }).approved).toBe(false);
  });

  // Every combination of these decisions, with both settings, against the rule as the contract
  // words it: each agency has an own approver's standing approval of this version, no standing
  // rejection of this version by an approver, and the author's approval only with selfApproval.
  const CANDIDATES: DecisionLike[] = [
    d(C1, "approve"), d(C2, "approve"), d(CM, "approve"), d(P1, "approve"), d(S, "approve", { agency: "police" }),
    d(C1, "approve", { agency: "police" }), d(P1, "approve", { version: 1 }), d(P1, "approve", { revokedAt: at }),
    d(C2, "reject"), d(P1, "reject", { revokedAt: at }), d(CM, "reject"),
  ];
  const oracle = (ds: DecisionLike[], author: string, self: boolean): boolean =>
    ["city", "police"].every((agency) =>
      ds.some((x) => x.kind === "approve" && x.agency === agency && x.version === 2 && !x.revokedAt && (APPROVERS[agency] ?? []).includes(x.user) && (self || x.user !== author)),
    ) && !ds.some((x) => x.kind === "reject" && x.version === 2 && !x.revokedAt && (APPROVERS[x.agency] ?? []).includes(x.user));

  it("agrees with the contract on every combination of decisions (2 × 2 × 2^11 cases)", () => {
    let approvedCases = 0;
    for (let mask = 0; mask < 1 << CANDIDATES.length; mask++) {
      const ds = CANDIDATES.filter((_, i) => mask & (1 << i));
      for (const author of [CM, C1]) {
        for (const self of [true, false]) {
          const v = verdict(ds, { author, selfApproval: self });
          expect(v.approved).toBe(oracle(ds, author, self));
          if (v.approved) approvedCases++;
          // A stranger's or non-approver's decision never makes the difference.
          const noise = verdict([...ds, d(S, "approve", { agency: "city" }), d(CM, "approve")], { author, selfApproval: self });
          expect(noise.approved).toBe(v.approved);
        }
      }
    }
    expect(approvedCases).toBeGreaterThan(0);
  });
});

describe("reaction keys", () => {
  it.each(["✅", "✔️", "✔", "👍", "👍️", "👍🏻", "👍🏿", "✅\uFE0F"])("%s approves", (key) => expect(reactionKind(key)).toBe("approve"));
  it.each(["❌", "👎", "👎🏽", "❌\uFE0F"])("%s rejects", (key) => expect(reactionKind(key)).toBe("reject"));
  it.each(["🎉", "👀", "ok", "", "✅✅", "☑️"])("%s means nothing", (key) => expect(reactionKind(key)).toBeNull());
});
