// The layering of shared/style.md, checked on the import lines: command families never reach the
// SDK, the database driver or the clock directly, and src/ knows the families only through
// commands/index.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1] ?? "");
}

describe("layering", () => {
  it("finds the files it checks", () => {
    expect(files("commands").length).toBeGreaterThan(5);
    expect(imports("commands/operations.ts")).toContain("zod");
  });

  it.each(files("commands"))("%s uses neither matrix-bot-sdk, better-sqlite3 nor the wall clock", (file) => {
    expect(imports(file).filter((m) => /matrix-bot-sdk|better-sqlite3|node-cron/.test(m))).toEqual([]);
    // Time is injected (ctx.now()), so tests with a fixed clock see what users would see.
    expect(readFileSync(join(root, file), "utf8")).not.toMatch(/Date\.now\(\)|new Date\(\)/);
  });

  it.each(files("src"))("%s imports command families only through commands/index.ts", (file) => {
    const toCommands = imports(file).filter((m) => m.includes("/commands/"));
    expect(toCommands.every((m) => m.endsWith("/commands/index.ts"))).toBe(true);
  });
});
