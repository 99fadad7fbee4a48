// A hotspot by its number: HS-n, its repository, a note's text, the operations held there, and the
// line of details shown in lists and in the situation picture.
import { formatRecordId } from "../../src/ids.ts";
import type { BaseContext } from "../../src/pipeline/family.ts";
import { join } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Operation } from "../../src/store/operations.ts";
import { SpotsStore } from "../../src/store/spots.ts";
import type { Spot } from "../../src/store/spots.ts";
import { formatDateTime } from "../../src/time/format.ts";
import { spotMessages } from "./messages.ts";

export const MAX_NOTE = 2000;
export const spotId = (n: number): string => formatRecordId("HS", n);
export const spotStore = (ctx: BaseContext): SpotsStore => ctx.store.spots;

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
  const ops = ctx.store.operations.bySpot(id);
  const ahead = (op: Operation) => op.state === "planned" && (op.endsAt ?? op.startsAt).getTime() >= now;
  return { upcoming: ops.filter(ahead), past: ops.filter((op) => !ahead(op)).reverse() };
}

/** One line of details for a spot in lists and in the picture: place, field, notes, next operation. */
export function spotDetails(ctx: BaseContext, s: Spot, withNotes: boolean): Rich | null {
  const m = ctx.t(spotMessages);
  const next = s.state === "open" ? linkedOperations(ctx, s.id).upcoming[0] : undefined;
  const parts = [
    s.place, s.field, withNotes && s.noteCount > 0 ? m.notes(s.noteCount) : null,
    next ? m.nextOp(formatRecordId("OP", next.id), formatDateTime(next.startsAt, ctx.zone, ctx.lang)) : null,
  ].filter((p) => p !== null);
  return parts.length ? join(parts, " · ") : null;
}
