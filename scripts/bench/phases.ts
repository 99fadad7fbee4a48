// The benchmark's measurements, one function each; every one returns rows for the table.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import type { BenchUser } from "./client.ts";
import { Lagebot, START } from "./lagebot.ts";
import type { ChildBot, ProcStats } from "./process.ts";
import { burst, paced, roundTrip } from "./load.ts";
import type { Row } from "./report.ts";
import { seedReminders, seedScale } from "./seed.ts";
import { delta, histogramQuantile, ms, summarize } from "./stats.ts";
import type { Scrape, Summary } from "./stats.ts";
import { sampleOf, tailRow } from "./tail.ts";
import type { TailSample } from "./tail.ts";
import { lagebotConfig, scrape, startEcho } from "./world.ts";
import type { World } from "./world.ts";

const WARMUP = 10;
const BOT_ADDED = "lagebot_bot_added_seconds";
const trio = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} ms`;
const madeDirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "lagebot-bench-"));
  madeDirs.push(dir);
  return join(dir, "data");
};

/** Removes the bots' data directories (the scale run's database is about 60 MB). */
export function removeDataDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Starts Lagebot as `npm start` runs it, on a fresh data directory unless one is given. */
export async function startLagebot(w: World, opts: { dir?: string; rooms?: string[] } = {}): Promise<Lagebot> {
  const bot = new Lagebot(lagebotConfig(w, opts.rooms ?? w.lageRooms), opts.dir ?? dataDir());
  await bot.start();
  return bot;
}

function quantiles(before: Scrape, after: Scrape, histogram: string): string {
  return `p50 ${ms(histogramQuantile(before, after, histogram, 0.5) * 1000)} / p99 ${ms(histogramQuantile(before, after, histogram, 0.99) * 1000)} ms`;
}
const botAdded = (before: Scrape, after: Scrape) => quantiles(before, after, BOT_ADDED);

/**
 * Each Lagebot command alternates with an echo message that asks for a reply of the same size as
 * Lagebot's last reply to that command, so both meet the same homeserver conditions and carry the
 * same load through it; the ratio is then the bot's own share. A fixed 200-character echo runs
 * alongside to show what reply size alone costs. After each Lagebot sample a scrape of its metrics
 * says what of the sample was the bot's (see tail.ts).
 */
export async function roundTripRows(w: World, bot: Lagebot, samples: number): Promise<Row[]> {
  const room = w.lageRooms[0] as string;
  // Approvals need a fresh draft each (a second approval of the same version is refused).
  const drafts: string[] = [];
  for (let i = 0; i < samples + WARMUP; i += 50) {
    const ids = await Promise.all(Array.from({ length: Math.min(50, samples + WARMUP - i) }, (_, j) => w.anna.send(room, `!press draft Pressemitteilung ${i + j + 1}\nDie Stadt und die Polizei informieren über Maßnahme ${i + j + 1}.`)));
    await Promise.all(ids.map((id) => w.replies.wait(id, 120_000)));
    drafts.push(...ids);
  }
  await w.replies.settle(1_000);
  const echo = await startEcho(w);
  const before = await scrape(bot.port);
  const echoOnce = (i: number, size = "") => roundTrip(w.replies, w.senders[0] as BenchUser, w.echoRooms[0] as string, `Nachricht ${i}${size}`);
  const kinds = [
    { name: "`!op list`", run: () => roundTrip(w.replies, w.anna, room, "!op list") },
    { name: "`!op plan`", run: (i: number) => roundTrip(w.replies, w.anna, room, `!op plan Streife ${i} at="${day(100 + (i % 200))} 10:00" until=12:00 place="Platz ${i}" city=2 police=2`) },
    { name: "`!press approve`", run: (i: number) => roundTrip(w.replies, w.ben, room, `!press approve PR-${i + 1}`, 150) },
  ].map((k) => ({ ...k, lage: [] as number[], echo: [] as number[], lageServer: [] as number[], echoServer: [] as number[], plain: [] as number[], html: [] as number[], tail: [] as TailSample[] }));
  const fixed: number[] = [];
  for (let i = 0; i < samples + WARMUP; i++) {
    const counted = i >= WARMUP;
    const f = await echoOnce(i);
    if (counted) fixed.push(f.ms);
    for (const k of kinds) {
      const size = k.plain.length ? ` size=${k.plain.at(-1)},${k.html.at(-1)}` : "";
      const e = await echoOnce(i, size);
      // Scrapes just around the sample: its GC time and event-loop delay are its own.
      const pre = await scrape(bot.port);
      const l = await k.run(i);
      const post = await scrape(bot.port);
      k.plain.push(l.reply.body.length);
      k.html.push(l.reply.htmlLength);
      if (counted) {
        k.echo.push(e.ms);
        k.lage.push(l.ms);
        k.echoServer.push(e.serverMs);
        k.lageServer.push(l.serverMs);
        k.tail.push(sampleOf(l.ms, pre, post));
      }
    }
  }
  const after = await scrape(bot.port);
  echo.kill("SIGTERM");
  const rows: Row[] = [{ measure: `round trip, echo bot with a 200-character reply p50/p95/p99 (${samples} samples)`, result: trio(summarize(fixed)), goal: "", met: null }];
  for (const k of kinds) {
    const s = summarize(k.lage);
    const base = summarize(k.echo);
    const r50 = s.p50 / base.p50;
    const r99 = s.p99 / base.p99;
    const size = `${summarize(k.plain).p50.toFixed(0)} / ${summarize(k.html).p50.toFixed(0)}`;
    rows.push(
      { measure: `round trip, ${k.name} p50/p95/p99 (${samples} samples; reply: ${size} characters plain / HTML)`, result: trio(s), goal: "", met: null },
      { measure: "  echo bot, reply of the same size (baseline)", result: trio(base), goal: "", met: null },
      { measure: "  ratio to baseline p50, p99 (p95)", result: `${r50.toFixed(2)}, ${r99.toFixed(2)} (${(s.p95 / base.p95).toFixed(2)})`, goal: "≤ 1.10 at p50 and p99", met: r50 <= 1.1 && r99 <= 1.1 },
      {
        measure: "  of it between Synapse's stamps (command stored → reply stored) p50: Lagebot / echo bot; Lagebot's bot-added p50",
        result: `${ms(summarize(k.lageServer.filter(Number.isFinite)).p50)} / ${ms(summarize(k.echoServer.filter(Number.isFinite)).p50)} ms; ${ms(summarize(k.tail.map((t) => t.botAddedMs)).p50)} ms`,
        goal: "", met: null,
      },
      tailRow(k.name, k.tail),
    );
  }
  rows.push({ measure: "bot-added latency in these round trips", result: botAdded(before, after), goal: "", met: null });
  return rows;
}

/**
 * Paced commands (2 of 3 `!op list`, 1 of 3 `!op plan`): at the goal's 20/s, and at 5/s for
 * comparison; the echo bot at 20/s beforehand shows whether the homeserver carries that rate at all.
 */
export async function pacedRows(w: World, bot: Lagebot): Promise<Row[]> {
  const port = bot.port;
  const cmd = (k: number) => (k % 3 === 2 ? `!op plan Kontrolle ${k} at="${day(30 + (k % 300))} 18:00" until=20:00 place="Ort ${k}" city=1` : "!op list");
  const rows: Row[] = [];
  // The same load on the echo bot first, with replies of the sizes Lagebot gives: what the homeserver carries.
  const echo = await startEcho(w);
  const e = await paced(w.replies, w.senders, w.echoRooms, 20, 15, (k) => `Nachricht ${k}${k % 3 === 2 ? "" : " size=2900,3600"}`, 25_000);
  echo.kill("SIGTERM");
  rows.push({ measure: "echo bot at 20 messages/s, 10 rooms: round trips p50/p95/p99", result: `${trio(summarize(e.rtts))}; ${e.sent} sent in ${(e.sendMs / 1000).toFixed(1)} s, ${e.lost} unanswered within 25 s`, goal: "", met: null });
  for (const [rate, seconds] of [[20, 15], [5, 20]] as const) {
    await w.replies.settle(1_000);
    const before = await scrape(port);
    const r = await paced(w.replies, w.senders, w.lageRooms, rate, seconds, cmd);
    const after = await scrape(port);
    const p99 = histogramQuantile(before, after, BOT_ADDED, 0.99) * 1000;
    const s = summarize(r.rtts);
    const goal = rate === 20;
    rows.push(
      { measure: `bot-added latency at ${rate} commands/s, 10 rooms (p50 / p99)`, result: botAdded(before, after), goal: goal ? "p99 ≤ 20 ms" : "", met: goal ? p99 <= 20 : null },
      { measure: "  of it, replies waiting in the outbox for the room's earlier PUTs", result: quantiles(before, after, "lagebot_outbox_wait_seconds"), goal: "", met: null },
      { measure: `  round trips meanwhile p50/p95/p99`, result: `${trio(s)}; ${r.sent} sent in ${(r.sendMs / 1000).toFixed(1)} s, ${r.lost} unanswered`, goal: "none lost", met: r.lost === 0 },
    );
  }
  return rows;
}

/**
 * Echo 500, Lagebot 1,000, echo 500: the homeserver slows down as its database grows, so the echo
 * reference is taken on both sides of Lagebot's burst and added up.
 */
export async function burstRows(w: World, bot: Lagebot): Promise<Row[]> {
  const port = bot.port;
  const echoBurst = async () => {
    const echo = await startEcho(w);
    const b = await burst(w.replies, w.senders, w.echoRooms, 500, (i) => `Nachricht ${i}`);
    echo.kill("SIGTERM");
    await sleep(1_000);
    return b;
  };
  const e1 = await echoBurst();
  const before = await scrape(port);
  const l = await burst(w.replies, w.senders, w.lageRooms, 1000, () => "!op list");
  const after = await scrape(port);
  const e2 = await echoBurst();
  const e = { sent: e1.sent + e2.sent, acceptedMs: e1.acceptedMs + e2.acceptedMs, answeredMs: e1.answeredMs + e2.answeredMs, lost: e1.lost + e2.lost, duplicated: e1.duplicated + e2.duplicated };
  const beyond = (l.answeredMs - e.answeredMs) / 1000;
  const desc = (b: typeof l) => `all answered after ${(b.answeredMs / 1000).toFixed(1)} s (accepted in ${(b.acceptedMs / 1000).toFixed(1)} s), ${b.lost} lost, ${b.duplicated} duplicated`;
  return [
    { measure: "burst of 2 × 500: echo bot (homeserver's own time)", result: desc(e), goal: "", met: null },
    { measure: "burst of 1,000: Lagebot `!op list`", result: desc(l), goal: "none lost or duplicated", met: l.lost === 0 && l.duplicated === 0 },
    { measure: "  Lagebot's time beyond the homeserver's", result: `${beyond.toFixed(1)} s (bot-added ${botAdded(before, after)})`, goal: "≤ 5 s", met: beyond <= 5 },
  ];
}

/** 100 reminders in 10 clusters of 10 (same due instant, different rooms), 3 s apart. */
export async function reminderRows(w: World): Promise<Row[]> {
  const dir = dataDir();
  const t0 = Date.now() + 10_000; // cold start takes 1–3 s
  const dues = Array.from({ length: 100 }, (_, i) => t0 + Math.floor(i / 10) * 3_000);
  const due = seedReminders(join(dir, "lagebot.sqlite"), w.lageRooms, w.anna.userId, dues);
  const mark = w.replies.posts.length;
  const bot = await startLagebot(w, { dir });
  const deadline = Math.max(...dues) + 60_000;
  const reminders = () => w.replies.posts.slice(mark).filter((p) => /OP-\d+/.test(p.body) && due.has(Number(/OP-(\d+)/.exec(p.body)?.[1])));
  while (reminders().length < due.size && Date.now() < deadline) await sleep(250);
  const got = reminders();
  const db = new BetterSqlite3(join(dir, "lagebot.sqlite"), { readonly: true });
  const rows = db.prepare<[], { due_at: number; done_at: number | null }>("SELECT due_at, done_at FROM schedule WHERE job = 'op.reminder'").all();
  db.close();
  await bot.stop();
  const fire = rows.filter((r) => r.done_at !== null).map((r) => (r.done_at as number) - r.due_at);
  const delivered = got.map((p) => p.originTs - (due.get(Number(/OP-(\d+)/.exec(p.body)?.[1])) ?? 0));
  const f = summarize(fire);
  const d = summarize(delivered);
  const started = due.size - rows.filter((r) => r.done_at === null).length;
  return [
    { measure: "reminders: fired after due (bot clock) p50/p99/max", result: `${ms(f.p50, 0)} / ${ms(f.p99, 0)} / ${ms(f.max, 0)} ms; earliest ${ms(f.min, 0)} ms; ${started}/100 fired`, goal: "p99 ≤ 1 s, never early", met: f.p99 <= 1000 && f.min >= 0 && started === 100 },
    { measure: "reminders: in the room after due (server stamp) p50/p99/max", result: `${ms(d.p50, 0)} / ${ms(d.p99, 0)} / ${ms(d.max, 0)} ms; ${got.length}/100 delivered`, goal: "all within 60 s", met: got.length === 100 && d.max <= 60_000 },
  ];
}

/** Handling time (inside the command's transaction) and bot-added time of one command at a time. */
async function timed(w: World, port: number, body: string, n: number): Promise<{ handling: Summary; added: Summary }> {
  const handling: number[] = [];
  const added: number[] = [];
  for (let i = 0; i < n; i++) {
    const before = await scrape(port);
    const id = await w.anna.send(w.lageRooms[0] as string, body);
    await w.replies.wait(id, 30_000);
    const after = await scrape(port);
    let h = 0;
    for (const key of after.keys()) if (key.startsWith("lagebot_command_duration_seconds_sum{")) h += delta(before, after, key);
    handling.push(h * 1000);
    added.push(delta(before, after, `${BOT_ADDED}_sum`) * 1000);
  }
  return { handling: summarize(handling), added: summarize(added) };
}

/** RSS after a bot has been idle for a while: the figure a server shows between commands. */
const IDLE_MS = 30_000;
/** `npm start`'s Node flags before issue 18: V8's optimizing compilers on, a 4 MB young generation. */
const PREVIOUS_FLAGS = ["--max-semi-space-size=4"];
const SCALE_COMMANDS = ["!op list week", "!op list", "!lage"];

interface ScaleRun {
  coldMs: number;
  atReady: ProcStats;
  busy: ProcStats;
  idle: ProcStats;
  timings: Array<{ command: string; handling: Summary; added: Summary }>;
}

/** One start on `dir`: cold start, 20 of each command, then 30 s idle. */
async function scaleRun(w: World, dir: string, entry?: string, flags?: string[]): Promise<ScaleRun> {
  const bot = new Lagebot(lagebotConfig(w, w.lageRooms), dir);
  const t = performance.now();
  await bot.start(entry, flags);
  const coldMs = performance.now() - t;
  const proc = bot.proc as ChildBot;
  const atReady = proc.stats();
  const timings: ScaleRun["timings"] = [];
  for (const command of SCALE_COMMANDS) timings.push({ command, ...(await timed(w, bot.port, command, 20)) });
  const busy = proc.stats();
  await sleep(IDLE_MS);
  const idle = proc.stats();
  await bot.stop();
  return { coldMs, atReady, busy, idle, timings };
}

/**
 * The scale run: 100,000 operations and 10,000 scheduled posts seeded, then cold start, handling
 * times, and resident memory once the bot has been idle. Copies of the same database then run the
 * same commands with the Node flags of before (optimizing compilers on) and from the sources with
 * them (as `npm start` ran before the build step): what the flags and the build each save, and cost.
 */
export async function scaleRows(w: World): Promise<Row[]> {
  const dir = dataDir();
  const seedMs = seedScale(join(dir, "lagebot.sqlite"), w.lageRooms, w.anna.userId, 100_000, 10_000);
  // Inside the directory removeDataDirs removes.
  const copies = [`${dir}-jit`, `${dir}-sources`];
  for (const c of copies) cpSync(dir, c, { recursive: true });
  const now = await scaleRun(w, dir);
  const jit = await scaleRun(w, copies[0] as string, START.entry, PREVIOUS_FLAGS);
  const sources = await scaleRun(w, copies[1] as string, "src/main.ts", PREVIOUS_FLAGS);
  const rows: Row[] = [{ measure: "scale: cold start to `ready` (100,000 operations, 10,000 scheduled posts)", result: `${(now.coldMs / 1000).toFixed(2)} s (seeding took ${(seedMs / 1000).toFixed(1)} s)`, goal: "≤ 5 s", met: now.coldMs <= 5000 }];
  for (const [i, r] of now.timings.entries()) {
    const j = jit.timings[i] as ScaleRun["timings"][number];
    rows.push({
      measure: `scale: \`${r.command}\` handling p50/p99 (bot-added p50/p99; with the optimizing compilers)`,
      result: `${ms(r.handling.p50)} / ${ms(r.handling.p99)} ms (${ms(r.added.p50)} / ${ms(r.added.p99)} ms; ${ms(j.handling.p50)} / ${ms(j.handling.p99)} ms)`,
      goal: "≤ 20 ms", met: r.handling.p99 <= 20,
    });
  }
  const mem = (r: ScaleRun) => `${r.idle.rssMb.toFixed(0)} MB (${r.atReady.rssMb.toFixed(0)} / ${r.busy.rssMb.toFixed(0)} / ${r.idle.peakMb.toFixed(0)} MB)`;
  rows.push(
    { measure: `scale: resident memory ${IDLE_MS / 1000} s idle after the 60 commands (at ready / after the commands / peak), as \`npm start\` runs`, result: mem(now), goal: "≤ 100 MB", met: now.idle.rssMb <= 100 },
    { measure: `  the same with the flags of before (\`${PREVIOUS_FLAGS.join(" ")}\`: optimizing compilers on)`, result: mem(jit), goal: "", met: null },
    { measure: `  the same from the sources with them (\`node ${PREVIOUS_FLAGS.join(" ")} src/main.ts\`, Node's type stripping)`, result: mem(sources), goal: "", met: null },
    { measure: "scale: CPU seconds for start-up and the 60 commands: as `npm start` runs / with the flags of before", result: `${now.idle.cpuSeconds.toFixed(2)} / ${jit.idle.cpuSeconds.toFixed(2)} s`, goal: "", met: null },
  );
  return rows;
}
