// The operations' section of the situation picture (`!lage`): planned operations in the range, each
// with its staffing gaps, and the gaps added up per agency.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { b, code, concat, join, lines, list, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatDate } from "../../src/time/format.ts";
import { capped } from "../../src/render/capped.ts";
import { opMessages } from "./messages.ts";
import { opId, when } from "./operation.ts";
import { staffGaps } from "./staffing.ts";

const de = {
  title: (until: string, n: number) => `Einsätze bis ${until} (${n})`,
  item: (when_: string, id: string, title: string, place: string | null) => r`${when_} · ${b(id)} „${title}“${place ? `, ${place}` : ""}`,
  staffed: "Personal vollständig",
  running: (when_: string) => `${when_} (läuft)`,
  totals: (parts: Rich) => concat("Insgesamt fehlen: ", parts),
  total: (agency: string, n: number) => r`${agency} ${n}`,
  more: (n: number) => r`… und ${n} weitere: ${code("!einsatz liste")}`,
};
const en: typeof de = {
  title: (until, n) => `Operations until ${until} (${n})`,
  item: (when_, id, title, place) => r`${when_} · ${b(id)} "${title}"${place ? `, ${place}` : ""}`,
  staffed: "fully staffed",
  running: (when_) => `${when_} (running)`,
  totals: (parts) => concat("Missing in total: ", parts),
  total: (agency, n) => r`${agency} ${n}`,
  more: (n) => r`… and ${n} more: ${code("!op list")}`,
};
const messages: Catalog<typeof de> = { de, en };

const LIMIT = 15;

export function operationsSituation(ctx: BaseContext, range: { from: Date; to: Date }): Rich | null {
  const m = ctx.t(messages);
  const om = ctx.t(opMessages);
  const store = ctx.store.operations;
  // The range starts now: ended operations are left out, running ones (begun, not over) shown as such.
  const running = store.upcoming(range.from, LIMIT).filter((op) => op.startsAt < range.from);
  const total = store.countPlanned(range.from, range.to) + running.length;
  if (total === 0) return null;
  // Count and totals come from the database over every operation; only the shown ones are loaded.
  const byAgency = store.missingStaff(range.from, range.to);
  for (const op of running) for (const [id, n] of op.needed) byAgency.set(id, (byAgency.get(id) ?? 0) + Math.max(0, n - (op.roster.get(id)?.length ?? 0)));
  const missing = ctx.config.agencies.flatMap((a) => {
    const n = byAgency.get(a.id) ?? 0;
    return n > 0 ? [m.total(a.name, n)] : [];
  });
  const ops = capped([...running, ...store.between(range.from, range.to, ["planned"], LIMIT)], LIMIT, m.more, total);
  const item = (op: Operation) => {
    const gaps = staffGaps(ctx, op);
    // Without any staff asked for, "vollständig" would claim what nobody wanted: no line then.
    const staffing = gaps.length ? om.gaps(om.staffing(gaps)) : [...op.needed.values()].some((n) => n > 0) ? m.staffed : null;
    return lines(m.item(op.startsAt < range.from ? m.running(when(ctx, op)) : when(ctx, op), opId(op.id), op.title, op.place), staffing ? concat("   ", staffing) : null);
  };
  const lastDay = new Date(range.to.getTime() - 1);
  return section(
    m.title(formatDate(lastDay, ctx.zone, ctx.lang), total),
    lines(list([...ops.shown.map(item), ops.more]), missing.length ? m.totals(join(missing, ", ")) : null),
  );
}
