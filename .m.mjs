const specs = process.argv.slice(2);
for (const s of ["pino", "better-sqlite3", "node:http", "node:crypto", "node:fs"]) await import(s);
globalThis.gc(); const b = process.memoryUsage().rss;
for (const spec of specs) await import(spec.startsWith(".") ? new URL(spec, `file://${process.cwd()}/`).href : spec);
globalThis.gc(); await new Promise(r => setTimeout(r, 300)); globalThis.gc();
const m = process.memoryUsage();
console.log(`${(specs.join(" ")||"(base)").padEnd(60)} rss ${(m.rss/1048576).toFixed(1)} (+${((m.rss-b)/1048576).toFixed(1)}) heap ${(m.heapUsed/1048576).toFixed(1)}`);
