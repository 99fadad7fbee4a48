// An operation by its number: OP-n, its repository, its time as it reads, and loading one that can
// still be changed.
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { recordIdWord } from "../../src/pipeline/args.ts";
import type { ArgEnv, BaseContext, Bilingual, CommandContext, Outcome } from "../../src/pipeline/family.ts";
import { operationState } from "../../src/render/operations.ts";
import { OperationsStore } from "../../src/store/operations.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatRange } from "../../src/time/format.ts";
import { opMessages } from "./messages.ts";

export const opId = (n: number): string => formatRecordId("OP", n);
export const opStore = (ctx: BaseContext): OperationsStore => ctx.store.operations;

/** "Fr 05.12.2026, 20:00–23:00" in the configured zone. */
export function when(ctx: BaseContext, op: { startsAt: Date; endsAt: Date | null }): string {
  return formatRange(op.startsAt, op.endsAt, ctx.zone, ctx.lang);
}

/** `OP-n` as the only argument, and the usage line of such a verb. */
export const idArgs = (env: ArgEnv) => z.object({ words: recordIdWord(env, "OP") });
export const idUsage = (de: string, en: string): Bilingual => ({ de: `!einsatz ${de} OP-n`, en: `!op ${en} OP-n` });

/** The operation if it exists and can still be changed, else the failure to return. */
export function loadPlanned(ctx: CommandContext, id: number): { op: Operation } | { fail: Outcome } {
  const m = ctx.t(opMessages);
  const op = opStore(ctx).get(id);
  if (!op) return { fail: ctx.fail(m.notFound(opId(id))) };
  if (op.state !== "planned") return { fail: ctx.fail(m.notEditable(opId(id), operationState(ctx.lang, op.state))) };
  return { op };
}
