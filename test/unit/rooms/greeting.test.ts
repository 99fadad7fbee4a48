// The greeting of someone who joins a served room (issue 20): once per person and room, with what
// awaits their agency; nothing of that for someone of no agency, nor for anyone the bot found there.
import { describe, expect, it } from "vitest";
import { getOutbox } from "../../../src/store/outbox.ts";
import type { OutboxId } from "../../../src/store/outbox.ts";
import { BOT, ROOM, setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";
import { ANNA, draft } from "../../support/press.ts";

const CARL = "@carl:polizei.example"; // police member, joins later
const DORA = "@dora:stadt.example"; // city member, joins later
const EVE = "@eve:fremd.example"; // no agency

type World = ReturnType<typeof setup>;
const member = (user: string, membership = "join", displayname?: string) => ({
  type: "m.room.member", state_key: user, sender: user, content: { membership, ...(displayname ? { displayname } : {}) },
});
function sync(t: World, ...events: Array<Record<string, unknown>>): void {
  t.rooms.fromSync({ rooms: { join: { [ROOM]: { timeline: { events } } } } });
}

/** A room the bot has read whole, with the bot and Anna in it. */
async function readRoom(config: Record<string, unknown> = {}): Promise<World> {
  const t = setup({ config });
  t.homeserver.state = [member(BOT), member(ANNA)];
  await t.rooms.readRoom(ROOM);
  t.take();
  return t;
}

const greetings = (out: Sent[]): Sent[] => out.filter((o) => o.kind === "message" && o.body.includes("Willkommen"));

describe("greeting a new member", () => {
  it("greets a police member who joins with a notice naming them and the draft awaiting police approval", async () => {
    const t = await readRoom();
    draft(t);
    sync(t, member(CARL, "join", "Carl Berger"));
    const [g, ...more] = greetings(t.advance(3_000));
    expect(more).toEqual([]);
    expect(g?.msgtype).toBe("m.notice");
    expect(g?.body).toBe(
      [
        "Willkommen, Carl Berger! Über den Lagebot stimmen die beteiligten Behörden hier Einsätze, Pressemitteilungen und Gremientermine miteinander ab.",
        "Eine Übersicht aller Befehle gibt !hilfe.",
        "Offen für Polizei:",
        "• PR-1 „Kontrollen am Bahnhof“ (Version 1) wartet auf die Freigabe durch Polizei – die Karte zeigt !presse zeigen PR-1.",
      ].join("\n"),
    );
    expect(g?.html).toContain('<a href="https://matrix.to/#/@carl:polizei.example">Carl Berger</a>');
    // With agency items it is withheld like any sensitive post if a stranger joins before it goes out.
    expect(g && getOutbox(t.db, g.id as OutboxId)?.sensitive).toBe("Begrüßung mit den offenen Punkten der Behörde");
  });

  it("names this week's operations short of the joiner's agency", async () => {
    const t = await readRoom();
    t.send(ANNA, '!einsatz planen Streife Bahnhof wann="26.11.2026 20:00" bis=23:00 stadt=1 polizei=2');
    sync(t, member(CARL));
    const body = greetings(t.advance(3_000))[0]?.body ?? "";
    expect(body).toContain("Offen für Polizei:");
    expect(body).toMatch(/OP-1 „Streife Bahnhof“, .*: von Polizei fehlen noch 2 Personen – eintragen mit !einsatz teilnehmen OP-1\./);
    expect(body).not.toContain("Stadt");
  });

  it("names a night shift already under way that is short of the joiner's agency", async () => {
    const t = await readRoom();
    t.clock.advance(12 * 3_600_000 + 13 * 86_400_000); // Tue 08.12., 22:00 here
    t.send(ANNA, '!einsatz planen Nacht wann="heute 23 Uhr" bis=6:00 stadt=1 polizei=2');
    t.advance(3 * 3_600_000); // 01:00, the shift has begun
    sync(t, member(CARL));
    const body = greetings(t.advance(3_000))[0]?.body ?? "";
    expect(body).toMatch(/OP-1 „Nacht“, .*: von Polizei fehlen noch 2 Personen – eintragen mit !einsatz teilnehmen OP-1\./);
  });

  it("does not greet twice: not after leaving and joining again, nor for a new display name", async () => {
    const t = await readRoom();
    sync(t, member(DORA));
    expect(greetings(t.advance(3_000))).toHaveLength(1);
    sync(t, member(DORA, "join", "Dora D."));
    sync(t, member(DORA, "leave"));
    sync(t, member(DORA));
    expect(greetings(t.advance(3_000))).toEqual([]);
  });

  it("tells someone of no agency only what the bot is, never what awaits an agency", async () => {
    const t = await readRoom();
    draft(t);
    sync(t, member(EVE));
    const [g] = greetings(t.advance(3_000));
    expect(g?.body).toBe(
      "Willkommen, eve! Über den Lagebot stimmen die beteiligten Behörden hier Einsätze, Pressemitteilungen und Gremientermine miteinander ab.\nEine Übersicht aller Befehle gibt !hilfe.",
    );
  });

  it("shows an agency member no open items while someone of no agency reads along", async () => {
    const t = await readRoom();
    draft(t);
    sync(t, member(EVE));
    sync(t, member(CARL));
    const g = greetings(t.advance(3_000)).find((o) => o.body.includes("carl"));
    expect(g?.body).not.toContain("PR-1");
  });

  it("greets nobody the bot found in the room when it first read it, nor the bot itself", async () => {
    const t = setup();
    t.homeserver.state = new Promise<unknown[]>(() => {}); // not read yet
    sync(t, member(CARL));
    expect(greetings(t.advance(3_000))).toEqual([]);
    const read = await readRoom();
    sync(read, member(BOT, "leave"));
    sync(read, member(BOT));
    expect(greetings(read.advance(3_000))).toEqual([]);
  });

  it("greets nobody with greeting.enabled false", async () => {
    const t = await readRoom({ greeting: { enabled: false } });
    sync(t, member(CARL));
    expect(greetings(t.advance(3_000))).toEqual([]);
  });
});
