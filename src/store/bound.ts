// The repositories a handler reaches through `ctx.store`, bound to the database of the transaction it
// runs in. Families never hold the database itself: everything they read or write goes through here
// (the architecture test keeps `ctx.db` out of commands/). Each repository is made on first use.
import type { Database } from "../db/open.ts";
import type { EventId, RoomId, UserId } from "../ids.ts";
import { ActionsStore } from "./actions.ts";
import { CalendarFeedStore } from "./calendar-feed.ts";
import { appendAudit, auditBetween, historyOf, verifyAudit } from "./audit.ts";
import type { AuditEntry, AuditRecord } from "./audit.ts";
import { CommitteesStore } from "./committees.ts";
import { OperationsStore } from "./operations.ts";
import { findByEventId, findByRef } from "./outbox.ts";
import type { OutboxId } from "./outbox.ts";
import { PressStore } from "./press.ts";
import { dropPinned, pinLevelsIn, pinnedIn, recordCardText, setPinState, startPin } from "./pinned-picture.ts";
import type { PinLevels, PinnedPicture, PinState } from "./pinned-picture.ts";
import { closeQuestions } from "./questions.ts";
import { RetentionStore } from "./retention.ts";
import { lastReported, recordReported } from "./room-safety.ts";
import { roomMembers } from "./member-names.ts";
import type { RoomMember } from "./member-names.ts";
import { upcoming } from "./schedule.ts";
import { alarmState } from "./alarm.ts";
import type { AlarmState } from "./alarm.ts";
import type { ScheduledRow } from "./schedule.ts";
import { SpotsStore } from "./spots.ts";

export interface Stores {
  readonly press: PressStore;
  readonly operations: OperationsStore;
  readonly committees: CommitteesStore;
  readonly actions: ActionsStore;
  readonly spots: SpotsStore;
  readonly retention: RetentionStore;
  readonly calendarFeed: CalendarFeedStore;
  readonly auditLog: {
    /** An entry with its own actor and outcome (ctx.audit writes the handler's, outcome "ok"). */
    append(entry: AuditEntry): void;
    between(from: number | null, to: number | null, limit: number): AuditRecord[];
    verify(range: { fromId: number; toId: number } | null): ReturnType<typeof verifyAudit>;
    historyOf(target: string, limit: number): ReturnType<typeof historyOf>;
  };
  /** Our messages: the latest with a ref (the current card of a draft), and the one an event is. */
  readonly outbox: { idByRef(ref: string): OutboxId | null; idByEvent(eventId: EventId): OutboxId | null };
  /** The bot's open questions about a record ("press:PR-1:"), closed when it changes; only `person`'s if given. */
  readonly questions: { close(prefix: string, now: Date, person?: UserId): number };
  readonly schedule: { upcoming(limit: number): ScheduledRow[] };
  /** The bot-down alarm as its keeper last found it (null before it looked). */
  readonly alarm: { state(): AlarmState | null };
  readonly roomReports: { last(roomId: RoomId): string | null; record(roomId: RoomId, key: string | null, at: number): void };
  /** The room's joined and invited members with their display names (an owner typed by name, ownership.ts). */
  readonly members: { of(roomId: RoomId): RoomMember[] };
  /** The room's pinned live situation card (commands/picture/pin.ts) and what pinning takes there. */
  readonly pinnedPicture: {
    get(roomId: RoomId): PinnedPicture | null;
    start(roomId: RoomId, card: OutboxId, text: string, replaces: EventId | null, at: number): void;
    setState(roomId: RoomId, state: PinState, at: number): void;
    recordText(roomId: RoomId, text: string, at: number): void;
    drop(roomId: RoomId): void;
    levels(roomId: RoomId): PinLevels | null;
  };
}

export function storesOf(db: Database): Stores {
  const made = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  return {
    get press() {
      return once("press", () => new PressStore(db));
    },
    get operations() {
      return once("operations", () => new OperationsStore(db));
    },
    get committees() {
      return once("committees", () => new CommitteesStore(db));
    },
    get actions() {
      return once("actions", () => new ActionsStore(db));
    },
    get spots() {
      return once("spots", () => new SpotsStore(db));
    },
    get retention() {
      return once("retention", () => new RetentionStore(db));
    },
    get calendarFeed() {
      return once("calendarFeed", () => new CalendarFeedStore(db));
    },
    auditLog: {
      append: (entry) => {
        appendAudit(db, entry);
      },
      between: (from, to, limit) => auditBetween(db, from, to, limit),
      verify: (range) => verifyAudit(db, range),
      historyOf: (target, limit) => historyOf(db, target, limit),
    },
    outbox: { idByRef: (ref) => findByRef(db, ref)?.id ?? null, idByEvent: (eventId) => findByEventId(db, eventId)?.id ?? null },
    questions: { close: (prefix, now, person) => closeQuestions(db, prefix, now.getTime(), person ?? null) },
    schedule: { upcoming: (limit) => upcoming(db, limit) },
    alarm: { state: () => alarmState(db) },
    pinnedPicture: {
      get: (roomId) => pinnedIn(db, roomId),
      start: (roomId, card, text, replaces, at) => {
        startPin(db, roomId, card, text, replaces, at);
      },
      setState: (roomId, state, at) => {
        setPinState(db, roomId, state, at);
      },
      recordText: (roomId, text, at) => {
        recordCardText(db, roomId, text, at);
      },
      drop: (roomId) => {
        dropPinned(db, roomId);
      },
      levels: (roomId) => pinLevelsIn(db, roomId),
    },
    members: { of: (roomId) => roomMembers(db, roomId) },
    roomReports: {
      last: (roomId) => lastReported(db, roomId),
      record: (roomId, key, at) => {
        recordReported(db, roomId, key, at);
      },
    },
  };
}
