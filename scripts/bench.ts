// `npm run bench`: Lagebot against its own local Synapse, beside an echo bot on the same SDK as the
// baseline and beside matrix-reminder-bot 0.4.0 (the peer users would compare it with). Prints a
// table and writes bench/results.md. Not part of `npm test`; about 25 minutes on a 2-core machine.
//
//   npm run bench -- [--samples 300] [--downtime 120] [--no-peer] [--only a,b,…]
//     --samples   round trips per round-trip row (default 300: p99 is then the 3rd slowest, not the slowest)
//     --downtime  seconds both bots stay down in the restart comparison (default 120, at least 10)
//     --no-peer   leave the peer out (its rows then say so)
//     --only      phases: burst, roundtrip, paced, reminders, peer, scale (default: all)
//     --node-flags "<flags>"  extra Node/V8 flags for every Lagebot process (to try them; the table says so)
//   A quick run: npm run bench -- --samples 30 --downtime 20
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { buildWorld } from "./bench/world.ts";
import { NODE_FLAGS, START, buildIfStale, setExtraFlags } from "./bench/lagebot.ts";
import { ensurePeer, Peer } from "./bench/peer.ts";
import type { PeerInstall } from "./bench/peer.ts";
import { burstRows, pacedRows, reminderRows, removeDataDirs, roundTripRows, scaleRows, startLagebot } from "./bench/phases.ts";
import { machineFacts, printTable, quoteInReadme, renderMarkdown, writeResults } from "./bench/report.ts";
import type { Row } from "./bench/report.ts";
import { sideBySideRows } from "./bench/side-by-side.ts";

const PHASES = ["burst", "roundtrip", "paced", "reminders", "peer", "scale"] as const;
const { values } = parseArgs({
  options: { samples: { type: "string", default: "300" }, downtime: { type: "string", default: "120" }, "no-peer": { type: "boolean", default: false }, only: { type: "string" }, "node-flags": { type: "string", default: "" } },
  strict: true,
});
const samples = Number(values.samples);
const downMs = Number(values.downtime) * 1000;
const only = new Set(values.only ? values.only.split(",") : PHASES);
if (!Number.isInteger(samples) || samples < 1 || !(downMs >= 10_000) || [...only].some((p) => !(PHASES as readonly string[]).includes(p))) {
  process.stderr.write(`usage: npm run bench -- [--samples N] [--downtime seconds] [--no-peer] [--only ${PHASES.join(",")}]\n`);
  process.exit(2);
}
const extraFlags = values["node-flags"].split(/\s+/).filter(Boolean);
setExtraFlags(extraFlags);
const full = only.size === PHASES.length && extraFlags.length === 0;

const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const step = (what: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${what}\n`);

buildIfStale();
let peerInstall: PeerInstall | null = values["no-peer"] ? { ok: false, why: "left out (--no-peer)" } : null;
if (only.has("peer") && !peerInstall) {
  step("the peer: matrix-reminder-bot 0.4.0 in its virtualenv");
  const installed = ensurePeer(step);
  if (!installed.ok) step(`the peer cannot be installed: ${installed.why}; its rows say so`);
  peerInstall = installed;
}
step("starting Synapse, users and rooms");
const w = await buildWorld({ peer: peerInstall?.ok === true });
const rows: Row[] = [];
try {
  if (only.has("burst") || only.has("roundtrip") || only.has("paced")) {
    const main = await startLagebot(w);
    // The burst comes first: `!op list` then answers with a short notice, no bigger than the echo's.
    if (only.has("burst")) {
      step("bursts: echo bot 500, Lagebot 1,000, echo bot 500");
      rows.push(...(await burstRows(w, main)));
    }
    if (only.has("roundtrip")) {
      step(`Lagebot: ${samples} round trips of each kind beside the echo bot`);
      rows.push(...(await roundTripRows(w, main, samples)));
    }
    if (only.has("paced")) {
      step("Lagebot: 20 commands/s for 15 s, then 5/s for 20 s, across 10 rooms");
      rows.push(...(await pacedRows(w, main)));
    }
    await main.stop();
  }
  if (only.has("reminders")) {
    step("reminder precision: 100 reminders due within a minute");
    rows.push(...(await reminderRows(w)));
  }
  if (only.has("peer")) {
    step("side by side with the peer: starting both");
    const lagebot = await startLagebot(w, { rooms: w.sideRooms });
    let peer: Peer | null = null;
    let why = peerInstall && !peerInstall.ok ? peerInstall.why : "";
    if (peerInstall?.ok && w.peer) {
      peer = new Peer(peerInstall.python, { homeserverUrl: w.hs.url, userId: w.peer.user.userId, password: w.peer.user.password, timezone: "Europe/Berlin" });
      try {
        await peer.start();
      } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        why = `it did not start: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
        peer = null;
      }
    }
    try {
      rows.push(...(await sideBySideRows(w, { lagebot, peer, why }, samples, downMs, step)));
    } finally {
      await lagebot.stop();
      await peer?.stop();
      peer?.remove();
    }
  }
  if (only.has("scale")) {
    step("scale: 100,000 operations, 10,000 scheduled posts; memory when idle");
    rows.push(...(await scaleRows(w)));
  }
  if (w.anna.gaps.size > 0) throw new Error(`the observer's sync had gaps in ${[...w.anna.gaps].join(", ")}: figures incomplete`);
} finally {
  await w.anna.stopSync();
  await w.hs.stop();
  removeDataDirs();
}

const seconds = (performance.now() - started) / 1000;
const notes = [
  `Lagebot runs as \`npm start\` runs it: \`node ${NODE_FLAGS} ${START.entry}\` (compiled by \`npm run build\`).`,
  `Round trip: from just before the command's PUT to the reply's arrival in the /sync of an observer in every room; ${samples} samples per row after 10 warm-up rounds, so p99 is the ${Math.max(1, Math.ceil(samples / 100))}. slowest. Each Lagebot command alternates with a message to the echo bot that asks for a reply of the same size as Lagebot's last reply to that command (each after 30 ms without bot events, 150 ms after an approval, whose card edit follows the reply). The homeserver's work grows with the reply: the 25-operation \`!op list\` reply takes it longer to store and deliver than a 200-character one, which is not the bot's doing, so the ratio compares like with like. The echo bot answers with a notice of Lagebot's shape (plain and HTML body, empty \`m.mentions\`).`,
  "Where a p99 tail comes from: after every Lagebot sample the bench scrapes the bot's /metrics and takes the sample's bot-added time (sync response in → reply PUT out; this includes the command's transaction and the fsync of its commit), the time V8 spent in GC, and the largest event-loop delay since the scrape before (prom-client's monitorEventLoopDelay, reset at each scrape). The slowest 1 % are set against the middle fifth (40th–60th percentile).",
  "Bot-added latency: the bot's own histogram `lagebot_bot_added_seconds` (sync response received → reply PUT starts), quantiles interpolated within its buckets as Prometheus does; in the scale rows exact per command.",
  "Handling: `lagebot_command_duration_seconds` (the command's transaction: handler, audit, outbox rows).",
  "Paced: 2 of 3 commands `!op list` (up to 25 operations), 1 of 3 `!op plan`, round-robin over 10 rooms; the echo bot gets the same pace in its rooms first, two of three asking for a reply the size of a 25-operation list. When the homeserver cannot keep up (on this machine it stores about 20 events/s, see the bursts, and each command is two events), replies queue behind it: a room's replies go out strictly one after another, so each waits in the outbox for the PUT of the one before (the outbox-wait row) and that wait is part of the bot-added time. At this pace the homeserver cuts some of the echo bot's syncs short (more than 10 new events in a room, seen in a separate check); the echo bot, a plain SDK client, never sees the events left out, which is how it can leave messages unanswered. Lagebot fetches such gaps and answers every command. Above 2.5 s the latency histograms have buckets at 5, 10 and 30 s only, so quantiles there are coarse. The 5/s row shows the bot at a load the homeserver carries.",
  "Burst: 10 senders each PUT their commands one after another into their own room. The reference is the echo bot's time for 500 commands before and 500 after Lagebot's 1,000 (the homeserver slows down as its database grows, so one echo burst before would favour the echo bot). Lagebot's burst comes before the other runs, so `!op list` answers with a short notice.",
  "Reminders: seeded into the bot's database before it starts (10 clusters of 10 due at the same instant in 10 rooms, 3 s apart); fired = `done_at − due_at` of the schedule rows, in the room = Synapse's `origin_server_ts − due_at`.",
  "Side by side with the peer (matrix-reminder-bot 0.4.0 from PyPI, in a cached virtualenv; scripts/bench/reminder-bot-requirements.txt): both freshly started on the same Synapse, each in 10 rooms of its own with the same members, both set to Europe/Berlin. Round trips alternate between the two (who goes first alternates too). Help: Lagebot `!help`, the peer `!help reminders` (its command reference; `!help` alone is one line). State change: Lagebot `!op plan …` (stores the operation and schedules its reminders), the peer `!remindme <time>; <text>`. The peer posts its answers as plain notices, not as Matrix replies: its answer is its next message in that room. Reminder bursts: each bot sets its reminders through its own commands (Lagebot: an operation starting one hour after the due time, whose 1-hour reminder is due then), all of a burst due in the same second; the bursts are 10 s apart. Delay = Synapse's `origin_server_ts` of the post − due time; a pair is out of order when two reminders of a room appear in the other order than they were set. Lagebot posts reminders of one room due within a second as one message. Memory and CPU from /proc of each process (VmRSS, VmHWM, utime + stime), taken 5 s after the bursts. Restart: both stopped (SIGTERM) together, down for the given time, started together; counted is what each posted within a minute of the start.",
  "Scale: seeded through the app's migrations and repositories in one transaction; operations spread over a year back and a year ahead (about 960 per week). Memory: VmRSS of the bot 30 s after its last command; the same database once more with the bot started from the sources.",
];
const facts = machineFacts(w.synapseVersion, { start: loadAtStart, end: loadavg()[0] ?? 0 }, [NODE_FLAGS, ...extraFlags].join(" "));
printTable(rows);
if (full) {
  const file = writeResults(renderMarkdown(facts, rows, notes, seconds));
  const quoted = quoteInReadme(facts, rows);
  step(`done; table written to ${file}${quoted ? " and quoted in README.md" : ""}`);
} else {
  step("done (a partial run: bench/results.md and README.md left as they were)");
}
process.exit(0);
