// The one path of a message, wired in its order: matrix/inbox stores each event by event_id and
// hands pending rows to pipeline/dispatch, which runs one in ONE transaction; once that commits,
// matrix/outbox sends the rows it wrote, and the scheduler re-arms to the rows it scheduled.
// Scheduled work joins the same road at the scheduler (due row → job → transaction → outbox).
import { Inbox } from "../matrix/inbox.ts";
import type { InboxOptions } from "../matrix/inbox.ts";
import type { Database } from "../db/open.ts";
import { Dispatcher } from "./dispatch.ts";
import type { Pipeline } from "./dispatch.ts";

export interface PathOptions {
  db: Database;
  pipeline: Pipeline;
  inbox: Omit<InboxOptions, "dispatcher" | "afterHandle" | "log">;
  /** The last step: matrix/outbox, woken to send what a committed transaction wrote. */
  outbox: { wake(): void };
  scheduler: { wake(): void };
}

export function messagePath(o: PathOptions): { inbox: Inbox; dispatcher: Dispatcher } {
  const dispatcher = new Dispatcher(o.pipeline);
  const toOutbox = () => {
    o.outbox.wake();
    o.scheduler.wake();
  };
  const inbox = new Inbox(o.db, { ...o.inbox, dispatcher, log: o.pipeline.log, afterHandle: toOutbox });
  return { inbox, dispatcher };
}
