// The timeline events of the sync being processed, stored together once the SDK has emitted them all.
import type { IncomingEvent } from "./inbox.ts";

export class SyncBatch {
  private events: IncomingEvent[] = [];

  add(event: IncomingEvent): void {
    this.events.push(event);
  }

  /**
   * Hands over everything collected. If `store` throws, nothing of it was stored (one transaction)
   * and the events stay, ahead of the next sync's: the SDK has already moved on to the next sync
   * token in memory, so the homeserver would not send them again.
   */
  flush(store: (events: IncomingEvent[]) => void): void {
    const events = this.events;
    this.events = [];
    try {
      store(events);
    } catch (e) {
      this.events = [...events, ...this.events];
      throw e;
    }
  }
}
