// The operations' section of the situation picture (`!lage`): planned operations in the range, each
// with its staffing gaps, and the gaps added up per agency.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { b, concat, join, lines, list, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatDate } from "../../src/time/format.ts";
import { capped } from "../../src/render/capped.ts";
import { opMessages } from "./messages.ts";
import { opId, when } from "./operation.ts";
import { staffGaps } from "./staffing.ts";

const de = {
  title: (until: string, n: number) => `Einsätze bis ${until} (${n})`,
  item: (when_: string, id: string, title: string, place: string | null) => r`${when_} · ${b(id)} ${title}${place ? `, ${place}` : ""}`,
  staffed: "Personal vollständig",
  totals: (parts: Rich) => concat("Insgesamt fehlen: ", parts),
  total: (agency: string, n: number) => r`${agency} ${n}`,
  more: (n: number) => `… und ${n} weitere (!einsatz liste)`,
};
const en: typeof de = {
  title: (until, n) => `Operations until ${until} (${n})`,
  item: (when_, id, title, place) => r`${when_} · ${b(id)} ${title}${place ? `, ${place}` : ""}`,
  staffed: "fully staffed",
  totals: (parts) => concat("Missing in total: ", parts),
  total: (agency, n) => r`${agency} ${n}`,
  more: (n) => `… and ${n} more (!op list)`,
};
const messages: Catalog<typeof de> = { de, en };

const LIMIT = 15;

export function operationsSituation(ctx: BaseContext, range: { from: Date; to: Date }): Rich | null {
  const m = ctx.t(messages);
  const om = ctx.t(opMessages);
  const store = ctx.store.operations;
  const total = store.countPlanned(range.from, range.to);
  if (total === 0) return null;
  // Count and totals come from the database over every operation; only the shown ones are loaded.
  const byAgency = store.missingStaff(range.from, range.to);
  const missing = ctx.config.agencies.flatMap((a) => {
    const n = byAgency.get(a.id) ?? 0;
    return n > 0 ? [m.total(a.name, n)] : [];
  });
  const ops = capped(store.between(range.from, range.to, ["planned"], LIMIT), LIMIT, m.more, total);
  const item = (op: Operation) => {
    const gaps = staffGaps(ctx, op);
    return lines(m.item(when(ctx, op), opId(op.id), op.title, op.place), concat("   ", gaps.length ? om.gaps(om.staffing(gaps)) : m.staffed));
  };
  const lastDay = new Date(range.to.getTime() - 1);
  return section(
    m.title(formatDate(lastDay, ctx.zone, ctx.lang), total),
    lines(list([...ops.shown.map(item), ops.more]), missing.length ? m.totals(join(missing, ", ")) : null),
  );
}
