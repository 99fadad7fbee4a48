// How a date with two usual readings was read ("„nächsten Freitag“ gelesen als Fr 11.12. …"): the
// argument schemas collect the notes while parsing (TimeEnv.note), and the command's reply carries
// them, so every verb that takes a date says so without each handler having to.
import type { Rich } from "../render/rich.ts";
import { concat, text } from "../render/rich.ts";
import { formatReadingNote } from "../time/format.ts";
import type { ReadingNote } from "../time/types.ts";
import type { CommandContext, Outcome } from "./family.ts";

/** Runs a handler whose first reply (or refusal) ends with the notes; without notes, the handler as is. */
export function withReadingNotes(ctx: CommandContext, notes: readonly ReadingNote[], run: (ctx: CommandContext) => Outcome): Outcome {
  // A schema may read the same value twice (`until` re-reads `at`): one line per phrase.
  const lines = [...new Set(notes.map((n) => formatReadingNote(n, ctx.lang)))];
  if (lines.length === 0) return run(ctx);
  const note = text(lines.join("\n"));
  const noted = (m: Rich): Rich => concat(m, text("\n"), note);
  let told = false;
  const outcome = run({
    ...ctx,
    reply: (message, opts) => {
      const first = !told;
      told = true;
      return ctx.reply(first ? noted(message) : message, opts);
    },
  });
  // A refusal rolls its replies back, so it carries the notes itself.
  return outcome.kind === "fail" ? { ...outcome, message: noted(outcome.message) } : outcome;
}
