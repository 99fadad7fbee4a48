// Lagebot beside matrix-reminder-bot 0.4.0 on the same Synapse in the same run, each in ten rooms of
// its own with the same members: command round trips, reminder bursts, memory and CPU, and a
// restart with reminders due while both are down. Every row gives both figures and their ratio
// (Lagebot / peer: below 1 is Lagebot ahead).
import { setTimeout as sleep } from "node:timers/promises";
import type { Seen } from "./client.ts";
import type { Lagebot } from "./lagebot.ts";
import type { Peer } from "./peer.ts";
import { PEER_NAME } from "./peer.ts";
import type { ChildBot, ProcStats } from "./process.ts";
import type { Row } from "./report.ts";
import { ms, outOfOrderPairs, summarize } from "./stats.ts";
import type { Summary } from "./stats.ts";
import type { World } from "./world.ts";

const WARMUP = 10;
const ZONE = "Europe/Berlin";
const wallFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
/** "2026-12-02 16:04:05" in the zone both bots are configured with. */
const wall = (at: number) => wallFormat.format(new Date(at));
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const trio = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} ms`;
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : "–");

/** One bot of the comparison: how it is asked, how its answers are recognised. */
interface Side {
  name: string;
  userId: string;
  rooms: string[];
  proc(): ChildBot | null;
  help: string;
  /** A state change that schedules a reminder far ahead. */
  change(i: number): string;
  /** A command that sets a reminder due at `at` whose text carries `label`. */
  remind(label: string, at: number): string;
  /** Lagebot answers with Matrix replies; the peer posts plain notices. */
  repliesThreaded: boolean;
  /** Whether a post says it comes late. */
  late(body: string): boolean;
}

function lagebotSide(w: World, bot: Lagebot): Side {
  return {
    name: "Lagebot", userId: w.bot.userId, rooms: w.sideRooms, proc: () => bot.proc, help: "!help",
    change: (i) => `!op plan Termin ${i} at="${day(200 + (i % 100))} 10:00" until=11:00 place="Ort ${i}"`,
    // The default reminders are 24 h and 1 h before the start: the 1 h one is due at `at`.
    remind: (label, at) => `!op plan ${label} at="${wall(at + 3_600_000)}" until="${wall(at + 7_200_000)}" place=Platz`,
    repliesThreaded: true,
    late: (body) => /verspätet|late, was due/.test(body),
  };
}

function peerSide(w: World, peer: Peer): Side {
  const p = w.peer as NonNullable<World["peer"]>;
  return {
    name: "peer", userId: p.user.userId, rooms: p.rooms, proc: () => peer.proc,
    // `!help` alone is one line; `!help reminders` is its command reference, as Lagebot's `!help` is.
    help: "!help reminders",
    change: (i) => `!remindme ${day(200 + (i % 100))} 10:00; Termin ${i}`,
    remind: (label, at) => `!remindme ${wall(at)}; ${label}`,
    repliesThreaded: false,
    late: (body) => /late|verspätet/i.test(body),
  };
}

/** A command and its answer: ms from just before the PUT to the answer's arrival at the observer. */
async function ask(w: World, side: Side, room: string, body: string): Promise<{ ms: number; answer: Seen }> {
  const t0 = performance.now();
  const mark = w.replies.posts.length;
  const id = await w.anna.send(room, body);
  const answer = side.repliesThreaded ? await w.replies.wait(id, 60_000) : await w.replies.waitPost(room, side.userId, mark, 60_000);
  await w.replies.settle(30);
  return { ms: answer.arrivedAt - t0, answer };
}

interface RoundTrips {
  help: number[];
  change: number[];
  helpSize: number;
}

async function roundTrips(w: World, sides: Side[], samples: number): Promise<Map<string, RoundTrips>> {
  const out = new Map(sides.map((s) => [s.name, { help: [] as number[], change: [] as number[], helpSize: 0 }]));
  for (let i = 0; i < samples + WARMUP; i++) {
    // Alternate who goes first, so neither always meets the homeserver right after the other.
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const kind of ["help", "change"] as const) {
      for (const side of order) {
        const r = await ask(w, side, side.rooms[0] as string, kind === "help" ? side.help : side.change(i));
        const o = out.get(side.name) as RoundTrips;
        if (kind === "help") o.helpSize = r.answer.body.length;
        if (i >= WARMUP) o[kind].push(r.ms);
      }
    }
  }
  return out;
}

interface BurstResult {
  set: number;
  posted: number;
  twice: number;
  delays: number[];
  outOfOrder: number;
  pairs: number;
}

/** Reminder labels ("Burst-a-7") as they appear in a post, in order. */
function labelsIn(body: string, tag: string): number[] {
  return [...body.matchAll(new RegExp(`Burst-${tag}-(\\d+)\\b`, "g"))].map((m) => Number(m[1]));
}

/**
 * Sets `perRoom` reminders in each of `rooms` rooms, all due at `at` (one second), numbered in the
 * order they were set; reads how they came: delay = origin_server_ts − due, and per room the pairs
 * that arrived in the other order than they were set.
 */
async function setBurst(w: World, side: Side, tag: string, rooms: number, perRoom: number, at: number): Promise<void> {
  for (let k = 0; k < rooms * perRoom; k++) {
    const room = side.rooms[Math.floor(k / perRoom)] as string;
    const r = await ask(w, side, room, side.remind(`Burst-${tag}-${k}`, at));
    if (Date.now() > at - 2_000) throw new Error(`${side.name}: setting the burst took too long (reminder ${k} confirmed ${Date.now() - at} ms before due): ${r.answer.body.slice(0, 120)}`);
  }
}

function readBurst(w: World, side: Side, tag: string, rooms: number, perRoom: number, at: number, mark: number): BurstResult {
  const seen = new Map<number, number>();
  let twice = 0;
  let outOfOrder = 0;
  const delays: number[] = [];
  for (let r = 0; r < rooms; r++) {
    const room = side.rooms[r] as string;
    const order: number[] = [];
    for (const p of w.replies.posts.slice(mark)) {
      if (p.roomId !== room || p.sender !== side.userId) continue;
      for (const k of labelsIn(p.body, tag)) {
        if (seen.has(k)) {
          twice++;
          continue;
        }
        seen.set(k, p.originTs);
        delays.push(p.originTs - at);
        order.push(k);
      }
    }
    outOfOrder += outOfOrderPairs(order);
  }
  return { set: rooms * perRoom, posted: seen.size, twice, delays, outOfOrder, pairs: rooms * ((perRoom * (perRoom - 1)) / 2) };
}

function describeBurst(b: BurstResult): string {
  const d = summarize(b.delays);
  return `${b.posted}/${b.set} posted${b.twice ? `, ${b.twice} twice` : ""}, visible after due p50 ${ms(d.p50, 0)} / max ${ms(d.max, 0)} ms, ${b.outOfOrder} of ${b.pairs} pairs out of order`;
}

/** Both bots' reminders for two bursts, set in parallel (each bot in its own rooms), due 10 s apart. */
async function burstRows(w: World, sides: Side[], setMsPerCommand: number): Promise<Row[]> {
  const bursts = [
    { tag: "a", rooms: 1, perRoom: 20, what: "20 reminders due in one second in one room" },
    { tag: "b", rooms: 10, perRoom: 10, what: "100 reminders due in one second across 10 rooms" },
  ];
  const perSide = bursts.reduce((n, b) => n + b.rooms * b.perRoom, 0);
  // Time to set them all (one command after another), with room to spare, then 10 s between bursts.
  const base = Math.ceil((Date.now() + 15_000 + perSide * setMsPerCommand * 2) / 1000) * 1000;
  const dueOf = (burst: number, side: number) => base + (burst * sides.length + side) * 10_000;
  const mark = w.replies.posts.length;
  await Promise.all(sides.map(async (side, si) => {
    for (const [bi, b] of bursts.entries()) await setBurst(w, side, b.tag, b.rooms, b.perRoom, dueOf(bi, si));
  }));
  const last = dueOf(bursts.length - 1, sides.length - 1);
  // Until every reminder is in, or 60 s after the last due time.
  while (Date.now() < last + 60_000) {
    const done = sides.every((side, si) => bursts.every((b, bi) => readBurst(w, side, b.tag, b.rooms, b.perRoom, dueOf(bi, si), mark).posted === b.rooms * b.perRoom));
    if (done && Date.now() > last + 3_000) break;
    await sleep(500);
  }
  return bursts.map((b, bi) => {
    const [lage, peer] = sides.map((side, si) => readBurst(w, side, b.tag, b.rooms, b.perRoom, dueOf(bi, si), mark));
    const l = lage as BurstResult;
    const ls = summarize(l.delays);
    if (!peer) return { measure: `vs peer: ${b.what}`, result: `Lagebot ${describeBurst(l)}; peer not run`, goal: "all, once, in order", met: l.posted === l.set && l.twice === 0 && l.outOfOrder === 0 };
    const ps = summarize(peer.delays);
    return {
      measure: `vs peer: ${b.what}`,
      result: `Lagebot ${describeBurst(l)}; peer ${describeBurst(peer)}; ratio p50 ${ratio(ls.p50, ps.p50)}, max ${ratio(ls.max, ps.max)}`,
      goal: "all, once, in order; delay ≤ peer's",
      met: l.posted === l.set && l.twice === 0 && l.outOfOrder === 0 && ls.p50 <= ps.p50 && ls.max <= ps.max,
    };
  });
}

/**
 * Ten reminders (one per room) due while both bots are down for `downMs`; after the start: how many
 * were posted, whether once, and whether marked late.
 */
async function restartRows(w: World, sides: Side[], control: Array<{ stop(): Promise<void>; start(): Promise<unknown> }>, downMs: number, setMsPerCommand: number): Promise<Row[]> {
  const k = 10;
  const stopAt = Date.now() + 10_000 + k * setMsPerCommand * 2;
  // Due from 1 s after the stop to 6 s before the start: Lagebot marks a post late only when it goes
  // out more than 5 s after its due time (one due moments ago is simply on time).
  const dueOf = (i: number) => stopAt + 1_000 + Math.round(((downMs - 7_000) * i) / (k - 1));
  await Promise.all(sides.map(async (side) => {
    for (let i = 0; i < k; i++) await ask(w, side, side.rooms[i] as string, side.remind(`Burst-r-${i}`, dueOf(i)));
  }));
  if (Date.now() > dueOf(0) - 1_000) throw new Error("setting the restart reminders took longer than planned");
  await sleep(Math.max(0, stopAt - Date.now()));
  const mark = w.replies.posts.length;
  await Promise.all(control.map((c) => c.stop()));
  await sleep(Math.max(0, stopAt + downMs - Date.now()));
  await Promise.all(control.map((c) => c.start()));
  const startedAt = Date.now();
  const labelled = (side: Side) => new Set(w.replies.posts.slice(mark).filter((p) => p.sender === side.userId).flatMap((p) => labelsIn(p.body, "r"))).size;
  // What comes within a minute of the start; at least 20 s, for a peer that would post late.
  while (Date.now() - startedAt < 60_000 && !(Date.now() - startedAt > 20_000 && sides.every((s) => labelled(s) === k))) await sleep(500);
  const results = sides.map((side) => {
    const counts = new Map<number, number>();
    let late = 0;
    for (const p of w.replies.posts.slice(mark)) {
      if (p.sender !== side.userId) continue;
      for (const i of labelsIn(p.body, "r")) {
        counts.set(i, (counts.get(i) ?? 0) + 1);
        if ((counts.get(i) ?? 0) === 1 && side.late(p.body)) late++;
      }
    }
    const posted = counts.size;
    const once = [...counts.values()].filter((n) => n === 1).length;
    return { name: side.name, posted, once, late, text: `${posted}/${k} posted, ${once} once, ${late} marked late` };
  });
  const [l, p] = results;
  const lage = l as NonNullable<typeof l>;
  return [{
    measure: `vs peer: restart, both down ${(downMs / 1000).toFixed(0)} s with ${k} reminders due meanwhile (one per room)`,
    result: `Lagebot ${lage.text}; ${p ? `peer ${p.text}${p.posted === 0 ? " (it deletes one-off reminders whose time passed while it was down)" : ""}` : "peer not run"}`,
    goal: "all posted once, marked late",
    met: lage.posted === k && lage.once === k && lage.late === k,
  }];
}

function resourceRows(stats: Array<{ name: string; s: ProcStats } | null>): Row[] {
  const [l, p] = stats;
  const lage = (l as NonNullable<typeof l>).s;
  const peer = p?.s;
  return [
    {
      measure: "vs peer: resident memory after the comparison (now / peak)",
      result: `Lagebot ${lage.rssMb.toFixed(0)} / ${lage.peakMb.toFixed(0)} MB; ${peer ? `peer ${peer.rssMb.toFixed(0)} / ${peer.peakMb.toFixed(0)} MB; ratio ${ratio(lage.rssMb, peer.rssMb)} (peak ${ratio(lage.peakMb, peer.peakMb)})` : "peer not run"}`,
      goal: "≤ 1.5 × the peer's", met: peer ? lage.rssMb <= peer.rssMb * 1.5 : null,
    },
    {
      measure: "vs peer: CPU seconds from start through the comparison (same commands, same reminders)",
      result: `Lagebot ${lage.cpuSeconds.toFixed(1)} s; ${peer ? `peer ${peer.cpuSeconds.toFixed(1)} s; ratio ${ratio(lage.cpuSeconds, peer.cpuSeconds)}` : "peer not run"}`,
      goal: "≤ the peer's", met: peer ? lage.cpuSeconds <= peer.cpuSeconds : null,
    },
  ];
}

export interface Comparison {
  lagebot: Lagebot;
  /** null: the peer could not be installed or started; `why` says so in the rows. */
  peer: Peer | null;
  why: string;
}

/** The whole comparison; both bots must have been started fresh just before. */
export async function sideBySideRows(w: World, c: Comparison, samples: number, downMs: number, step: (what: string) => void): Promise<Row[]> {
  const sides = [lagebotSide(w, c.lagebot), ...(c.peer && w.peer ? [peerSide(w, c.peer)] : [])];
  const rows: Row[] = [];
  if (!c.peer) rows.push({ measure: `vs peer (${PEER_NAME})`, result: `peer not run: ${c.why}; Lagebot's figures alone`, goal: "", met: null });
  // A first command each: the peer answers only once its first sync is through.
  for (const side of sides) await ask(w, side, side.rooms[0] as string, side.help);

  step(`side by side: ${samples} round trips each of help and a state change`);
  const rt = await roundTrips(w, sides, samples);
  const lr = rt.get("Lagebot") as RoundTrips;
  const pr = rt.get("peer");
  for (const kind of ["help", "change"] as const) {
    const l = summarize(lr[kind]);
    const p = pr ? summarize(pr[kind]) : null;
    const what = kind === "help" ? `help round trip (Lagebot \`!help\`, ${lr.helpSize} characters; peer \`!help reminders\`${pr ? `, ${pr.helpSize} characters` : ""})` : "state change round trip (Lagebot `!op plan`; peer `!remindme <time>; <text>`)";
    rows.push({
      measure: `vs peer: ${what} p50/p95/p99 (${samples} samples)`,
      result: `Lagebot ${trio(l)}; ${p ? `peer ${trio(p)}; ratio p50 ${ratio(l.p50, p.p50)}, p99 ${ratio(l.p99, p.p99)}` : "peer not run"}`,
      goal: "ratio ≤ 1 at p50 and p99", met: p ? l.p50 <= p.p50 && l.p99 <= p.p99 : null,
    });
  }
  const setMs = Math.max(summarize(lr.change).p95, pr ? summarize(pr.change).p95 : 0);

  step("side by side: reminder bursts (20 in one room, 100 across 10 rooms)");
  rows.push(...(await burstRows(w, sides, setMs)));
  await sleep(5_000);
  rows.push(...resourceRows(sides.map((s) => {
    const p = s.proc();
    return p ? { name: s.name, s: p.stats() } : null;
  })));

  step(`side by side: restart with reminders due, both down ${(downMs / 1000).toFixed(0)} s`);
  const control = [c.lagebot, ...(c.peer && w.peer ? [c.peer] : [])];
  rows.push(...(await restartRows(w, sides, control, downMs, setMs)));
  return rows;
}
