// The people on an operation: joining and leaving the roster, and the report afterwards by whoever
// planned it or stood on its roster.
import { z } from "zod";
import { recordIdWord } from "../../src/pipeline/args.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { CommandContext, Outcome } from "../../src/pipeline/family.ts";
import { mayChange, notAllowed, ownershipOf } from "../../src/pipeline/ownership.ts";
import { operationState } from "../../src/render/operations.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatShortDateTime } from "../../src/time/format.ts";
import { opMessages } from "./messages.ts";
import { idArgs, idUsage, loadPlanned, opId, opStore } from "./operation.ts";
import { staffLines } from "./staffing.ts";

/**
 * Joining or leaving: the sender's own roster entry on a planned operation, changed by `change`
 * (false when there was nothing to change); the reply shows the staffing after it.
 */
function rosterChange(
  ctx: CommandContext, id: number, action: "op.join" | "op.leave",
  change: (op: Operation) => boolean, refused: (id: string) => Rich, done: (op: Operation, staff: Rich | null) => Rich,
): Outcome {
  const m = ctx.t(opMessages);
  const loaded = loadPlanned(ctx, id);
  if ("fail" in loaded) return loaded.fail;
  if (!change(loaded.op)) return ctx.fail(refused(opId(loaded.op.id)));
  ctx.audit(action, opId(loaded.op.id));
  const op = opStore(ctx).get(loaded.op.id) ?? loaded.op;
  // No targets and nobody left: no staffing line, rather than an empty one.
  const staff = staffLines(ctx, op);
  ctx.reply(done(op, staff.length ? m.staffing(staff) : null));
  return ctx.ok();
}

export const joinVerb = defineVerb({
  name: "join",
  aliases: ["teilnehmen", "dabei", "eintragen", "beitreten"],
  mutates: true,
  usage: idUsage("teilnehmen", "join"),
  help: { de: "trägt Sie in den Dienstplan Ihrer Behörde ein", en: "adds you to your agency's roster" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    return rosterChange(ctx, a.words.id, "op.join", (op) => opStore(ctx).join(op.id, ctx.sender.userId, ctx.sender.agency.id, ctx.now()), m.alreadyJoined, (op, staff) =>
      m.joined(opId(op.id), ctx.sender.agency.name, staff),
    );
  },
});

export const leave = defineVerb({
  name: "leave",
  aliases: ["austragen", "absprung"],
  mutates: true,
  usage: idUsage("austragen", "leave"),
  help: { de: "trägt Sie aus dem Dienstplan aus", en: "removes you from the roster" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    return rosterChange(ctx, a.words.id, "op.leave", (op) => opStore(ctx).leave(op.id, ctx.sender.userId), m.notOnRoster, (op, staff) => m.left(opId(op.id), staff));
  },
});

export const report = defineVerb({
  name: "report",
  aliases: ["bericht"],
  mutates: true,
  usage: { de: "!einsatz bericht OP-n + Bericht in den folgenden Zeilen", en: "!op report OP-n + report on the following lines" },
  help: {
    de: "speichert den Einsatzbericht und schließt den Einsatz ab (wer ihn geplant hat oder im Dienstplan steht, Planung oder Vorsitz)",
    en: "stores the after-action report and marks the operation done (whoever planned it or is on its roster, a planner or a chair)",
  },
  args: (env) => z.object({ words: recordIdWord(env, "OP"), body: z.string().max(10_000) }),
  handle(ctx, a) {
    const m = ctx.t(opMessages);
    const op = opStore(ctx).get(a.words.id);
    if (!op) return ctx.fail(m.notFound(opId(a.words.id)));
    if (op.state === "done") return ctx.fail(m.alreadyDone(opId(op.id)));
    if (op.state === "cancelled") return ctx.fail(m.notEditable(opId(op.id), operationState(ctx.lang, "cancelled")));
    const own = ownershipOf.operationReport(op);
    if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.reportAction(opId(op.id)), own));
    if (op.startsAt > ctx.now()) return ctx.fail(m.reportTooEarly(opId(op.id), formatShortDateTime(op.startsAt, ctx.zone, ctx.lang)));
    const textOfReport = [a.words.rest.join(" "), a.body].filter((x) => x.trim()).join("\n").trim();
    if (!textOfReport) return ctx.fail(m.reportMissing(opId(op.id)));
    opStore(ctx).setState(op.id, "done", ctx.now(), { report: textOfReport, reportedBy: ctx.sender.userId });
    ctx.cancelScheduled(`op:${op.id}`);
    ctx.audit("op.report", opId(op.id), { length: textOfReport.length });
    ctx.reply(m.reported(opId(op.id)));
    return ctx.ok();
  },
});
