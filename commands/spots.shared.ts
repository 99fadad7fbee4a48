// What the hotspot verbs share, and what other families use: the existence check behind `spot=HS-n`
// on operations, the hotspots' section of the situation picture, and their retention hook.
import { formatRecordId } from "../src/ids.ts";
import type { BaseContext, CommandContext, Outcome } from "../src/pipeline/family.ts";
import { auditRemoval, retentionCutoff, RETENTION_BATCH } from "../src/records/retention.ts";
import { concat, join, list, section } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import { OperationsStore } from "../src/store/operations.ts";
import type { Operation } from "../src/store/operations.ts";
import { SpotsStore } from "../src/store/spots.ts";
import type { Spot } from "../src/store/spots.ts";
import { formatDateTime } from "../src/time/format.ts";
import { spotMessages } from "./spots.messages.ts";

export const MAX_NOTE = 2000;
export const spotId = (n: number): string => formatRecordId("HS", n);
export const spotStore = (ctx: BaseContext) => new SpotsStore(ctx.db);

/** `spot=HS-n` on an operation must name a hotspot that exists; the failure to return, or null. */
export function checkSpot(ctx: CommandContext, id: number | null | undefined): Outcome | null {
  if (id === null || id === undefined || spotStore(ctx).get(id)) return null;
  return ctx.fail(spotMessages[ctx.lang].notFound(spotId(id)));
}

/** Text below and after the command, as one note: trimmed, Windows line ends made plain. */
export function noteText(...parts: ReadonlyArray<string | undefined>): string {
  return parts
    .filter((p): p is string => p !== undefined)
    .join("\n")
    .replace(/\r\n?/g, "\n")
    .trim();
}

/** Operations linked to a spot, split at `now`: planned ones still ahead, and everything else. */
export function linkedOperations(ctx: BaseContext, id: number): { upcoming: Operation[]; past: Operation[] } {
  const now = ctx.now().getTime();
  const ops = new OperationsStore(ctx.db).bySpot(id);
  const ahead = (op: Operation) => op.state === "planned" && (op.endsAt ?? op.startsAt).getTime() >= now;
  return { upcoming: ops.filter(ahead), past: ops.filter((op) => !ahead(op)).reverse() };
}

/** One line of details for a spot in lists and in the picture: place, field, notes, next operation. */
export function spotDetails(ctx: BaseContext, s: Spot, withNotes: boolean): Rich | null {
  const m = spotMessages[ctx.lang];
  const next = s.state === "open" ? linkedOperations(ctx, s.id).upcoming[0] : undefined;
  const parts = [
    s.place, s.field, withNotes && s.noteCount > 0 ? m.notes(s.noteCount) : null,
    next ? m.nextOp(formatRecordId("OP", next.id), formatDateTime(next.startsAt, ctx.zone, ctx.lang)) : null,
  ].filter((p) => p !== null);
  return parts.length ? join(parts, " · ") : null;
}

const PICTURE_LIMIT = 10;

/** The open hotspots, for `!lage`. */
export function spotsSituation(ctx: BaseContext): Rich | null {
  const m = spotMessages[ctx.lang];
  const open = spotStore(ctx).list("open", PICTURE_LIMIT + 1);
  if (open.length === 0) return null;
  const shown = open.slice(0, PICTURE_LIMIT);
  const total = open.length > PICTURE_LIMIT ? spotStore(ctx).countOpen() : open.length;
  const items = shown.map((s) => {
    const details = spotDetails(ctx, s, false);
    return concat(spotId(s.id), " ", s.name, details ? concat(" – ", details) : null);
  });
  return section(m.situation.title(total), list([...items, ...(total > shown.length ? [m.more(total - shown.length)] : [])]));
}

/**
 * Retention: config.retention.spotNotes (default 1 year) after a spot was closed, its notes (who
 * wrote what about a place) are deleted; name, place and field of the spot stay.
 */
export function spotsRetention(ctx: BaseContext): number {
  const s = spotStore(ctx);
  let removed = 0;
  for (const spot of s.dueForPurge(retentionCutoff(ctx, "spotNotes"), RETENTION_BATCH)) {
    for (const note of s.purgeNotes(spot.id, ctx.now())) {
      auditRemoval(ctx, { target: spotId(spot.id), kind: "spotNotes", how: "deleted", part: `note:${note.id}`, content: note });
      removed++;
    }
  }
  return removed;
}
