// A draft by its number: PR-n, its repository, the refs of its card, release and nudges, and
// loading one for a verb (does it exist, can it still change).
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { recordIdWord } from "../../src/pipeline/args.ts";
import type { ArgEnv, BaseContext, CommandContext, Outcome } from "../../src/pipeline/family.ts";
import { person } from "../../src/render/rich.ts";
import { PressStore } from "../../src/store/press.ts";
import type { PressDraft } from "../../src/store/press.ts";
import { pressMessages } from "./messages.ts";
import { isLive, mayManage } from "./rules.ts";

export const prId = (n: number): string => formatRecordId("PR", n);
export const pressStore = (ctx: BaseContext): PressStore => ctx.store.press;

export const cardRef = (id: number, version: number): string => `press:card:${id}:${version}`;
export const releaseRef = (id: number): string => `press:${id}:release`;
export const nudgeRef = (id: number): string => `press:${id}:nudge`;
/** Everything scheduled for a draft: its nudges and its release. */
export const scheduledRef = (id: number): string => `press:${id}`;

const CARD_REF = /^press:card:(\d+):(\d+)$/;

/** "press:card:3:2" → draft 3, version 2; null for any other message of ours. */
export function parseCardRef(ref: string | null): { id: number; version: number } | null {
  const m = ref ? CARD_REF.exec(ref) : null;
  return m ? { id: Number(m[1]), version: Number(m[2]) } : null;
}

/** A whole number from a job's payload, else null. */
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** `PR-n` as the only argument. */
export const idArgs = (env: ArgEnv) => z.object({ words: recordIdWord(env, "PR") });

/**
 * What a verb needs of the draft: that it exists ("any"), that it can still change ("live": decisions),
 * or also that the sender may change its course ("manage": revise, release, withdraw).
 */
export type Need = "any" | "live" | "manage";

/** The draft, if it exists and meets the need; else the failure to return. */
export function loadDraft(ctx: CommandContext, id: number, need: Need): { draft: PressDraft } | { fail: Outcome } {
  const m = ctx.t(pressMessages);
  const draft = pressStore(ctx).get(id);
  if (!draft) return { fail: ctx.fail(m.notFound(prId(id))) };
  if (need !== "any" && !isLive(draft.state)) return { fail: ctx.fail(m.closed(prId(id), m.stateNames[draft.state])) };
  if (need === "manage" && !mayManage(ctx.sender, draft)) return { fail: ctx.fail(m.notAllowed(prId(id), person(draft.author))) };
  return { draft };
}
