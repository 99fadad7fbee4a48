// What the bot's "Grund?" questions on a draft are about (pipeline/questions.ts): the draft and the
// version the person saw. Revising, withdrawing or releasing the draft, or taking the ❌ back, closes
// them, so a late reply cannot reject a text its sender never saw; it is told the question expired.
import type { UserId } from "../../src/ids.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { prId } from "./draft.ts";

/** A question about this version of the draft. */
export const aboutVersion = (draftId: number, version: number): string => `press:${prId(draftId)}:${version}`;

/** Closes the open questions about any version of the draft; only `person`'s if given. */
export function closeQuestions(ctx: BaseContext, draftId: number, person?: UserId): void {
  ctx.store.questions.close(`press:${prId(draftId)}:`, ctx.now(), person);
}
