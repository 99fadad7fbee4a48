// The one way a long list is cut short: the first items, then "… and n more" as the last entry.
import type { Part } from "./rich.ts";

export interface Capped<T> {
  /** The items shown, at most the limit. */
  shown: T[];
  /** "… und 3 weitere" when there are more than the limit, else null (which lines() and list() leave out). */
  more: Part;
}

/**
 * At most `limit` of `items`, and the line for the rest. `total` is how many there are in all when
 * `items` is only what was loaded (a count from the database); by default, all of `items`.
 */
export function capped<T>(items: readonly T[], limit: number, more: (n: number) => Part, total = items.length): Capped<T> {
  return { shown: items.slice(0, limit), more: total > limit ? more(total - limit) : null };
}
