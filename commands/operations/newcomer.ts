// What awaits an agency among the operations, for the greeting of one of its members who joined a
// room (issue 20): the running and this week's planned operations where that agency's staff is still short.
import type { Catalog } from "../../src/i18n/lang.ts";
import type { Agency, BaseContext } from "../../src/pipeline/family.ts";
import { b, code, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { opId, when } from "./operation.ts";

const LIMIT = 10;

const de = {
  short: (id: string, title: string, when_: string, agency: string, n: number) =>
    r`${b(id)} „${title}“, ${when_}: von ${agency} ${n === 1 ? "fehlt noch 1 Person" : `fehlen noch ${n} Personen`} – eintragen mit ${code(`!einsatz teilnehmen ${id}`)}.`,
};
const en: typeof de = {
  short: (id, title, when_, agency, n) =>
    r`${b(id)} "${title}", ${when_}: ${agency} is still short of ${n === 1 ? "1 person" : `${n} people`} – sign up with ${code(`!op join ${id}`)}.`,
};
const messages: Catalog<typeof de> = { de, en };

export function operationsNewcomer(ctx: BaseContext, agency: Agency, range: { from: Date; to: Date }): Rich[] {
  const m = ctx.t(messages);
  // One already running (begun before now, not over) is still short now, as `!lage` shows it "(läuft)".
  const running = ctx.store.operations.upcoming(range.from, 50).filter((op) => op.startsAt < range.from);
  return [...running, ...ctx.store.operations.between(range.from, range.to, ["planned"], 50)]
    .flatMap((op) => {
      const missing = (op.needed.get(agency.id) ?? 0) - (op.roster.get(agency.id)?.length ?? 0);
      return missing > 0 ? [m.short(opId(op.id), op.title, when(ctx, op), agency.name, missing)] : [];
    })
    .slice(0, LIMIT);
}
