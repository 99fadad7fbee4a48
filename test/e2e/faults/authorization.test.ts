// Authorization against a real Synapse (the full matrix of verbs × actors runs in
// test/unit/pipeline/authorization.test.ts): ✅ on a press card from a stranger, from a member
// without the press role, from the bot itself and from an impostor who copied an approver's display
// name change nothing; the impostor's command is refused; only the real approver's ✅ counts; a
// stranger's invite is declined.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BotProcess } from "../../support/bot-process.ts";
import { faultWorld, repliesTo, waitForReplies } from "../../support/faults.ts";
import type { FaultWorld } from "../../support/faults.ts";
import { Person, bodyOf, relatesTo } from "../../support/person.ts";
import type { TimelineEvent } from "../../support/person.ts";
import { ifSet } from "../../support/suite.ts";

const hs = inject("synapse");

describe("who counts on a press card", () => {
  let w: FaultWorld;
  let eve: Person; // no agency
  let mallory: Person; // no agency, display name copied from Ben, the police approver
  let bot: BotProcess | null = null;

  beforeAll(async () => {
    w = await faultWorld(hs, "authz");
    const id = Date.now().toString(36);
    eve = await Person.create(hs, `eve-${id}`, "Eve");
    mallory = await Person.create(hs, `mallory-${id}`, (await w.anna.getDisplayName(w.ben.userId)) ?? "Ben Polizei");
    for (const p of [eve, mallory]) {
      await w.anna.invite(w.room, p.userId);
      await p.join(w.room);
    }
    await Promise.all([w.anna.startSync(), eve.startSync()]);
    // Eve and Mallory, of no agency, are in the room on purpose.
    bot = await BotProcess.start({ config: w.config({ roomSafety: "warn" }) });
  });

  afterAll(async () => {
    const started = ifSet(w);
    await bot?.kill("SIGTERM");
    await Promise.all([started?.anna.stopSync(), ifSet(eve)?.stopSync()]);
    started?.dispose();
  });

  it("counts only the approver's ✅, whatever name the others show", async () => {
    expect(await w.anna.getDisplayName(mallory.userId)).toBe(await w.anna.getDisplayName(w.ben.userId));
    let mark = w.anna.mark();
    const draft = await w.anna.send(w.room, "!presse entwurf Rechte\nNur Freigaben von Berechtigten zählen.");
    await waitForReplies(w.anna, w.botId, [draft], mark, 30_000);
    const card = repliesTo(w.anna, w.botId, draft, mark)[0];
    if (!card) throw new Error("no card");

    mark = w.anna.mark();
    for (const p of [eve, mallory, w.carl]) await p.react(w.room, card.event_id, "✅");
    const forged = await mallory.send(w.room, "!presse freigeben PR-1");
    const status = await w.anna.send(w.room, "!presse status PR-1");
    await waitForReplies(w.anna, w.botId, [forged, status], mark, 30_000);
    // The card was never edited: no reaction so far counted (the bot's own ✅ included).
    expect(w.anna.eventsSince(mark, w.room).filter((ev) => isEdit(ev, card.event_id))).toEqual([]);
    expect(bodyOf(repliesTo(w.anna, w.botId, forged, mark)[0] ?? card)).toContain("nur Mitglieder der beteiligten Behörden");
    const before = bodyOf(repliesTo(w.anna, w.botId, status, mark)[0] ?? card);
    expect(before).toContain("Freigabe ausstehend: Stadt und Polizei");
    expect(before).toContain("Noch keine Freigaben");

    // The real approver's ✅ counts, and the card says so.
    mark = w.anna.mark();
    await w.ben.react(w.room, card.event_id, "✅");
    const edit = await w.anna.waitFor((ev) => isEdit(ev, card.event_id), { after: mark, description: "the card edited after Ben's ✅" });
    // Two members share the name: the card tells them apart by their Matrix IDs.
    expect(newBody(edit)).toContain(`Polizei: freigegeben von Ben Polizei (${w.ben.userId})`);
    expect(newBody(edit)).not.toContain(mallory.userId);
    console.log("authorization e2e: counted 1 of 5 ✅ (approver), impostor with copied display name refused, duplicates found 0");
  });

  it("declines a stranger's invite", async () => {
    const mark = eve.mark();
    const room = await eve.createRoom({ name: "Fremd", invite: [w.botId] });
    await eve.waitFor((ev) => ev.room_id === room && ev.type === "m.room.member" && ev.state_key === w.botId && ev.content["membership"] === "leave", {
      after: mark, description: "the bot declining the invite", timeoutMs: 30_000,
    });
    expect(await eve.joinedMembers(room)).not.toContain(w.botId);
  });
});

function isEdit(ev: TimelineEvent, target: string): boolean {
  const rel = relatesTo(ev);
  return ev.type === "m.room.message" && rel.relType === "m.replace" && rel.eventId === target;
}

function newBody(ev: TimelineEvent): string {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof (c as Record<string, unknown>)["body"] === "string" ? String((c as Record<string, unknown>)["body"]) : "";
}
