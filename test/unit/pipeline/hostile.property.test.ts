// Hostile input through the real dispatcher and scheduler (in-memory database, fixed clock that jumps
// ahead between inputs): generated commands built from the registry's words and malformed events.
// Nothing throws, no handler fails internally, no promise is left rejected; every prefixed message of
// a member naming a known family gets one clear answer (a short, well-formed error, or the command's
// own answer) unless the error budget mutes it; at most 5 error replies per user and minute.
// LAGEBOT_FUZZ_RUNS sets the number of inputs (default 100,000).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "../../../src/pipeline/registry.ts";
import { families } from "../../../commands/index.ts";
import { address } from "../../../src/pipeline/address.ts";
import { parseCommand } from "../../../src/pipeline/parse.ts";
import { envInt } from "../../support/faults.ts";
import { ROOM2, hostileInputs, wellFormed } from "../../support/hostile.ts";
import { BOT, ROOM, setup } from "../../support/pipeline.ts";

const INPUTS = envInt("LAGEBOT_FUZZ_RUNS", 100_000);
const PER_RUN = 200;
const SENDERS = ["@presse:stadt.example", "@anna:stadt.example", "@verbindung:stadt.example", "@pressestelle:polizei.example", "@eve:evil.example", BOT];
const MEMBERS = new Set(SENDERS.slice(0, 4));
const registry = new Registry(families);
// Room for the longest error we write (help's overview after "no such area"); far below a 60 KiB echo.
const MAX_ERROR_CHARS = 4_000;

interface Row {
  outcome: string | null;
  state: string;
}

/** A message a member sent that must be answered: a prefix, then a family the bot knows. */
function mustAnswer(ev: Record<string, unknown>, sender: string): boolean {
  const c = ev["content"];
  if (!MEMBERS.has(sender) || ev["type"] !== "m.room.message" || typeof c !== "object" || c === null) return false;
  const content = c as Record<string, unknown>;
  const body = content["body"];
  if (typeof body !== "string" || typeof content["msgtype"] !== "string" || content["msgtype"] === "m.notice") return false;
  const rel = content["m.relates_to"];
  if (typeof rel === "object" && rel !== null && (rel as Record<string, unknown>)["rel_type"] === "m.replace") return false;
  // A broken envelope (no ID, a negative time) is not a message from anyone; it is dropped.
  const ts = ev["origin_server_ts"];
  if (typeof ts !== "number" || !Number.isInteger(ts) || ts < 0 || typeof ev["event_id"] !== "string") return false;
  const fb = typeof content["formatted_body"] === "string" ? content["formatted_body"] : undefined;
  const addressed = address({ body, formattedBody: fb }, { userId: BOT, displayName: "Lagebot" });
  if (!addressed || addressed.prefix === "mention") return false;
  const parsed = parseCommand(addressed.text);
  return parsed.ok && registry.family(parsed.value.family) !== null;
}

describe("hostile input through the dispatcher", () => {
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  let tried = 0;
  let answered = 0;
  let muted = 0;
  beforeAll(() => {
    process.on("unhandledRejection", onRejection);
  });
  afterAll(() => {
    process.off("unhandledRejection", onRejection);
    console.log(`hostile: inputs tried ${tried}, prefixed member commands answered ${answered}, muted by the error budget ${muted}, unhandled rejections ${rejections.length}`);
  });

  it(`survives ${INPUTS} generated commands and malformed events, answering each command once`, { timeout: 10 * 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileInputs(SENDERS.length, PER_RUN), async (inputs) => {
        const t = setup();
        const errorsAt = new Map<string, number[]>();
        const warned = new Set<string>();
        const pool: string[] = ["$nothing"];
        // What the outbox would do: each queued message gets an event ID, so later events can relate to it.
        const sendAll = t.db.prepare("UPDATE outbox SET state = 'sent', event_id = '$sent' || id WHERE state = 'pending'");
        const lastSent = t.db.prepare<[], string>("SELECT event_id FROM outbox WHERE event_id IS NOT NULL ORDER BY id DESC LIMIT 5").pluck();
        const inboxRow = t.db.prepare<[string], Row>("SELECT outcome, state FROM inbox WHERE event_id = ?");
        let n = 0;
        for (const input of inputs) {
          tried++;
          if (input.advanceMs > 0) t.advance(input.advanceMs);
          sendAll.run();
          pool.push(...lastSent.all());
          const sender = SENDERS[input.senderIx] ?? BOT;
          const target = pool[input.target % pool.length] ?? "$nothing";
          const ev = { sender, origin_server_ts: t.clock.t, event_id: `$h${++n}`, ...input.build(target) };
          const out = await t.deliver(ev, input.room === 0 ? ROOM : ROOM2);
          // Checked by hand, not with expect(): a message naming the event is only built on failure.
          const fail = (what: string): never => {
            throw new Error(`${what}\n  event: ${JSON.stringify(ev).slice(0, 400)}\n  answers: ${JSON.stringify(out.map((o) => o.body.slice(0, 200)))}`);
          };
          const id = typeof ev.event_id === "string" ? ev.event_id : null;
          const row = id === null ? undefined : inboxRow.get(id);
          // What the inbox does not store (no ID, other types, our own events) must cause nothing.
          if (!row) {
            if (out.length > 0) fail("acted on an event it did not store");
            continue;
          }
          pool.push(ev.event_id);
          if (row.state !== "done") fail("not handled");
          const outcome = row.outcome ?? "";
          if (outcome === "error") fail("internal error");
          if (out.some((o) => !wellFormed(o.body) || !wellFormed(o.html))) fail("lone surrogates in an answer (Synapse answers 500)");

          // The error budget: 5 error replies per user in any 60 s.
          const now = t.clock.t;
          const recent = (errorsAt.get(sender) ?? []).filter((at) => now - at < 60_000);
          if (outcome === "error-replied") {
            if (recent.length >= 5) fail(`a 6th error reply within a minute to ${sender}`);
            recent.push(now);
            // An edit of a command is answered in a reply to the command it edits.
            const content: unknown = Reflect.get(ev, "content");
            const rel: unknown = typeof content === "object" && content !== null ? Reflect.get(content, "m.relates_to") : null;
            const edited: unknown = typeof rel === "object" && rel !== null && Reflect.get(rel, "rel_type") === "m.replace" ? Reflect.get(rel, "event_id") : null;
            const answered = typeof edited === "string" ? edited : ev.event_id;
            const replies = out.filter((o) => o.replyTo === answered);
            if (replies.length !== 1) fail(`${replies.length} error replies`);
            const body = replies[0]?.body ?? "";
            if (body.trim() === "" || body.length > MAX_ERROR_CHARS) fail(`an unclear error reply of ${body.length} characters`);
          }
          if (outcome === "error-replied") warned.delete(sender);
          // The first error over the limit is told so, once; then silence until the window ends.
          if (outcome === "error-limit") {
            if (recent.length !== 5) fail(`limit told although ${sender} had ${recent.length} error replies this minute`);
            if (warned.has(sender)) fail("the limit was told twice in one window");
            warned.add(sender);
            if (out.length !== 1 || out[0]?.body !== "Zu viele fehlerhafte Befehle, bitte kurz warten.") fail("the limit was not told as it should be");
          }
          if (outcome === "error-muted") {
            if (recent.length !== 5) fail(`muted although ${sender} had ${recent.length} error replies this minute`);
            if (!warned.has(sender)) fail("muted before the limit was told");
            if (out.length > 0) fail("muted, yet answered");
          }
          errorsAt.set(sender, recent);

          if (mustAnswer(ev, sender)) {
            if (outcome === "error-muted") muted++;
            else {
              answered++;
              const isCommand = outcome.startsWith("command:");
              if (!isCommand && outcome !== "error-replied" && outcome !== "error-limit") fail(`no answer (${outcome})`);
              // A command answers with a reply, a card or an upload.
              if (isCommand && out.length === 0) fail("a command without an answer");
            }
          }
        }
        // A scheduled job that throws is marked missed without being late: none may.
        expect(t.count("SELECT COUNT(*) FROM schedule WHERE state = 'missed' AND late = 0")).toBe(0);
        expect(t.count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'")).toBe(0);
        t.close();
      }),
      // No shrinking: a run is 200 events on one database, and the failure message names the event.
      { numRuns: Math.ceil(INPUTS / PER_RUN), endOnFailure: true },
    );
    // Give a stray rejection a turn of the event loop to surface.
    await new Promise((r) => setImmediate(r));
    expect(rejections).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(INPUTS);
  });
});
