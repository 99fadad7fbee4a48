// Routing tables built from the family declarations: names and aliases, verbs, keys, jobs, refs.
import type { z } from "zod";
import { coreMessages } from "../i18n/core.ts";
import { roomSafetyMessages } from "../rooms/messages.ts";
import type { Lang } from "../i18n/lang.ts";
import { concat, lines, text } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import { jobHandler } from "./family.ts";
import type { FamilySpec, Sender, UncheckedJob, Verb } from "./family.ts";
import type { Addressed } from "./address.ts";
import { quoteBack } from "./parse.ts";
import type { ParsedCommand } from "./parse.ts";
import { nearest } from "./suggest.ts";
import { errorReply, ignore, next } from "./step.ts";
import type { Refusal, Step } from "./step.ts";

/** A job as the scheduler calls it: with the stored payload (checked first when the job declares a schema). */
export type JobHandler = UncheckedJob;

export type KeyResolution =
  | { ok: true; values: Record<string, string>; staffing: Record<string, string> }
  | { ok: false; kind: "unknown"; key: string; suggestion: string | null }
  | { ok: false; kind: "duplicate"; key: string };

export class Registry {
  readonly families: readonly FamilySpec[];
  private readonly byName = new Map<string, FamilySpec>();
  private readonly jobs = new Map<string, { handler: JobHandler; family: FamilySpec }>();

  constructor(families: readonly FamilySpec[]) {
    this.families = families;
    for (const f of families) {
      for (const n of [f.name, ...f.aliases]) {
        const key = n.toLowerCase();
        const clash = this.byName.get(key);
        if (clash) throw new Error(`family name ${n} is used by ${clash.name} and ${f.name}`);
        this.byName.set(key, f);
      }
      for (const [job, decl] of Object.entries(f.jobs ?? {})) this.jobs.set(`${f.name}.${job}`, { handler: jobHandler(`${f.name}.${job}`, decl), family: f });
    }
  }

  family(word: string): FamilySpec | null {
    return this.byName.get(word.toLowerCase()) ?? null;
  }

  /** All names a user may type for a family, for "did you mean". */
  familyWords(): string[] {
    return [...this.byName.keys()];
  }

  verb(family: FamilySpec, word: string): Verb | null {
    const w = word.toLowerCase();
    return family.verbs.find((v) => v.spec.name !== "" && (v.spec.name === w || (v.spec.aliases ?? []).some((a) => a.toLowerCase() === w))) ?? null;
  }

  defaultVerb(family: FamilySpec): Verb | null {
    return family.verbs.find((v) => v.spec.name === "") ?? null;
  }

  verbWords(family: FamilySpec): string[] {
    return family.verbs.flatMap((v) => (v.spec.name === "" ? [] : [v.spec.name, ...(v.spec.aliases ?? [])]));
  }

  /** The verb names shown to a user of this language (German alias first in German). */
  verbList(family: FamilySpec, lang: Lang): string {
    return family.verbs
      .filter((v) => v.spec.name !== "")
      .map((v) => (lang === "de" && v.spec.aliases?.[0] ? v.spec.aliases[0] : v.spec.name))
      .join(", ");
  }

  resolveKeys(verb: Verb, keys: ParsedCommand["keys"], agencies: ReadonlyArray<{ id: string; name: string }>, lang: Lang = "en"): KeyResolution {
    const lookup = new Map<string, string>();
    for (const [canon, aliases] of Object.entries(verb.spec.keys ?? {})) {
      lookup.set(canon.toLowerCase(), canon);
      for (const a of aliases) lookup.set(a.toLowerCase(), canon);
    }
    const agencyKey = new Map<string, string>();
    if (verb.spec.agencyKeys) for (const a of agencies) for (const k of [a.id, a.name]) agencyKey.set(k.toLowerCase(), a.id);
    const values: Record<string, string> = {};
    const staffing: Record<string, string> = {};
    for (const { key, value } of keys) {
      const agency = agencyKey.get(key);
      if (agency) {
        if (Object.hasOwn(staffing, agency)) return { ok: false, kind: "duplicate", key };
        staffing[agency] = value;
        continue;
      }
      const canon = lookup.get(key);
      if (!canon) return { ok: false, kind: "unknown", key, suggestion: this.shownKey(verb, lookup, nearest(key, [...lookup.keys(), ...agencyKey.keys()]), lang) };
      if (Object.hasOwn(values, canon)) return { ok: false, kind: "duplicate", key };
      values[canon] = value;
    }
    return { ok: true, values, staffing };
  }

  /**
   * A suggested key as the reader writes it: a German reply names the first German alias ("Meinten Sie
   * ort=?", not place=, even when the typo was nearest to "place"); English names the key itself.
   */
  private shownKey(verb: Verb, lookup: ReadonlyMap<string, string>, best: string | null, lang: Lang): string | null {
    const canon = best === null ? undefined : lookup.get(best);
    if (canon === undefined) return best;
    return lang === "de" ? (verb.spec.keys?.[canon]?.[0] ?? canon) : canon;
  }

  job(name: string): JobHandler | null {
    return this.jobs.get(name)?.handler ?? null;
  }

  /** The family whose job this is ("op.reminder" → op). */
  jobFamily(name: string): FamilySpec | null {
    return this.jobs.get(name)?.family ?? null;
  }

  /** Whether what this verb (or, without one, the family's jobs and reactions) sends is sensitive. */
  isSensitive(family: FamilySpec, verb: Verb | null = null): boolean {
    return verb?.spec.sensitive ?? family.sensitive ?? false;
  }

  /**
   * When it is sensitive, what the verb's answer (or the family's post) is, in words safe to show in
   * the notice that replaces it ("Antwort auf !einsatz zeigen", "Nachricht zu !presse"); else null.
   */
  sensitivity(family: FamilySpec, verb: Verb | null, lang: Lang): string | null {
    if (!this.isSensitive(family, verb)) return null;
    const m = roomSafetyMessages[lang];
    if (!verb) return m.postOf(`!${familyWord(family, lang)}`);
    const v = lang === "de" && verb.spec.aliases?.[0] ? verb.spec.aliases[0] : verb.spec.name;
    return m.replyTo(`!${familyWord(family, lang)}${v ? ` ${v}` : ""}`);
  }

  familyForRef(ref: string): FamilySpec | null {
    return this.families.find((f) => (f.refPrefixes ?? []).some((p) => ref.startsWith(p))) ?? null;
  }
}

/** The family as users of that language write it: `!gremium` in German, `!committee` in English. */
export function familyWord(family: Pick<FamilySpec, "name" | "aliases">, lang: Lang): string {
  return lang === "de" && family.aliases[0] ? family.aliases[0] : family.name;
}

/** The usage line of a verb in the user's language. */
export function usageOf(verb: Verb, lang: Lang): string {
  return verb.spec.usage[lang];
}

/** Turns zod issues into one short message: missing keys by name, helper messages as written. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], verb: Verb, lang: Lang): Rich {
  const m = coreMessages[lang];
  const seen = new Set<string>();
  const parts: Rich[] = [];
  for (const issue of issues) {
    const key = typeof issue.path[0] === "string" ? issue.path[0] : null;
    let msg: Rich;
    if (issue.code === "invalid_type" && key && key !== "words" && key !== "text" && key !== "body") {
      const alias = verb.spec.keys?.[key]?.[0] ?? null;
      msg = m.missingKey(key, lang === "de" ? alias : null);
    } else if (issue.code === "custom" || issue.code === "too_small" || issue.code === "too_big") {
      msg = text(issue.message);
    } else {
      msg = key ? m.invalidValue(key) : text(issue.message);
    }
    if (seen.has(msg.plain)) continue;
    seen.add(msg.plain);
    parts.push(msg);
  }
  return parts.length === 1 && parts[0] ? parts[0] : lines(...parts.map((p) => concat("– ", p)));
}

/** A command routed to its family and verb, from a member. */
export interface Routed {
  sender: Sender;
  family: FamilySpec;
  verb: Verb;
  /** The positional words the verb takes: with the family's default verb, the verb word is one of them. */
  words: string[];
  cmd: ParsedCommand;
  /** "op.plan", as audited. */
  action: string;
}

/** A refused attempt at this command, for the audit log. */
export function refusalOf(r: Routed, reason: string): Refusal {
  return { sender: r.sender, action: r.action, reason };
}

/**
 * The route step on the path of a message: family and verb (a known verb word, else the family's
 * default verb with all words as arguments). A stranger who names a family is refused here; other
 * words from a stranger, and unknown "!" words nothing resembles, are not answered at all.
 */
export function routeStep(registry: Registry, cmd: ParsedCommand, prefix: Addressed["prefix"], sender: Sender | null, lang: Lang, spaced = false): Step<Routed> {
  const m = coreMessages[lang];
  const family = registry.family(cmd.family);
  if (!family) {
    // "! toll" is chat: after a spaced prefix only an exact family name makes a command.
    if (spaced) return ignore("not-a-command");
    const suggestion = nearest(cmd.family, registry.familyWords());
    if (!suggestion && prefix !== "mention") return ignore("not-a-command");
    if (!sender) return ignore("stranger");
    return errorReply(m.unknownFamily(`!${quoteBack(cmd.family)}`, `!${suggestion ?? (lang === "de" ? "hilfe" : "help")}`));
  }
  if (!sender) return { kind: "stranger", family: family.name };
  let verb = cmd.verb ? registry.verb(family, cmd.verb) : null;
  let words = cmd.words;
  if (!verb) {
    const dflt = registry.defaultVerb(family);
    if (dflt) {
      verb = dflt;
      words = cmd.verbText ? [cmd.verbText, ...cmd.words] : cmd.words;
    } else if (!cmd.verb) {
      return errorReply(m.missingVerb(familyWord(family, lang), registry.verbList(family, lang)));
    } else {
      const suggestion = nearest(cmd.verb, registry.verbWords(family));
      return errorReply(m.unknownVerb(quoteBack(cmd.verb), familyWord(family, lang), suggestion, registry.verbList(family, lang)));
    }
  }
  return next({ sender, family, verb, words, cmd, action: `${family.name}.${verb.spec.name || "show"}` });
}
