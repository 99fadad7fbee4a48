// `npm run bench`: Lagebot against its own local Synapse, beside an echo bot on the same SDK as the
// baseline. Prints a table and writes bench/results.md. Not part of `npm test`; 6 to 9 minutes on a 2-core machine.
import { buildWorld } from "./bench/world.ts";
import { loadavg } from "node:os";
import { NODE_FLAGS, burstRows, pacedRows, reminderRows, removeDataDirs, roundTripRows, scaleRows, startLagebot } from "./bench/phases.ts";
import { machineFacts, printTable, quoteInReadme, renderMarkdown, writeResults } from "./bench/report.ts";
import type { Row } from "./bench/report.ts";

const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const step = (what: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${what}\n`);

step("starting Synapse, users and rooms");
const w = await buildWorld();
const rows: Row[] = [];
try {
  const main = await startLagebot(w);
  // The burst comes first: `!op list` then answers with a short notice, no bigger than the echo's.
  step("bursts: echo bot 500, Lagebot 1,000, echo bot 500");
  rows.push(...(await burstRows(w, main.port)));
  step("Lagebot: round trips beside the echo bot");
  rows.push(...(await roundTripRows(w, main.port)));
  step("Lagebot: 20 commands/s for 15 s, then 5/s for 20 s, across 10 rooms");
  rows.push(...(await pacedRows(w, main.port)));
  await main.bot.kill("SIGTERM");
  step("reminder precision: 100 reminders due within a minute");
  rows.push(...(await reminderRows(w)));
  step("scale: 100,000 operations, 10,000 scheduled posts");
  rows.push(...(await scaleRows(w)));
  if (w.anna.gaps.size > 0) throw new Error(`the observer's sync had gaps in ${[...w.anna.gaps].join(", ")}: figures incomplete`);
} finally {
  await w.anna.stopSync();
  await w.hs.stop();
  removeDataDirs();
}

const seconds = (performance.now() - started) / 1000;
const notes = [
  "Round trip: from just before the command's PUT to the reply's arrival in the /sync of an observer in every room. Each Lagebot command alternates with a message to the echo bot that asks for a reply of the same size as Lagebot's last reply to that command (50 samples each after 10 warm-up rounds, each after 30 ms without bot events, 150 ms after an approval, whose card edit follows the reply). The homeserver's work grows with the reply: the 25-operation `!op list` reply takes it longer to store and deliver than a 200-character one, which is not the bot's doing, so the ratio compares like with like. The echo bot answers with a notice of Lagebot's shape (plain and HTML body, empty `m.mentions`).",
  "Bot-added latency: the bot's own histogram `lagebot_bot_added_seconds` (sync response received → reply PUT starts), quantiles interpolated within its buckets as Prometheus does; in the scale rows exact per command.",
  "Handling: `lagebot_command_duration_seconds` (the command's transaction: handler, audit, outbox rows).",
  "Paced: 2 of 3 commands `!op list` (up to 25 operations), 1 of 3 `!op plan`, round-robin over 10 rooms; the echo bot gets the same pace in its rooms first, two of three asking for a reply the size of a 25-operation list. When the homeserver cannot keep up (on this machine it stores about 20 events/s, see the bursts, and each command is two events), replies queue behind it: a room's replies go out strictly one after another, so each waits in the outbox for the PUT of the one before (the outbox-wait row) and that wait is part of the bot-added time. At this pace the homeserver cuts some of the echo bot's syncs short (more than 10 new events in a room, seen in a separate check); the echo bot, a plain SDK client, never sees the events left out, which is how it can leave messages unanswered. Lagebot fetches such gaps and answers every command. Above 2.5 s the latency histograms have buckets at 5, 10 and 30 s only, so quantiles there are coarse. The 5/s row shows the bot at a load the homeserver carries.",
  "Burst: 10 senders each PUT their commands one after another into their own room. The reference is the echo bot's time for 500 commands before and 500 after Lagebot's 1,000 (the homeserver slows down as its database grows, so one echo burst before would favour the echo bot). Lagebot's burst comes before the other runs, so `!op list` answers with a short notice.",
  "Reminders: seeded into the bot's database before it starts (10 clusters of 10 due at the same instant in 10 rooms, 3 s apart); fired = `done_at − due_at` of the schedule rows, in the room = Synapse's `origin_server_ts − due_at`.",
  "Scale: seeded through the app's migrations and repositories in one transaction; operations spread over a year back and a year ahead (about 960 per week).",
];
const facts = machineFacts(w.synapseVersion, { start: loadAtStart, end: loadavg()[0] ?? 0 }, NODE_FLAGS);
printTable(rows);
const file = writeResults(renderMarkdown(facts, rows, notes, seconds));
const quoted = quoteInReadme(facts, rows);
step(`done; table written to ${file}${quoted ? " and quoted in README.md" : ""}`);
process.exit(0);
