import { describe, expect, it } from "vitest";
import { Reachability } from "../../../src/matrix/reachability.ts";

const t = (s: number) => new Date(Date.UTC(2026, 11, 5, 19, 0, s));
const query = (...users: string[]) => ({ device_keys: Object.fromEntries(users.map((u) => [u, []])) });

describe("which servers the homeserver could not reach for us", () => {
  it("names a server from the failures of /keys/query and keeps when the spell began", () => {
    const r = new Reachability();
    r.observe("/_matrix/client/v3/keys/query", query("@p:polizei.test"), { device_keys: {}, failures: { "polizei.test": { status: 503 } } }, t(1));
    r.observe("/_matrix/client/v3/keys/query", query("@p:polizei.test"), { device_keys: {}, failures: { "polizei.test": { status: 503 } } }, t(9));
    expect(r.unreachable()).toEqual([{ server: "polizei.test", since: t(1), last: t(9) }]);
  });

  it("clears a server once an answer about its users comes without failure", () => {
    const r = new Reachability();
    r.observe("/_matrix/client/v3/keys/claim", { one_time_keys: { "@p:polizei.test": { D: "signed_curve25519" } } }, { one_time_keys: {}, failures: { "polizei.test": {} } }, t(1));
    r.observe("/_matrix/client/v3/keys/query", query("@a:stadt.test"), { device_keys: {} }, t(2));
    expect(r.unreachable().map((u) => u.server)).toEqual(["polizei.test"]);
    r.observe("/_matrix/client/v3/keys/query", query("@p:polizei.test"), { device_keys: {} }, t(3));
    expect(r.unreachable()).toEqual([]);
  });

  it("ignores other requests and answers it cannot read", () => {
    const r = new Reachability();
    r.observe("/_matrix/client/v3/sync", {}, { failures: { "x.test": {} } }, t(1));
    r.observe("/_matrix/client/v3/keys/query", "garbage", { failures: { "x.test": {} } }, t(1));
    r.observe("/_matrix/client/v3/keys/query", query("@p:polizei.test"), { failures: "no" }, t(1));
    expect(r.unreachable()).toEqual([]);
  });
});
