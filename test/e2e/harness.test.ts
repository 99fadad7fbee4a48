// The test harness itself against the real Synapse: two people, a room, invite and join, a message,
// a reply with a mention, a reaction, an edit and a redaction, each seen through /sync with the right
// relations; silence stays silent; 429 answers are waited out.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Person, bodyOf, isReplyTo, mentionsOf, redactsOf, relatesTo } from "../support/person.ts";
import type { TimelineEvent } from "../support/person.ts";
import { registerUser, startSynapse } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");

describe.skipIf(!inject("synapseRunning"))("test harness against Synapse", () => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  let alice: Person;
  let bob: Person;
  let room: string;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([Person.create(hs, `alice-${id}`, "Alice"), Person.create(hs, `bob-${id}`, "Bob")]);
    await Promise.all([alice.startSync(), bob.startSync({ autoJoin: true })]);
    room = await alice.createRoom({ name: "Harness" });
  });

  afterAll(async () => {
    await Promise.all([ifSet(alice)?.stopSync(), ifSet(bob)?.stopSync()]);
  });

  it("registers users with display names on the test server", async () => {
    expect(alice.userId).toBe(`@alice-${id}:${hs.serverName}`);
    expect(await alice.getDisplayName()).toBe("Alice");
    expect(await alice.getDisplayName(bob.userId)).toBe("Bob");
    await bob.setDisplayName("Bob B.");
    expect(await alice.getDisplayName(bob.userId)).toBe("Bob B.");
    const admin = await registerUser(hs, `admin-${id}`, { admin: true });
    expect(admin.userId).toBe(`@admin-${id}:${hs.serverName}`);
    expect(admin.deviceId).not.toBe("");
  });

  it("sees invite, join, message, reply, reaction, edit and redaction with their relations", async () => {
    const m0 = alice.mark();
    await alice.invite(room, bob.userId);
    // bob auto-joins; alice sees the membership change.
    const joined = await alice.waitFor((ev) => ev.type === "m.room.member" && ev.state_key === bob.userId && ev.content["membership"] === "join", {
      after: m0,
      roomId: room,
      description: "bob's join",
    });
    expect(joined.sender).toBe(bob.userId);
    expect(await alice.joinedMembers(room)).toEqual(expect.arrayContaining([alice.userId, bob.userId]));

    const m1 = bob.mark();
    const question = await alice.send(room, "Lage am Bahnhof?", { html: "<b>Lage</b> am Bahnhof?" });
    const got = await bob.waitFor((ev) => ev.event_id === question, { after: m1, description: "alice's question" });
    expect(got.room_id).toBe(room);
    expect(got.sender).toBe(alice.userId);
    expect(bodyOf(got)).toBe("Lage am Bahnhof?");
    expect(got.content["formatted_body"]).toBe("<b>Lage</b> am Bahnhof?");
    expect(got.seq).toBeGreaterThan(m1);

    const m2 = alice.mark();
    const answer = await bob.send(room, "Ruhig.", { replyTo: question, mentions: [alice.userId], msgtype: "m.notice" });
    const reply = await alice.waitFor((ev) => isReplyTo(ev, question), { after: m2, roomId: room, description: "bob's reply" });
    expect(reply.event_id).toBe(answer);
    expect(reply.content["msgtype"]).toBe("m.notice");
    expect(mentionsOf(reply)).toEqual([alice.userId]);

    const m3 = bob.mark();
    const reaction = await alice.react(room, answer, "👍");
    const edit = await alice.edit(room, question, "Lage am Hauptbahnhof?");
    const redaction = await alice.redact(room, question, "falscher Raum");
    const seen = await Promise.all([
      bob.waitFor((ev) => ev.type === "m.reaction", { after: m3, description: "reaction" }),
      bob.waitFor((ev) => relatesTo(ev).relType === "m.replace", { after: m3, description: "edit" }),
      bob.waitFor((ev) => ev.type === "m.room.redaction", { after: m3, description: "redaction" }),
    ]);
    const [r, e, d] = seen;
    expect(r.event_id).toBe(reaction);
    expect(relatesTo(r)).toEqual({ relType: "m.annotation", eventId: answer, key: "👍", inReplyTo: undefined });
    expect(e.event_id).toBe(edit);
    expect(relatesTo(e).eventId).toBe(question);
    expect(bodyOf(e)).toBe("* Lage am Hauptbahnhof?");
    expect(e.content["m.new_content"]).toEqual({ msgtype: "m.text", body: "Lage am Hauptbahnhof?" });
    expect(d.event_id).toBe(redaction);
    expect(redactsOf(d)).toBe(question);
    expect(d.content["reason"]).toBe("falscher Raum");
    // Arrival order is send order, and every event is kept once. (Bob's own reply may still arrive
    // after his mark: a mark covers what he has received, not what he has sent.)
    expect(r.seq).toBeLessThan(e.seq);
    expect(e.seq).toBeLessThan(d.seq);
    const ids = bob.eventsSince(m3, room).filter((ev) => ev.sender === alice.userId).map((ev) => ev.event_id);
    expect(ids).toEqual([reaction, edit, redaction]);
    // The server applied the redaction.
    expect((await bob.getEvent(room, question)).content).toEqual({});
  });

  it("finds an event that arrived after the mark but before waitFor was called", async () => {
    const m = bob.mark();
    const sent = await alice.send(room, "früh");
    await bob.waitFor((ev) => ev.event_id === sent, { after: m, description: "the message itself" });
    // The event is already in; waiting again from the earlier mark finds it at once.
    const started = Date.now();
    const ev = await bob.waitFor((x) => x.event_id === sent, { after: m, timeoutMs: 1_000 });
    expect(ev.event_id).toBe(sent);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("collect returns nothing when nothing is sent, and a clear error on timeout", async () => {
    expect(await bob.collect(room, 1_500)).toEqual([]);
    const m = alice.mark();
    await alice.send(room, "noch da?");
    const err = await alice
      .waitFor((ev: TimelineEvent) => bodyOf(ev) === "never sent", { after: m, roomId: room, timeoutMs: 1_500, description: "a message nobody sends" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toContain("a message nobody sends");
    expect(String(err)).toContain("noch da?");
  });

  it("leaves a room", async () => {
    const m = alice.mark();
    await bob.leave(room);
    await alice.waitFor((ev) => ev.type === "m.room.member" && ev.state_key === bob.userId && ev.content["membership"] === "leave", {
      after: m,
      roomId: room,
      description: "bob's leave",
    });
    expect(await alice.joinedMembers(room)).toEqual([alice.userId]);
  });
});

describe.skipIf(!inject("synapseRunning"))("rate limits", () => {
  it("waits out 429 answers of a server with a low message rate limit", async () => {
    const strict = await startSynapse({ rcMessagePerSecond: 5, rcMessageBurst: 2 });
    try {
      const carol = await Person.create(strict, "carol");
      const room = await carol.createRoom({});
      const started = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await carol.send(room, `m${i}`));
      expect(new Set(ids).size).toBe(5);
      // 2 at once, then 3 more at 5/s: at least ~0.5 s of waiting.
      expect(Date.now() - started).toBeGreaterThan(400);
    } finally {
      await strict.stop();
    }
  }, 60_000);
});
