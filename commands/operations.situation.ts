// The operations' section of the situation picture (`!lage`): planned operations in the range, each
// with its staffing gaps, and the gaps added up per agency.
import type { Catalog } from "../src/i18n/lang.ts";
import type { BaseContext } from "../src/pipeline/family.ts";
import { b, concat, join, lines, list, r, section } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { OperationsStore } from "../src/store/operations.ts";
import { formatDate } from "../src/time/format.ts";
import { opMessages } from "./operations.messages.ts";
import { opId, staffGaps, when } from "./operations.shared.ts";

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
  const m = messages[ctx.lang];
  const all = new OperationsStore(ctx.db).between(range.from, range.to, ["planned"], 500);
  if (all.length === 0) return null;
  const missing = new Map<string, number>();
  const withGaps = all.map((op) => {
    const gaps = staffGaps(ctx, op);
    for (const g of gaps) missing.set(g.agency, (missing.get(g.agency) ?? 0) + ((g.needed ?? 0) - g.committed));
    return { op, gaps };
  });
  // Totals count every operation; only the shown ones are formatted (times are costly to format).
  const shown = withGaps
    .slice(0, LIMIT)
    .map(({ op, gaps }) => lines(m.item(when(ctx, op), opId(op.id), op.title, op.place), concat("   ", gaps.length ? opMessages[ctx.lang].gaps(opMessages[ctx.lang].staffing(gaps)) : m.staffed)));
  const lastDay = new Date(range.to.getTime() - 1);
  return section(
    m.title(formatDate(lastDay, ctx.zone, ctx.lang), all.length),
    lines(
      list(all.length > LIMIT ? [...shown, m.more(all.length - LIMIT)] : shown),
      missing.size ? m.totals(join([...missing].map(([agency, n]) => m.total(agency, n)), ", ")) : null,
    ),
  );
}
