// The hotspots' section of the situation picture (`!lage`): the open ones, with their details.
import type { BaseContext } from "../../src/pipeline/family.ts";
import { capped } from "../../src/render/capped.ts";
import { concat, list, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Spot } from "../../src/store/spots.ts";
import { spotMessages } from "./messages.ts";
import { spotDetails, spotId, spotStore } from "./spot.ts";

const PICTURE_LIMIT = 10;

export function spotsSituation(ctx: BaseContext): Rich | null {
  const m = ctx.t(spotMessages);
  const open = spotStore(ctx).list("open", PICTURE_LIMIT + 1);
  if (open.length === 0) return null;
  const total = open.length > PICTURE_LIMIT ? spotStore(ctx).countOpen() : open.length;
  const c = capped(open, PICTURE_LIMIT, m.more, total);
  const item = (s: Spot) => {
    const details = spotDetails(ctx, s, false);
    return concat(spotId(s.id), " ", s.name, details ? concat(" – ", details) : null);
  };
  return section(m.situation.title(total), list([...c.shown.map(item), c.more]));
}
