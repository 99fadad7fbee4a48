// What stands between a permitted command and its handler, in this order: room safety (a sensitive
// answer is withheld near strangers), lateness (a change that arrived too late is not made), and its
// arguments (keys by name and alias, then the verb's zod schema).
import { durationMs } from "../config.ts";
import type { Config } from "../config.ts";
import type { RoomId } from "../ids.ts";
import { coreMessages } from "../i18n/core.ts";
import type { RoomSafety } from "../rooms/policy.ts";
import type { CommandContext, Outcome, RawArgs } from "./family.ts";
import { freeText, quoteBack } from "./parse.ts";
import { describeIssues, refusalOf, usageOf } from "./registry.ts";
import type { Registry, Routed } from "./registry.ts";
import { errorReply, next } from "./step.ts";
import type { Step } from "./step.ts";

/** A routed command with what its answers carry when the verb is sensitive (its words), else null. */
export type Placed = Routed & { sensitive: string | null };

/** A command ready to run: its handler bound to the parsed arguments. */
export type Ready = Placed & { run: (ctx: CommandContext) => Outcome };

/** The room-safety step: a sensitive verb in a room holding someone of no agency gets a notice instead. */
export function roomSafetyStep(r: Routed, roomId: RoomId, registry: Registry, safety: RoomSafety, config: Config): Step<Placed> {
  const sensitive = registry.sensitivity(r.family, r.verb, config.language);
  const strangers = sensitive ? safety.withholding(roomId) : null;
  if (sensitive && strangers) return { kind: "withhold", sender: r.sender, action: r.action, what: sensitive, strangers };
  return next({ ...r, sensitive });
}

/** The lateness step: a command that changes something is refused when it reached the bot too late (it was down). */
export function latenessStep(r: Placed, sentAt: number, now: number, config: Config): Step<Placed> {
  const lateMs = durationMs(config.lateCommandAfter) ?? 600_000;
  const age = now - sentAt;
  if (!r.verb.spec.mutates || age <= lateMs) return next(r);
  return errorReply(coreMessages[config.language].late(Math.floor(age / 60_000)), refusalOf(r, "late"));
}

/** The arguments step: keys resolved, then the verb's schema. A failed attempt to change something is on record, like a refused one. */
export function argumentsStep(r: Placed, registry: Registry, config: Config, now: Date): Step<Ready> {
  const lang = config.language;
  const m = coreMessages[lang];
  const { verb, cmd } = r;
  const refusal = verb.spec.mutates ? refusalOf(r, "invalid arguments") : null;
  const keys = registry.resolveKeys(verb, cmd.keys, config.agencies, lang);
  const usage = usageOf(verb, lang);
  if (!keys.ok) {
    return errorReply(keys.kind === "unknown" ? m.unknownKey(quoteBack(keys.key), keys.suggestion, usage) : m.duplicateKey(quoteBack(keys.key), usage), refusal);
  }
  const raw: RawArgs = { ...keys.values, words: r.words, text: freeText(r.words), body: cmd.body, staffing: keys.staffing };
  const parsed = verb.parse(raw, { lang, zone: config.timezone, now });
  if (!parsed.ok) return errorReply(m.badArgs(describeIssues(parsed.issues, verb, lang), usage), refusal);
  return next({ ...r, run: parsed.run });
}
