// fast-check arbitraries for hostile input to the dispatcher: command-shaped messages built from the
// registry's own words (so they reach the handlers), random prefixed text, and malformed events
// (missing or wrongly typed content, huge bodies, lone surrogates, __proto__ keys, relations to
// other rooms, unknown relation types). A relation's target is passed in at run time: the test picks
// it from real event IDs (commands, the bot's sent messages), which are not known here.
import fc from "fast-check";
import { families } from "../../commands/index.ts";

export const ROOM2 = "!other:stadt.example";

const unique = (xs: string[]) => [...new Set(xs.filter((x) => x !== ""))];
const FAMILY_WORDS = unique(families.flatMap((f) => [f.name, ...f.aliases]));
const VERB_WORDS = unique(families.flatMap((f) => f.verbs.flatMap((v) => [v.spec.name, ...(v.spec.aliases ?? [])])));
const KEY_WORDS = unique([
  ...families.flatMap((f) => f.verbs.flatMap((v) => Object.entries(v.spec.keys ?? {}).flatMap(([k, a]) => [k, ...a]))),
  "city", "police", "stadt", "polizei", "at", "wann", "to", "every", "name",
]);

// Characters that stress the tokenizer and the HTML reading: quotes of every kind, =, spaces, markup.
const SYNTAX = Array.from("\"„“”'‚‘»«= \t\u00a0\n\r!/:,@<>&-_#*`ÄßOP1");
// Built with map rather than fc.constantFrom units, whose shrinking support costs more than the dispatcher.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: SYNTAX.length - 1 }).map((i) => SYNTAX[i] ?? " ") },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) },
);
const nasty = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.array(unit, { maxLength }).map((cs) => cs.join("")),
  );

const value = fc.oneof(
  fc.constantFrom("2026-12-05 20:00", "05.12.2026 20:00", "05.12. 20:00", "morgen 20 Uhr", "tomorrow 8pm", "in 2 days 10:00", "2026-10-25 02:30", "2026-03-29 02:30", "gestern"),
  fc.constantFrom("OP-1", "op2", "PR-1", "PR-9", "HS-1", "TOP-1", "AI-1", "lage", "@anna:stadt.example", "me", "0", "-1", "999999999999", "1d,1h", '"tuesday 10:00"', "Markt"),
  fc.integer({ min: -5, max: 100 }).map(String),
  nasty(30).map((s) => `"${s}"`),
  nasty(20),
);

const commandText = fc
  .tuple(
    fc.constantFrom("!", "/", "Lagebot: ", "@lagebot:stadt.example ", "!!", " !"),
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...FAMILY_WORDS) }, { weight: 1, arbitrary: nasty(12) }),
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VERB_WORDS) }, { weight: 1, arbitrary: nasty(12) }, { weight: 1, arbitrary: fc.constant("") }),
    fc.array(fc.oneof(value, fc.tuple(fc.constantFrom(...KEY_WORDS), value).map(([k, v]) => `${k}=${v}`)), { maxLength: 6 }),
    fc.option(nasty(200), { nil: null }),
  )
  .map(([prefix, family, verb, args, body]) => `${prefix}${family} ${verb} ${args.join(" ")}${body === null ? "" : `\n${body}`}`);

const huge = fc.tuple(fc.constantFrom("!op plan ", "!presse entwurf X\n", "!hilfe ", "!", "x"), fc.integer({ min: 60_000, max: 70_000 }), nasty(3)).map(
  ([head, n, unit]) => head + (unit || "a").repeat(Math.ceil(n / Math.max(1, (unit || "a").length))),
);

const body = fc.oneof({ weight: 12, arbitrary: commandText }, { weight: 3, arbitrary: nasty(120).map((s) => `!${s}`) }, { weight: 2, arbitrary: nasty(120) }, { weight: 1, arbitrary: huge });
const wrongType = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })));
const relType = fc.constantFrom("m.replace", "m.thread", "m.annotation", "m.reference", "io.element.thread", "x.unknown", "", "__proto__");

type Build = (target: string) => Record<string, unknown>;
const message = (content: (t: string) => unknown): Build => (t) => ({ type: "m.room.message", content: content(t) });

/** One hostile event; `sender`, `event_id` and `origin_server_ts` are filled in by the test unless broken here. */
export const hostileEvent: fc.Arbitrary<Build> = fc.oneof(
  { weight: 50, arbitrary: fc.tuple(body, fc.constantFrom("m.text", "m.text", "m.emote", "m.notice")).map(([b, msgtype]): Build => message(() => ({ msgtype, body: b }))) },
  { weight: 3, arbitrary: fc.tuple(body, nasty(200)).map(([b, html]): Build => message(() => ({ msgtype: "m.text", body: b, format: "org.matrix.custom.html", formatted_body: `<a href="https://matrix.to/#/@lagebot:stadt.example">Lagebot</a>: ${html}` }))) },
  // Replies and other relations, to anything: our messages, commands, events in the other room, nothing.
  { weight: 4, arbitrary: fc.tuple(body, relType).map(([b, rel]): Build => message((t) => ({ msgtype: "m.text", body: b, "m.relates_to": { rel_type: rel, event_id: t, "m.in_reply_to": { event_id: t } } }))) },
  { weight: 2, arbitrary: fc.constantFrom("ok", "passt", "👍", "!presse freigeben PR-1").map((b): Build => message((t) => ({ msgtype: "m.text", body: b, "m.relates_to": { "m.in_reply_to": { event_id: t } } }))) },
  // Missing or wrongly typed content and fields.
  { weight: 3, arbitrary: fc.tuple(wrongType, body).map(([w, b]): Build => message(() => ({ msgtype: w, body: b }))) },
  { weight: 3, arbitrary: wrongType.map((w): Build => message(() => ({ msgtype: "m.text", body: w }))) },
  { weight: 2, arbitrary: wrongType.map((w): Build => message(() => w)) },
  { weight: 1, arbitrary: fc.constant<Build>(() => ({ type: "m.room.message" })) },
  { weight: 2, arbitrary: fc.tuple(body, wrongType).map(([b, w]): Build => () => ({ type: "m.room.message", content: { msgtype: "m.text", body: b }, origin_server_ts: w })) },
  { weight: 2, arbitrary: fc.tuple(body, wrongType).map(([b, w]): Build => () => ({ type: "m.room.message", content: { msgtype: "m.text", body: b }, event_id: w })) },
  // __proto__, constructor and prototype keys, as JSON.parse makes them (own properties).
  {
    weight: 3,
    arbitrary: fc.tuple(body, fc.constantFrom("__proto__", "constructor", "prototype", "toString")).map(([b, k]): Build =>
      () => JSON.parse(`{"type":"m.room.message","content":{"${k}":{"body":"!hilfe","msgtype":"m.text","isAdmin":true},"msgtype":"m.text","body":${JSON.stringify(b)},"m.relates_to":{"${k}":{"event_id":"$x"}}}}`) as Record<string, unknown>),
  },
  // Reactions: valid keys and nonsense, on real targets and on nothing, with unknown relation types.
  { weight: 5, arbitrary: fc.constantFrom("✅", "👍", "❌", "👎", "✅️", "").map((key): Build => (t) => ({ type: "m.reaction", content: { "m.relates_to": { rel_type: "m.annotation", event_id: t, key } } })) },
  { weight: 2, arbitrary: fc.tuple(relType, nasty(80), wrongType).map(([rel, key, w]): Build => (t) => ({ type: "m.reaction", content: { "m.relates_to": { rel_type: rel, event_id: t, key } }, unsigned: w })) },
  // Redactions in both room-version shapes, of anything.
  { weight: 3, arbitrary: fc.boolean().map((inContent): Build => (t) => (inContent ? { type: "m.room.redaction", content: { redacts: t } } : { type: "m.room.redaction", redacts: t, content: {} })) },
  { weight: 1, arbitrary: wrongType.map((w): Build => () => ({ type: "m.room.redaction", content: { redacts: w } })) },
  { weight: 1, arbitrary: fc.constant<Build>(() => ({ type: "m.room.encrypted", content: { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgAEn…", session_id: "s" } })) },
  { weight: 1, arbitrary: nasty(30).map((type): Build => () => ({ type, content: { body: "!hilfe", msgtype: "m.text" } })) },
);

/** A sequence of `length` hostile inputs from the given number of senders; `target` picks a relation target from the test's pool. */
export const hostileInputs = (senders: number, length: number) =>
  fc.array(
    fc.record({
      senderIx: fc.nat({ max: senders - 1 }),
      room: fc.constantFrom<0 | 1>(0, 0, 0, 1),
      // Bursts (to meet the error budget), minutes (to leave it), hours (to reach scheduled posts).
      advanceMs: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 20_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600_000 }) }),
      target: fc.nat(),
      build: hostileEvent,
    }),
    { minLength: length, maxLength: length },
  );

/** Whether a string is well-formed UTF-16 (no lone surrogates): a homeserver rejects anything else. */
export function wellFormed(s: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(s);
}
