// The picture verbs take no words: one added (`!lage woche nächste`) is refused, not silently dropped,
// so nobody reads this week's picture as the one they asked for.
import { z } from "zod";
import type { ArgEnv, Bilingual } from "../../src/pipeline/family.ts";

/** The registry adds the usage ("Richtig: !lage woche"); `what` says why there is nothing to add. */
export function noWords(env: ArgEnv, what: Bilingual | null = null) {
  return z.array(z.string()).transform((w, ctx) => {
    if (w.length === 0) return w;
    const extra = w.join(" ");
    const lead = what ? `${what[env.lang]} ` : "";
    ctx.addIssue({
      code: "custom",
      message:
        env.lang === "de"
          ? `${lead}Weitere Angaben wie „${extra}“ sind hier nicht möglich.`
          : `${lead}Further words such as "${extra}" are not possible here.`,
    });
    return z.NEVER;
  });
}
