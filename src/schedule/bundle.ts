// Reminders due together in one room go out as one message. A room's messages are sent one after
// another (so they arrive in order), each taking the homeserver tens of milliseconds; twenty
// reminders for the same minute would trickle in over a second. As one message they arrive at once,
// in their due order, with everyone they mention mentioned. Only posts marked `bundle` (reminders)
// are joined; releases, reports and cards always stand alone.
import type { OutboxId } from "../store/outbox.ts";
import type { ScheduledRow } from "../store/schedule.ts";
import type { RoomId } from "../ids.ts";
import type { Rich } from "../render/rich.ts";
import type { JobContext, PostOptions } from "../pipeline/family.ts";

/** Rows of one room due within this span of the group's first row count as due together. */
export const TOGETHER_MS = 1_000;

/** Due rows, in due order, cut into groups of one room due together (each group in due order). */
export function groupsDueTogether(rows: readonly ScheduledRow[]): ScheduledRow[][] {
  const open = new Map<RoomId, ScheduledRow[]>();
  const groups: ScheduledRow[][] = [];
  for (const row of rows) {
    const group = open.get(row.roomId);
    const first = group?.[0];
    if (group && first && row.dueAt - first.dueAt <= TOGETHER_MS) {
      group.push(row);
      continue;
    }
    const fresh = [row];
    open.set(row.roomId, fresh);
    groups.push(fresh);
  }
  return groups;
}

export interface HeldPost {
  message: Rich;
  notify: boolean;
  /** What made it sensitive (see the outbox's room safety check), or null. */
  sensitive: string | null;
}

/**
 * A job context whose bundle posts into the group's room are held in `held` instead of queued;
 * everything else it does goes through `ctx` as usual.
 */
export function holdingBundlePosts(ctx: JobContext, held: HeldPost[], sensitive: string | null): JobContext {
  const placeholder = -1 as OutboxId;
  return {
    ...ctx,
    post(roomId: RoomId, message: Rich, opts: PostOptions = {}) {
      if (opts.bundle !== true || opts.ref !== undefined || roomId !== ctx.roomId) return ctx.post(roomId, message, opts);
      held.push({ message, notify: opts.notify ?? false, sensitive });
      return placeholder;
    },
  };
}

/** The held posts as one message: each in due order, apart by a rule; mentions and sensitivity combined. */
export function combined(held: readonly HeldPost[]): HeldPost {
  const sensitive = held.map((h) => h.sensitive).filter((s): s is string => s !== null);
  return {
    message: {
      plain: held.map((h) => h.message.plain).join("\n\n"),
      html: held.map((h) => h.message.html).join("<hr>"),
      mentions: [...new Set(held.flatMap((h) => h.message.mentions))],
    },
    notify: held.some((h) => h.notify),
    sensitive: sensitive.length > 0 ? [...new Set(sensitive)].join(", ") : null,
  };
}
