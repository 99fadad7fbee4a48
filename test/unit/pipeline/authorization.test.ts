// The authorization matrix, generated from the registry: EVERY verb of EVERY family in
// commands/index.ts, sent by a member with the verb's role, a member without it, a member of the
// other agency, a stranger on another server and the bot itself. Only the allowed ones change
// anything: the database (every table but the inbox, the outbox and the refusal bookkeeping; audit
// rows that record a refusal are expected) is compared before and after. Verbs that need an object
// (OP-1, PR-1 …) get it from SEEDS, run first by a role holder; a family without a seed entry is
// still checked for "the unauthorized change nothing". Also: reactions on a press card, impostors.
import { afterAll, describe, expect, it } from "vitest";
import { families } from "../../../commands/index.ts";
import type { Verb } from "../../../src/pipeline/family.ts";
import { BOT, setup } from "../../support/pipeline.ts";

const CITY_BOSS = "@chefin:stadt.example"; // city: every role
const POLICE_BOSS = "@leitung:polizei.example"; // police: every role
const ACTORS = {
  withRole: CITY_BOSS,
  withoutRole: "@anna:stadt.example", // city, no role
  otherAgency: "@verbindung:stadt.example", // police (listed by ID on the city's server), no role
  stranger: "@eve:evil.example",
  bot: BOT,
} as const;
type Actor = keyof typeof ACTORS;
const ALL_ROLES = (who: string) => ({ planner: [who], press: [who], chair: [who], auditor: [who] });
const CONFIG = {
  agencies: [
    { id: "city", name: "Stadt", servers: ["stadt.example"], roles: ALL_ROLES(CITY_BOSS) },
    { id: "police", name: "Polizei", servers: ["polizei.example"], users: [ACTORS.otherAgency], roles: ALL_ROLES(POLICE_BOSS) },
  ],
};

interface Case {
  /** Run first, by the city's role holder unless `police:` prefixes it; each must succeed. */
  seed?: readonly string[];
  /** Run by the actor under test before the snapshot (e.g. joining before leaving). */
  actorFirst?: readonly string[];
  command: string;
  /** Who changes something with it; default: members with the verb's role (all members without one). */
  allowed?: readonly Actor[];
  /** A read that still writes (an export is audited). */
  writes?: boolean;
  /** The clock moves to this instant after the seed (a report needs the operation begun). */
  until?: string;
}

const OP = ['!op plan Streife at="2026-12-05 20:00" place=Markt police=1'];
const PR = ["!press draft Titel\nText der Mitteilung."];
const CM = ['!committee create lage name=Lagebesprechung every="tuesday 10:00"'];
const ONLY_BOSS: readonly Actor[] = ["withRole"];

/** The seed table: a valid command per verb. Keep it current when a family gains a verb. */
const SEEDS: Record<string, Case> = {
  "op.plan": { command: OP[0] ?? "" },
  "op.list": { seed: OP, command: "!op list" },
  "op.show": { seed: OP, command: "!op show OP-1" },
  "op.edit": { seed: OP, command: "!op edit OP-1 place=Bahnhof" },
  "op.cancel": { seed: OP, command: "!op cancel OP-1 Wetter" },
  "op.join": { seed: OP, command: "!op join OP-1" },
  "op.leave": { seed: OP, actorFirst: ["!op join OP-1"], command: "!op leave OP-1" },
  // Whoever planned it (the role holder) or is on its roster, a planner or a chair.
  "op.report": { seed: OP, until: "2026-12-05T19:30:00Z", command: "!op report OP-1\nAlles ruhig.", allowed: ONLY_BOSS },
  "op.ics": { seed: OP, command: "!op ics" },
  "press.draft": { command: PR[0] ?? "" },
  // The author (the role holder) or a press approver.
  "press.revise": { seed: PR, command: "!press revise PR-1\nNeuer Text.", allowed: ONLY_BOSS },
  "press.approve": { seed: PR, command: "!press approve PR-1" },
  "press.reject": { seed: PR, command: "!press reject PR-1 Zu lang" },
  "press.status": { seed: PR, command: "!press status PR-1" },
  "press.list": { seed: PR, command: "!press list" },
  "press.release": { seed: [...PR, "!press approve PR-1", "police:!press approve PR-1"], command: "!press release PR-1", allowed: ONLY_BOSS },
  "press.withdraw": { seed: PR, command: "!press withdraw PR-1 Überholt", allowed: ONLY_BOSS },
  "committee.create": { command: CM[0] ?? "" },
  "committee.list": { seed: CM, command: "!committee list" },
  "committee.show": { seed: CM, command: "!committee show lage" },
  "committee.skip": { seed: CM, command: "!committee skip lage 2026-12-01" },
  "committee.move": { seed: CM, command: '!committee move lage 2026-12-01 to="2026-12-02 10:00"' },
  "committee.ics": { seed: CM, command: "!committee ics lage" },
  "agenda.add": { seed: CM, command: "!agenda add lage Lagebild" },
  "agenda.list": { seed: [...CM, "!agenda add lage Lagebild"], command: "!agenda list lage" },
  // The owner, whoever added it (both the role holder here) or a chair.
  "agenda.remove": { seed: [...CM, "!agenda add lage Lagebild"], command: "!agenda remove TOP-1", allowed: ONLY_BOSS },
  "agenda.done": { seed: [...CM, "!agenda add lage Lagebild"], command: "!agenda done TOP-1", allowed: ONLY_BOSS },
  "action.add": { command: `!action add Bericht owner=${CITY_BOSS} due=2026-12-10` },
  // The owner (the role holder) or a chair.
  "action.done": { seed: [`!action add Bericht owner=${CITY_BOSS} due=2026-12-10`], command: "!action done AI-1", allowed: ONLY_BOSS },
  "action.list": { seed: [`!action add Bericht owner=${CITY_BOSS} due=2026-12-10`], command: "!action list open" },
  "spot.add": { command: "!spot add Bahnhof place=Bahnhofsplatz" },
  "spot.list": { seed: ["!spot add Bahnhof"], command: "!spot list" },
  "spot.show": { seed: ["!spot add Bahnhof"], command: "!spot show HS-1" },
  "spot.note": { seed: ["!spot add Bahnhof"], command: "!spot note HS-1 Neue Beobachtung" },
  // Whoever registered it (the role holder) or a chair.
  "spot.close": { seed: ["!spot add Bahnhof"], command: "!spot close HS-1", allowed: ONLY_BOSS },
  "picture.": { seed: [...OP, ...PR], command: "!picture" },
  "picture.week": { seed: OP, command: "!picture week" },
  // Chair or auditor, checked by the handler; the export itself is audited.
  "audit.export": { command: "!audit export", allowed: ONLY_BOSS, writes: true },
  "help.": { command: "!help" },
  "status.": { command: "!status" },
  "room.": { command: "!room" },
};

type T = ReturnType<typeof setup>;
// The inbox and outbox are the machinery's own record of what came and went; refusals and reactions
// are bookkeeping of attempts (one refusal per day, reactions so a redaction can be traced back).
const NOT_STATE = new Set(["inbox", "outbox", "refusals", "reactions"]);

/** Everything a command could change, as one comparable string. */
function snapshot(t: T): string {
  const tables = t.db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const out: Record<string, string[]> = {};
  for (const name of tables) {
    if (NOT_STATE.has(name)) continue;
    // A refused attempt is audited on purpose; only successful actions are changes.
    const sql = name === "audit" ? "SELECT * FROM audit WHERE outcome <> 'refused'" : `SELECT * FROM "${name}"`;
    out[name] = t.db.prepare<[]>(sql).all().map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

function run(t: T, sender: string, text: string): void {
  t.send(sender, text);
}

const key = (family: string, verb: Verb) => `${family}.${verb.spec.name}`;

function commandFor(family: string, verb: Verb): string {
  return SEEDS[key(family, verb)]?.command ?? `!${family} ${verb.spec.name}`.trimEnd();
}

function mayChange(actor: Actor, verb: Verb, c: Case | undefined): boolean {
  if (c?.allowed) return c.allowed.includes(actor);
  if (actor === "stranger" || actor === "bot") return false;
  const role = verb.spec.role ?? null;
  return role === null || actor === "withRole";
}

/** A fresh bot with the seed run; fails when a seed command no longer changes anything. */
function seeded(c: Case | undefined): T {
  const t = setup({ config: CONFIG });
  for (const s of c?.seed ?? []) {
    const [by, text] = s.startsWith("police:") ? [POLICE_BOSS, s.slice("police:".length)] : [CITY_BOSS, s];
    const before = snapshot(t);
    const out = t.send(by, text);
    if (snapshot(t) === before) throw new Error(`seed ${JSON.stringify(text)} changed nothing (update SEEDS): ${out.map((o) => o.body).join(" | ")}`);
  }
  if (c?.until) t.advance(Date.parse(c.until) - t.clock.t);
  return t;
}

const tally = { cases: 0, changed: 0, refusedUnchanged: 0 };
afterAll(() => {
  const verbs = families.reduce((n, f) => n + f.verbs.length, 0);
  console.log(`authorization: ${families.length} families, ${verbs} verbs × 5 actors = ${tally.cases} cases; allowed and changed ${tally.changed}, not allowed and unchanged ${tally.refusedUnchanged}`);
});

describe.each(families.map((f) => [f.name, f] as const))("!%s: only the allowed change anything", (name, family) => {
  it.each(family.verbs.map((v) => [v.spec.name || "(default)", v] as const))("%s", (_label, verb) => {
    const c = SEEDS[key(name, verb)];
    const results: string[] = [];
    for (const actor of Object.keys(ACTORS) as Actor[]) {
      const t = seeded(c);
      for (const first of c?.actorFirst ?? []) run(t, ACTORS[actor], first);
      const before = snapshot(t);
      const replies = t.send(ACTORS[actor], commandFor(name, verb));
      const changed = snapshot(t) !== before;
      const allowed = mayChange(actor, verb, c);
      const why = `${actor} ${JSON.stringify(commandFor(name, verb))} → ${replies.map((r) => r.body.split("\n")[0]).join(" | ") || "(no reply)"}`;
      if (!allowed) expect(changed, `changed although not allowed: ${why}`).toBe(false);
      // With a seed the allowed ones must really change something, so the test cannot pass vacuously.
      else if (c && (verb.spec.mutates || c.writes)) expect(changed, `allowed but changed nothing: ${why}`).toBe(true);
      results.push(`${actor}:${changed ? "changed" : "-"}`);
      tally.cases++;
      if (changed) tally.changed++;
      else if (!allowed) tally.refusedUnchanged++;
    }
    expect(results).toHaveLength(5);
  });
});

describe("the seed table", () => {
  it("has an entry for every verb of every family, or the family is checked only for refusals", () => {
    const missing = families.flatMap((f) => f.verbs.map((v) => key(f.name, v))).filter((k) => !(k in SEEDS));
    // Not a failure: a new family is covered for refusals at once; this lists what lacks a positive check.
    if (missing.length > 0) console.log(`authorization: verbs without a seed (refusals checked only): ${missing.join(", ")}`);
    const stale = Object.keys(SEEDS).filter((k) => !families.some((f) => f.verbs.some((v) => key(f.name, v) === k)));
    expect(stale).toEqual([]);
  });
});

describe("reactions on a press card and impostors", () => {
  /** A draft whose card went out (so a reaction can name its event). */
  function withCard(): { t: T; card: string } {
    const t = seeded({ seed: PR, command: "" });
    t.db.prepare("UPDATE outbox SET state = 'sent', event_id = '$sent' || id WHERE state = 'pending'").run();
    const card = t.db.prepare<[], string>("SELECT event_id FROM outbox WHERE ref = 'press:card:1:1'").pluck().get();
    if (!card) throw new Error("no card");
    return { t, card };
  }
  const approve = (card: string) => ({ "m.relates_to": { rel_type: "m.annotation", event_id: card, key: "✅" } });

  it.each([
    ["the city's approver", CITY_BOSS, true],
    ["the police approver", POLICE_BOSS, true],
    ["a city member without the press role", ACTORS.withoutRole, false],
    ["a police member without the press role", ACTORS.otherAgency, false],
    ["a stranger", ACTORS.stranger, false],
    ["the bot itself", BOT, false],
    ["an impostor with the approver's name on another server", "@leitung:polizei.example.evil", false],
  ])("counts a ✅ only from an approver: %s", (_who, sender, counts) => {
    const { t, card } = withCard();
    const before = snapshot(t);
    t.event({ type: "m.reaction", sender, content: approve(card) });
    expect(snapshot(t) !== before).toBe(counts);
  });

  it("ignores a display name, a spoofed sender field and a reaction relayed from another room", () => {
    const { t, card } = withCard();
    const before = snapshot(t);
    const impostor = "@eve:evil.example";
    // What a client shows as the name is the impostor's own choice; the bot never reads it.
    t.event({ type: "m.room.member", sender: impostor, state_key: impostor, content: { membership: "join", displayname: "Leitung Polizei" } });
    t.event({ type: "m.reaction", sender: impostor, content: { ...approve(card), displayname: "Leitung Polizei", sender: POLICE_BOSS } });
    t.event({ type: "m.room.message", sender: impostor, content: { msgtype: "m.text", body: "!press approve PR-1", displayname: "Leitung Polizei", sender: POLICE_BOSS } });
    t.event({ type: "m.room.message", sender: impostor, content: { msgtype: "m.text", body: "Leitung Polizei: press approve PR-1" } });
    // The approver's own ✅, but in another room: reactions count only beside the card.
    t.event({ type: "m.reaction", sender: POLICE_BOSS, content: approve(card) }, "!elsewhere:stadt.example");
    expect(snapshot(t)).toBe(before);
    expect(t.count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'")).toBe(0);
  });
});
