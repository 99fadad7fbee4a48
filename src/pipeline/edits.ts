// An edit (m.replace) of a command is never carried out: the original stood when it was read, and
// redoing a change from an edited text would surprise everyone else in the room. What the original
// command did is in the audit log under its event ID: if it changed something, its sender is told
// that the edit is not applied and which command to use instead; if it was refused, to send the
// corrected command anew. A refusal that leaves no audit row (an unknown or misspelt verb or family,
// "Meinten Sie …?") is known by the inbox row's outcome: the bot answered it with an error reply.
// Edits of commands that only read (and of chat) are ignored.
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { EventId } from "../ids.ts";
import { answeredMessages } from "../i18n/answered.ts";
import type { Lang } from "../i18n/lang.ts";
import { auditOfEvent } from "../store/audit.ts";
import { outcomeOf } from "../store/inbox.ts";
import { senderOf } from "./authorize.ts";
import { familyWord } from "./registry.ts";
import type { Registry } from "./registry.ts";
import { errorReply, ignore } from "./step.ts";
import type { Message, Stop } from "./step.ts";

/** The command that changes what an action made, by that action ("op.plan" → `!einsatz ändern OP-3 …`). */
const CHANGED_WITH: Readonly<Record<string, string>> = {
  "op.plan": "edit",
  "op.edit": "edit",
  "press.draft": "revise",
  "press.revise": "revise",
};

/** `!einsatz ändern OP-3 …` for the action and its target, in the user's language; null if there is none. */
export function insteadOf(registry: Registry, action: string, target: string | null, lang: Lang): string | null {
  const [familyName = "", verbName = ""] = action.split(".");
  const changedWith = CHANGED_WITH[action];
  const family = registry.family(familyName);
  const verb = family && changedWith ? registry.verb(family, changedWith) : null;
  if (!family || !verb || !target || !verbName) return null;
  const word = lang === "de" && verb.spec.aliases?.[0] ? verb.spec.aliases[0] : verb.spec.name;
  return `!${familyWord(family, lang)} ${word} ${target} …`;
}

/** The edit step: what the sender of an edited command is told, replying to the original. */
export function editStep(env: { db: Database; config: Config; registry: Registry }, ev: Message, original: EventId): Stop {
  const { db, config, registry } = env;
  if (!senderOf(config, ev.sender)) return ignore("edit");
  const rows = auditOfEvent(db, original).filter((r) => r.actor === ev.sender);
  const m = answeredMessages[config.language];
  const done = rows.find((r) => r.outcome === "ok");
  if (done) return errorReply(m.editNotApplied(insteadOf(registry, done.action, done.target, config.language)));
  if (rows.some((r) => r.outcome === "refused")) return errorReply(m.editOfRefused());
  // Fixing the typo the bot just pointed out is the most common edit of all.
  if (outcomeOf(db, original, ev.roomId, ev.sender) === "error-replied") return errorReply(m.editOfRefused());
  return ignore("edit");
}
