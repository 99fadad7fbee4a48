// Words shared by the machinery: errors, refusals, help and status framing.
import { b, code, lines, r, text } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import { formatDuration } from "../time/duration.ts";
import type { Catalog } from "./lang.ts";

/** The verb shown as an example: `preferred` if the family has it ("liste"), else its first. */
const example = (verbs: string, preferred: string): string => {
  const all = verbs.split(", ");
  return all.includes(preferred) ? preferred : (all[0] ?? "");
};

const de = {
  unknownFamily: (input: string, suggestion: string) => r`Unbekannter Befehl ${code(input)}. Meinten Sie ${code(suggestion)}? Übersicht: ${code("!hilfe")}`,
  unknownVerb: (input: string, family: string, suggestion: string | null, verbs: string) =>
    lines(
      suggestion ? r`Unbekannter Unterbefehl ${code(input)}. Meinten Sie ${code(`!${family} ${suggestion}`)}?` : r`Unbekannter Unterbefehl ${code(input)} für ${code(`!${family}`)}.`,
      r`Möglich sind: ${verbs}. Hilfe: ${code(`!hilfe ${family}`)}`,
    ),
  missingVerb: (family: string, verbs: string) =>
    lines(r`Bitte einen Unterbefehl angeben, z. B. ${code(`!${family} ${example(verbs, "liste")}`)}.`, r`Möglich sind: ${verbs}. Hilfe: ${code(`!hilfe ${family}`)}`),
  unknownKey: (key: string, suggestion: string | null, usage: string) =>
    lines(suggestion ? r`Unbekannte Angabe ${code(`${key}=`)}. Meinten Sie ${code(`${suggestion}=`)}?` : r`Unbekannte Angabe ${code(`${key}=`)}.`, r`Richtig: ${code(usage)}`),
  duplicateKey: (key: string, usage: string) => lines(r`Die Angabe ${code(`${key}=`)} steht doppelt.`, r`Richtig: ${code(usage)}`),
  badArgs: (problems: Rich, usage: string) => lines(problems, r`Richtig: ${code(usage)}`),
  // German replies name only the German key (the English one works too, but is not offered here).
  missingKey: (key: string, alias: string | null) => r`Es fehlt die Angabe ${code(`${alias ?? key}=`)}.`,
  missingText: () => text("Es fehlt der Text."),
  invalidValue: (key: string) => r`Der Wert von ${code(`${key}=`)} ist ungültig.`,
  tooLong: (what: string, max: number) => r`${what} ist zu lang (höchstens ${max} Zeichen).`,
  unterminatedQuote: (quote: string) => r`Das Anführungszeichen ${code(quote)} wird nicht geschlossen; bitte den Wert in „…“ oder "…" einschließen.`,
  notMember: () => text("Entschuldigung, diesen Bot können nur Mitglieder der beteiligten Behörden nutzen. Sie erhalten diesen Hinweis einmal am Tag."),
  needsRole: (role: string, agency: string) => r`Dafür fehlt Ihnen die Rolle ${b(role)} (${agency}). Bitte wenden Sie sich an die Bot-Verwaltung Ihrer Behörde.`,
  late: (minutes: number) =>
    r`Dieser Befehl ist erst nach ${minutes < 1 ? "weniger als einer Minute" : minutes === 1 ? "einer Minute" : formatDuration(minutes * 60_000, "de")} beim Bot angekommen und wurde deshalb nicht ausgeführt. Bitte senden Sie ihn erneut, wenn er noch gilt.`,
  undecryptable: (waited: string | null) =>
    waited
      ? r`Der Bot konnte diese Nachricht nicht entschlüsseln: Der Schlüssel dazu ist auch nach ${waited} nicht angekommen. War es ein Befehl, senden Sie ihn bitte erneut. Geschieht das öfter, wenden Sie sich bitte an die Bot-Verwaltung (Näheres zeigt ${code("!status")}).`
      : r`Der Bot konnte diese Nachricht nicht entschlüsseln, weil seine Verschlüsselung ausgeschaltet ist. Bitte wenden Sie sich an die Bot-Verwaltung (Näheres zeigt ${code("!status")}).`,
  internalError: (ref: string) => r`Interner Fehler (Referenz ${code(ref)}). Es wurde nichts gespeichert. Bitte versuchen Sie es erneut oder melden Sie die Referenz.`,
  tooLongMessage: () => text("Die Nachricht ist zu lang für einen Befehl (höchstens 64 KiB, etwa 60.000 Zeichen)."),
  roleNames: { planner: "Planung", press: "Pressefreigabe", chair: "Vorsitz", auditor: "Revision" } as Record<string, string>,
};

const en: typeof de = {
  unknownFamily: (input, suggestion) => r`Unknown command ${code(input)}. Did you mean ${code(suggestion)}? Overview: ${code("!help")}`,
  unknownVerb: (input, family, suggestion, verbs) =>
    lines(
      suggestion ? r`Unknown subcommand ${code(input)}. Did you mean ${code(`!${family} ${suggestion}`)}?` : r`Unknown subcommand ${code(input)} for ${code(`!${family}`)}.`,
      r`Possible: ${verbs}. Help: ${code(`!help ${family}`)}`,
    ),
  missingVerb: (family, verbs) =>
    lines(r`Please add a subcommand, e.g. ${code(`!${family} ${example(verbs, "list")}`)}.`, r`Possible: ${verbs}. Help: ${code(`!help ${family}`)}`),
  unknownKey: (key, suggestion, usage) =>
    lines(suggestion ? r`Unknown option ${code(`${key}=`)}. Did you mean ${code(`${suggestion}=`)}?` : r`Unknown option ${code(`${key}=`)}.`, r`Correct: ${code(usage)}`),
  duplicateKey: (key, usage) => lines(r`The option ${code(`${key}=`)} is given twice.`, r`Correct: ${code(usage)}`),
  badArgs: (problems, usage) => lines(problems, r`Correct: ${code(usage)}`),
  missingKey: (key) => r`Missing ${code(`${key}=`)}.`,
  missingText: () => text("The text is missing."),
  invalidValue: (key) => r`The value of ${code(`${key}=`)} is invalid.`,
  tooLong: (what, max) => r`${what} is too long (at most ${max} characters).`,
  unterminatedQuote: (quote) => r`The quote ${code(quote)} is not closed; please put the value in "…" or „…“.`,
  notMember: () => text("Sorry, only members of the participating agencies can use this bot. You will see this notice once a day."),
  needsRole: (role, agency) => r`This needs the role ${b(role)} (${agency}). Please ask your agency's bot administrators.`,
  late: (minutes) =>
    r`This command reached the bot only after ${minutes < 1 ? "less than a minute" : minutes === 1 ? "one minute" : `${minutes} minutes`} and was therefore not carried out. Please send it again if it still applies.`,
  undecryptable: (waited) =>
    waited
      ? r`The bot could not decrypt this message: its key had not arrived after ${waited}. If it was a command, please send it again. If this happens often, please contact the bot's administrators (${code("!status")} shows more).`
      : r`The bot could not decrypt this message because its encryption is switched off. Please contact the bot's administrators (${code("!status")} shows more).`,
  internalError: (ref) => r`Internal error (reference ${code(ref)}). Nothing was stored. Please try again or report the reference.`,
  tooLongMessage: () => text("The message is too long for a command (at most 64 KiB, about 60,000 characters)."),
  roleNames: { planner: "planner", press: "press approval", chair: "chair", auditor: "auditor" },
};

export const coreMessages: Catalog<typeof de> = { de, en };
