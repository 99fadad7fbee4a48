import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { durationMs, formatProblems, validateConfig } from "../../src/config.ts";

const example = JSON.parse(readFileSync(new URL("../../config.example.json", import.meta.url), "utf8")) as Record<string, unknown>;

describe("config", () => {
  it("accepts the example file and fills defaults", () => {
    const res = validateConfig(example, {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.config.timezone).toBe("Europe/Berlin");
    expect(res.config.reminders.operations).toEqual(["24h", "1h"]);
    expect(res.config.press.selfApproval).toBe(true);
  });

  it("applies defaults for a minimal file", () => {
    const { reminders: _r, press: _p, catchUpWindow: _c, language: _l, timezone: _t, ...minimal } = example;
    const res = validateConfig(minimal, {});
    expect(res.ok && res.config.language).toBe("de");
    expect(res.ok && res.config.reminders.pressPending).toEqual(["4h", "1d"]);
  });

  it("lists every problem at once with key path, expectation and what was found", () => {
    const bad = {
      ...example,
      homeserverUrl: "ftp://x",
      language: "fr",
      timezone: "Mars/Olympus",
      reminders: { operations: ["24 hours"] },
      catchUpWindow: 5,
      surprise: true,
    };
    const res = validateConfig(bad, {});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const paths = res.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["homeserverUrl", "language", "timezone", "reminders.operations[0]", "catchUpWindow", "surprise"]));
    const tz = res.problems.find((p) => p.path === "timezone");
    expect(tz?.found).toBe('"Mars/Olympus"');
    expect(tz?.expected).toContain("IANA");
    expect(formatProblems(res.problems)).toMatch(/Invalid configuration \(\d+ problems\)/);
  });

  it("takes the access token from the environment, which wins over the file", () => {
    const res = validateConfig(example, { LAGEBOT_ACCESS_TOKEN: "from-env" });
    expect(res.ok && res.config.accessToken).toBe("from-env");
    const { accessToken: _a, ...noToken } = example;
    const missing = validateConfig(noToken, {});
    expect(!missing.ok && missing.problems.map((p) => p.path)).toEqual(["accessToken"]);
  });

  it("rejects a user matched by two agencies and a role holder from another agency", () => {
    const agencies = example["agencies"] as Array<Record<string, unknown>>;
    const bad = {
      ...example,
      agencies: [
        { ...agencies[0], users: ["@x:stadt.example"] },
        { ...agencies[1], servers: ["polizei.example", "stadt.example"], users: ["@x:stadt.example"], roles: { press: ["@presse:stadt.example"] } },
      ],
    };
    const res = validateConfig(bad, {});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["agencies[1].servers[1]", "agencies[1].users[0]", "agencies[1].roles.press[0]"]),
    );
  });

  it("reads durations", () => {
    expect(durationMs("90s")).toBe(90_000);
    expect(durationMs("2w")).toBe(14 * 86_400_000);
    expect(durationMs("0h")).toBeNull();
    expect(durationMs("1.5h")).toBeNull();
  });
});
