import { describe, expect, it } from "vitest";
import { agencyOf, isApprover, rolesOf, senderOf } from "../../../src/pipeline/authorize.ts";
import type { UserId } from "../../../src/ids.ts";
import { CITY_PRESS, LIAISON, POLICE_PRESS, testConfig } from "../../support/db.ts";

const u = (s: string) => s as UserId;

describe("agency membership and roles", () => {
  const config = testConfig();

  it("decides membership by server name", () => {
    expect(agencyOf(config, u("@anna:stadt.example"))?.id).toBe("city");
    expect(agencyOf(config, u("@ben:polizei.example"))?.id).toBe("police");
    expect(agencyOf(config, u("@eve:evil.example"))).toBeNull();
  });

  it("lets a listed user override the server rule", () => {
    expect(agencyOf(config, u(LIAISON))?.id).toBe("police");
  });

  it("does not match look-alike servers", () => {
    expect(agencyOf(config, u("@x:stadt.example.evil"))).toBeNull();
    expect(agencyOf(config, u("@x:evilstadt.example"))).toBeNull();
  });

  it("opens absent roles to every member except press", () => {
    const police = rolesOf(config, u("@ben:polizei.example"), "police");
    expect(police.has("planner")).toBe(true);
    expect(police.has("chair")).toBe(true);
    expect(police.has("press")).toBe(false);
  });

  it("restricts listed roles to the listed users, with * for everyone", () => {
    expect(rolesOf(config, u("@anna:stadt.example"), "city").has("planner")).toBe(true);
    expect(rolesOf(config, u("@anna:stadt.example"), "city").has("chair")).toBe(false);
    expect(rolesOf(config, u("@ob-buero:stadt.example"), "city").has("chair")).toBe(true);
  });

  it("counts press approvers only for their own agency", () => {
    expect(isApprover(config, u(CITY_PRESS), "city")).toBe(true);
    expect(isApprover(config, u(CITY_PRESS), "police")).toBe(false);
    expect(isApprover(config, u(POLICE_PRESS), "police")).toBe(true);
    expect(isApprover(config, u("@anna:stadt.example"), "city")).toBe(false);
  });

  it("gives strangers no sender at all", () => {
    expect(senderOf(config, u("@eve:evil.example"))).toBeNull();
  });
});
