// The press section of the situation picture (`!lage`): drafts not yet released or withdrawn, and
// for each what is missing (which agencies, and who there may approve) or what comes next.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { b, code, concat, join, joinAnd, list, person, r, section, text } from "../../src/render/rich.ts";
import type { UserId } from "../../src/ids.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { PressDraft } from "../../src/store/press.ts";
import { capped } from "../../src/render/capped.ts";
import { prId, pressStore } from "./draft.ts";
import { pressMessages } from "./messages.ts";
import { when } from "./text.ts";
import { askFor, verdictOf } from "./verdict.ts";

const de = {
  title: (n: number) => `Offene Pressemitteilungen (${n})`,
  item: (id: string, title: string, v: number, state: Rich) => concat(r`${b(id)} ${title} (Version ${v}) – `, state),
  missing: (agency: string, people: readonly UserId[]): Rich => (people.length ? r`${agency} (${join(people.map((u) => person(u)), ", ")})` : text(agency)),
  approved: "von allen Behörden freigegeben, noch nicht veröffentlicht",
  and: " und ",
  more: (n: number) => r`… und ${n} weitere: ${code("!presse liste")}`,
};
const en: typeof de = {
  title: (n) => `Open press statements (${n})`,
  item: (id, title, v, state) => concat(r`${b(id)} ${title} (version ${v}) – `, state),
  missing: (agency, people) => (people.length ? r`${agency} (${join(people.map((u) => person(u)), ", ")})` : text(agency)),
  approved: "approved by all agencies, not yet released",
  and: " and ",
  more: (n) => r`… and ${n} more: ${code("!press list")}`,
};
const messages: Catalog<typeof de> = { de, en };

const LIMIT = 10;

function stateOf(ctx: BaseContext, d: PressDraft): Rich {
  const m = ctx.t(messages);
  const pm = ctx.t(pressMessages);
  const v = verdictOf(ctx, d);
  const waiting = () => pm.waitingShort(joinAnd(v.missing.map((a) => m.missing(ctx.agencyName(a), askFor(ctx, d, [a]))), m.and));
  const state = v.rejections.length ? concat(pm.rejectedShort) : v.approved ? concat(m.approved) : waiting();
  if (!d.releaseAt) return state;
  const scheduled = pm.scheduledShort(when(ctx, d.releaseAt));
  return v.approved ? scheduled : concat(state, "; ", scheduled);
}

export function pressSituation(ctx: BaseContext): Rich | null {
  const m = ctx.t(messages);
  const open = pressStore(ctx).list("open", 500).reverse();
  if (open.length === 0) return null;
  const c = capped(open, LIMIT, m.more);
  return section(m.title(open.length), list([...c.shown.map((d) => m.item(prId(d.id), d.title, d.currentVersion, stateOf(ctx, d))), c.more]));
}
