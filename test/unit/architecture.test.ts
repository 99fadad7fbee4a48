// The layering of shared/style.md, checked on the import lines: command families never reach the
// SDK, the database driver or the clock directly; a family is one folder of commands/ and imports no
// other family (what two share lives in src/); and src/ knows the families only through
// commands/index.ts, the one file that lists them all.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"));
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1] ?? "");
}

/** A relative import as a path from the repository root ("commands/press/rules.ts"); packages as they are. */
function resolved(file: string, spec: string): string {
  return spec.startsWith(".") ? relative(root, join(root, dirname(file), spec)).split(sep).join("/") : spec;
}

/** The family folder a file of commands/ belongs to ("press"), or null for commands/index.ts. */
function familyOf(path: string): string | null {
  return /^commands\/([^/]+)\//.exec(path)?.[1] ?? null;
}

const familyFiles = files("commands").filter((f) => familyOf(f) !== null);

describe("layering", () => {
  it("finds the files it checks", () => {
    expect(familyFiles.length).toBeGreaterThan(20);
    expect(new Set(familyFiles.map(familyOf)).size).toBeGreaterThan(5);
    expect(imports("commands/operations/index.ts")).toContain("zod");
    expect(resolved("commands/press/index.ts", "../../src/ids.ts")).toBe("src/ids.ts");
  });

  it("has no files of its own in commands/ but the composition root: a family is a folder", () => {
    expect(files("commands").filter((f) => familyOf(f) === null)).toEqual(["commands/index.ts"]);
  });

  it("lists every family in commands/index.ts by its folder's index.ts, and nothing else", () => {
    const folders = [...new Set(familyFiles.map(familyOf))].sort();
    const listed = imports("commands/index.ts").map((m) => resolved("commands/index.ts", m)).filter((m) => m.startsWith("commands/"));
    expect(listed.sort()).toEqual(folders.map((f) => `commands/${f ?? ""}/index.ts`));
  });

  it.each(files("commands"))("%s uses neither matrix-bot-sdk, better-sqlite3 nor the wall clock", (file) => {
    expect(imports(file).filter((m) => /matrix-bot-sdk|better-sqlite3|node-cron/.test(m))).toEqual([]);
    // Time is injected (ctx.now()), so tests with a fixed clock see what users would see.
    expect(readFileSync(join(root, file), "utf8")).not.toMatch(/Date\.now\(\)|new Date\(\)/);
  });

  it.each(familyFiles)("%s imports no other family, nor the list of them all", (file) => {
    const own = familyOf(file);
    const others = imports(file)
      .map((m) => resolved(file, m))
      .filter((m) => m.startsWith("commands/") && familyOf(m) !== own);
    expect(others).toEqual([]);
  });

  it.each(familyFiles)("%s reaches the database and Matrix only through src/store and ctx", (file) => {
    const below = imports(file)
      .map((m) => resolved(file, m))
      .filter((m) => m.startsWith("src/db/") || (m.startsWith("src/matrix/") && m !== "src/matrix/cross-signing.ts"));
    expect(below).toEqual([]);
  });

  it.each(files("src"))("%s imports command families only through commands/index.ts", (file) => {
    const toCommands = imports(file).filter((m) => m.includes("/commands/"));
    expect(toCommands.every((m) => m.endsWith("/commands/index.ts"))).toBe(true);
  });
});

// "SQL lives only in src/store/ and src/db/" (shared/style.md), checked by what the code does rather
// than by what it imports: every call that reaches SQLite (`.prepare(`, `.pragma(`, `prepared(`, a
// database's `.exec(`) and every string literal that reads as SQL, anywhere else in src/ and commands/.
describe("SQL only in src/store and src/db", () => {
  const SQL_CALLS = new Set(["prepare", "pragma"]);
  const SQL_TEXT = [/\bSELECT\b[\s\S]*?\bFROM\b/i, /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/i, /\bUPDATE\s+["\w]+\s+SET\b/i, /\bDELETE\s+FROM\b/i, /\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b/i];

  /** Every place in `text` that reaches SQLite, as "file:line what". */
  function sqlIn(file: string, text: string): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const at = (node: ts.Node, what: string) => found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${what}`);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const arg = node.arguments[0];
        const literalArg = arg !== undefined && (ts.isStringLiteral(arg) || ts.isTemplateLiteral(arg));
        if (ts.isIdentifier(callee) && callee.text === "prepared") at(node, "prepared(");
        if (ts.isPropertyAccessExpression(callee)) {
          const name = callee.name.text;
          // Named where the method is (a chain puts the receiver lines above it).
          if (SQL_CALLS.has(name)) at(callee.name, `.${name}(`);
          // RegExp#exec takes a variable; a database's exec takes SQL (or is called on a db).
          if (name === "exec" && (literalArg || /(?:^|\.)(?:db|database)$/i.test(callee.expression.getText(source)))) at(callee.name, ".exec(");
        }
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const literal = ts.isTemplateExpression(node) ? node.getText(source) : node.text;
        if (SQL_TEXT.some((re) => re.test(literal))) at(node, `SQL text ${JSON.stringify(literal.slice(0, 60))}`);
        if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  const scanned = [...files("src"), ...files("commands")].filter((f) => !/^src[\\/](?:store|db)[\\/]/.test(f)).sort();
  // Known places still to be moved into a repository; none at present.
  const PENDING: ReadonlyArray<{ under: string; line: RegExp }> = [];

  const findings = scanned.flatMap((file) => {
    const text = readFileSync(join(root, file), "utf8");
    const lines = text.split("\n");
    return sqlIn(file, text).map((f) => {
      const lineNo = Number(/:(\d+) /.exec(f)?.[1] ?? 0);
      const pending = PENDING.find((p) => f.startsWith(p.under) && p.line.test(lines[lineNo - 1] ?? ""));
      return { finding: f, pending };
    });
  });

  it("sees SQL calls and SQL text, and not regular expressions", () => {
    const sample = [
      'const a = db.prepare("SELECT 1");',
      "const b = prepared(this.db, `UPDATE inbox SET state = 'done' WHERE seq = ${seq}`);",
      'db.pragma("journal_mode = WAL");',
      'this.db.exec(sql);',
      'const c = "DELETE FROM kv";',
      "const d = /^(\\d+)$/.exec(input);",
      'const e = "Bitte wählen Sie aus der Liste";',
    ].join("\n");
    expect(sqlIn("sample.ts", sample)).toEqual([
      'sample.ts:1 .prepare(',
      "sample.ts:2 prepared(",
      "sample.ts:2 SQL text \"`UPDATE inbox SET state = 'done' WHERE seq = ${seq}`\"",
      "sample.ts:3 .pragma(",
      "sample.ts:4 .exec(",
      'sample.ts:5 SQL text "DELETE FROM kv"',
    ]);
    expect(scanned.length).toBeGreaterThan(50);
  });

  it("finds none outside src/store and src/db", () => {
    expect(findings.filter((f) => !f.pending).map((f) => f.finding)).toEqual([]);
  });

  it("keeps no entry of the pending list that is no longer needed", () => {
    for (const p of PENDING) expect(findings.some((f) => f.pending === p), `nothing left for ${String(p.line)}; drop the entry`).toBe(true);
  });
});

describe("families reach data through ctx.store", () => {
  /** Every `.db` a file of commands/ reads (ctx.db, this.db …), as "file:line". */
  function dbReads(file: string, text: string): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.name.text === "db") found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  it("sees a handler reaching for the database", () => {
    expect(dbReads("sample.ts", "const s = new PressStore(ctx.db);\nconst t = ctx.store.press;")).toEqual(["sample.ts:1"]);
  });

  it("finds no handler holding the database itself", () => {
    const found = files("commands").flatMap((f) => dbReads(f, readFileSync(join(root, f), "utf8")));
    expect(found).toEqual([]);
  });
});
