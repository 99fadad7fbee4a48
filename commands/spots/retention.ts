// Retention of hotspot notes: config.retention.spotNotes (default 1 year) after a spot was closed,
// its notes (who wrote what about a place) are deleted; name, place and field of the spot stay.
import type { BaseContext } from "../../src/pipeline/family.ts";
import { retire } from "../../src/records/retention.ts";
import { spotId, spotStore } from "./spot.ts";

export function spotsRetention(ctx: BaseContext): number {
  const s = spotStore(ctx);
  return retire(ctx, {
    kind: "spotNotes",
    how: "deleted",
    due: (cutoff, limit) => s.dueForPurge(cutoff, limit),
    target: (spot) => spotId(spot.id),
    remove: (spot) => s.purgeNotes(spot.id, ctx.now()).map((note) => ({ part: `note:${note.id}`, content: note })),
  });
}
