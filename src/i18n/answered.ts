// Words of the machinery for commands that used to get no answer (issue 17): the error limit, several
// IDs at once, edits of commands, and replies to the bot's questions.
import { code, join, lines, r, text } from "../render/rich.ts";
import type { Rich } from "../render/rich.ts";
import { formatDuration } from "../time/duration.ts";
import type { Catalog } from "./lang.ts";

const de = {
  tooManyErrors: () => text("Zu viele fehlerhafte Befehle, bitte kurz warten."),
  oneIdOnly: (command: string, each: readonly string[]) =>
    lines(r`Mit ${code(command)} geht nur eine Nummer auf einmal.`, concatList("Bitte senden Sie je einen Befehl: ", each, ".")),
  tooManyIds: (max: number) => r`Bitte höchstens ${String(max)} Nummern auf einmal angeben.`,
  looseNumber: (word: string, after: string, command: string) =>
    r`„${word}“ nach ${after} ist nicht eindeutig. Für mehrere Nummern schreiben Sie bitte: ${code(command)}`,
  editNotApplied: (instead: string | null) =>
    instead
      ? r`Bearbeitete Befehle werden nicht ausgeführt; es gilt der ursprüngliche Befehl. Für eine Änderung senden Sie bitte einen neuen Befehl: ${code(instead)}`
      : text("Bearbeitete Befehle werden nicht ausgeführt; es gilt der ursprüngliche Befehl. Bitte senden Sie die Änderung als neuen Befehl."),
  editOfRefused: () => text("Bearbeitete Befehle werden nicht ausgeführt. Bitte senden Sie den berichtigten Befehl als neue Nachricht."),
  replyHint: (minutes: number) => text(`Sie können auch einfach auf diese Nachricht antworten (innerhalb von ${formatDuration(minutes * 60_000, "de")}).`),
  questionExpired: () => text("Diese Rückfrage gilt nicht mehr. Bitte senden Sie den Befehl noch einmal vollständig."),
};

const en: typeof de = {
  tooManyErrors: () => text("Too many faulty commands, please wait a moment."),
  oneIdOnly: (command, each) => lines(r`${code(command)} takes only one ID at a time.`, concatList("Please send one command each: ", each, ".")),
  tooManyIds: (max) => r`Please give at most ${String(max)} IDs at once.`,
  looseNumber: (word, after, command) => r`"${word}" after ${after} is ambiguous. For several IDs, please write: ${code(command)}`,
  editNotApplied: (instead) =>
    instead
      ? r`Edited commands are not carried out; the original command stands. To change something, please send a new command: ${code(instead)}`
      : text("Edited commands are not carried out; the original command stands. Please send the change as a new command."),
  editOfRefused: () => text("Edited commands are not carried out. Please send the corrected command as a new message."),
  replyHint: (minutes) => text(`You may also simply reply to this message (within ${minutes} minutes).`),
  questionExpired: () => text("This question has expired. Please send the whole command again."),
};

/** "Intro `a`, `b`." with each command as code. */
function concatList(intro: string, each: readonly string[], end: string): Rich {
  return r`${intro}${join(each.map((c) => code(c)), ", ")}${end}`;
}

export const answeredMessages: Catalog<typeof de> = { de, en };
