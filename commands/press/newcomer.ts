// What awaits an agency in the press family, for the greeting of one of its members who joined a
// room (issue 20): the open drafts still waiting for that agency's approval, and how to see the card.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { Agency, BaseContext } from "../../src/pipeline/family.ts";
import { b, code, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { prId, pressStore } from "./draft.ts";
import { verdictOf } from "./verdict.ts";

const LIMIT = 10;

const de = {
  awaiting: (id: string, title: string, v: number, agency: string) =>
    r`${b(id)} „${title}“ (Version ${v}) wartet auf die Freigabe durch ${agency} – die Karte zeigt ${code(`!presse zeigen ${id}`)}.`,
};
const en: typeof de = {
  awaiting: (id, title, v, agency) => r`${b(id)} "${title}" (version ${v}) awaits the approval of ${agency} – ${code(`!press show ${id}`)} shows its card.`,
};
const messages: Catalog<typeof de> = { de, en };

export function pressNewcomer(ctx: BaseContext, agency: Agency): Rich[] {
  const m = ctx.t(messages);
  return pressStore(ctx)
    .list("open", 100)
    .filter((d) => {
      // A rejected draft waits for a revision, not for approval.
      const v = verdictOf(ctx, d);
      return d.state === "open" && v.rejections.length === 0 && v.missing.includes(agency.id);
    })
    .slice(0, LIMIT)
    .map((d) => m.awaiting(prId(d.id), d.title, d.currentVersion, agency.name));
}
