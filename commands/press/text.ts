// A statement's text as stored, hashed and shown: limits, line ends, the short hash, and how its
// times read.
import { z } from "zod";
import type { BaseContext, SchemaEnv } from "../../src/pipeline/family.ts";
import { formatDateTime } from "../../src/time/format.ts";
import { pressMessages } from "./messages.ts";

export const MAX_TITLE = 200;
const MAX_TEXT = 20_000;

/** The text as stored and hashed: Unix line ends, no surrounding blank space. */
export const normaliseText = (s: string): string => s.replace(/\r\n?/g, "\n").trim();

/** The multi-line text below the command: required, at most MAX_TEXT characters. */
export function bodyText(env: SchemaEnv, missing: string) {
  return z.string().transform(normaliseText).pipe(z.string().min(1, { error: missing }).max(MAX_TEXT, { error: env.t(pressMessages).args.textTooLong }));
}

export const shortHash = (h: string): string => h.slice(0, 12);

export const when = (ctx: BaseContext, d: Date): string => formatDateTime(d, ctx.zone, ctx.lang);
