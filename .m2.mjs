const specs = process.argv.slice(2);
globalThis.gc(); const b = process.memoryUsage().rss;
for (const spec of specs) { const m = await import(spec); if (spec === "node:crypto") m.randomBytes(8); if (spec==="node:http") { const s = m.createServer(); s.listen(0); await new Promise(r=>setTimeout(r,50)); s.close(); } }
globalThis.gc(); await new Promise(r => setTimeout(r, 300)); globalThis.gc();
const m = process.memoryUsage();
console.log(`${(specs.join(" ")||"(none)").padEnd(60)} rss ${(m.rss/1048576).toFixed(1)} (+${((m.rss-b)/1048576).toFixed(1)}) heap ${(m.heapUsed/1048576).toFixed(1)}`);
