// Repository of committees, the exceptions to their series, and their agenda items (TOP-n).
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import type { Recurrence } from "../time/recurrence.ts";
import { prepared } from "../db/prepared.ts";

export interface Committee {
  id: number;
  slug: string;
  name: string;
  roomId: RoomId;
  everyText: string;
  rule: Recurrence;
  zone: string;
  durationMin: number;
  place: string | null;
  agendaLead: string;
  /** Reminder offsets; null means the configured default. */
  remind: string[] | null;
  sequence: number;
  createdBy: UserId;
  createdAt: Date;
  updatedAt: Date;
}

export type CommitteeFields = Omit<Committee, "id" | "sequence" | "createdAt" | "updatedAt">;

export type MeetingException = { occurrence: string; kind: "skipped" } | { occurrence: string; kind: "moved"; movedTo: Date };

export type AgendaState = "open" | "done" | "removed";

export interface AgendaItem {
  id: number;
  committeeId: number;
  meeting: string;
  text: string;
  owner: UserId | null;
  minutes: number | null;
  state: AgendaState;
  carried: number;
  createdBy: UserId;
  createdAt: Date;
  closedAt: Date | null;
}

interface CommitteeRow {
  id: number;
  slug: string;
  name: string;
  room_id: string;
  every_text: string;
  rule_kind: "rrule" | "cron";
  rule: string;
  at_time: string | null;
  anchor: string | null;
  zone: string;
  duration_min: number;
  place: string | null;
  agenda_lead: string;
  remind: string | null;
  sequence: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface AgendaRow {
  id: number;
  committee_id: number;
  meeting: string;
  text: string;
  owner: string | null;
  minutes: number | null;
  state: AgendaState;
  carried: number;
  created_by: string;
  created_at: number;
  closed_at: number | null;
}

function toRule(r: CommitteeRow): Recurrence {
  if (r.rule_kind === "cron") return { kind: "cron", expr: r.rule };
  return { kind: "rrule", rule: r.rule, time: r.at_time ?? "00:00", anchor: r.anchor ?? "1970-01-01" };
}

function toRemind(json: string | null): string[] | null {
  if (json === null) return null;
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
}

function toCommittee(r: CommitteeRow): Committee {
  return {
    id: r.id, slug: r.slug, name: r.name, roomId: r.room_id as RoomId, everyText: r.every_text, rule: toRule(r), zone: r.zone,
    durationMin: r.duration_min, place: r.place, agendaLead: r.agenda_lead, remind: toRemind(r.remind), sequence: r.sequence,
    createdBy: r.created_by as UserId, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

function toItem(r: AgendaRow): AgendaItem {
  return {
    id: r.id, committeeId: r.committee_id, meeting: r.meeting, text: r.text, owner: r.owner as UserId | null, minutes: r.minutes,
    state: r.state, carried: r.carried, createdBy: r.created_by as UserId, createdAt: new Date(r.created_at),
    closedAt: r.closed_at === null ? null : new Date(r.closed_at),
  };
}

export class CommitteesStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  create(f: CommitteeFields, now: Date): Committee {
    const rule = f.rule;
    const res = prepared(
      this.db,
      `INSERT INTO committees (slug, name, room_id, every_text, rule_kind, rule, at_time, anchor, zone, duration_min, place, agenda_lead, remind,
       created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
        f.slug, f.name, f.roomId, f.everyText, rule.kind, rule.kind === "cron" ? rule.expr : rule.rule, rule.kind === "rrule" ? rule.time : null,
        rule.kind === "rrule" ? rule.anchor : null, f.zone, f.durationMin, f.place, f.agendaLead, f.remind ? JSON.stringify(f.remind) : null,
        f.createdBy, now.getTime(), now.getTime(),
      );
    return this.get(Number(res.lastInsertRowid)) as Committee;
  }

  get(id: number): Committee | null {
    const r = prepared<[number], CommitteeRow>(this.db, "SELECT * FROM committees WHERE id = ?").get(id);
    return r ? toCommittee(r) : null;
  }

  bySlug(slug: string): Committee | null {
    const r = prepared<[string], CommitteeRow>(this.db, "SELECT * FROM committees WHERE slug = ?").get(slug.toLowerCase());
    return r ? toCommittee(r) : null;
  }

  all(): Committee[] {
    return prepared<[], CommitteeRow>(this.db, "SELECT * FROM committees ORDER BY slug").all().map(toCommittee);
  }

  /** The first short names in order, for the answer to an unknown one. */
  slugs(limit: number): string[] {
    return prepared<[number], { slug: string }>(this.db, "SELECT slug FROM committees ORDER BY slug LIMIT ?").all(limit).map((r) => r.slug);
  }

  /** A change to the series (skip, move): raises the calendar SEQUENCE. */
  touch(id: number, now: Date): void {
    prepared(this.db, "UPDATE committees SET sequence = sequence + 1, updated_at = ? WHERE id = ?").run(now.getTime(), id);
  }

  exceptions(committeeId: number): MeetingException[] {
    return prepared<[number], { occurrence: string; kind: "skipped" | "moved"; moved_to: number | null }>(
      this.db,
      "SELECT occurrence, kind, moved_to FROM committee_exceptions WHERE committee_id = ? ORDER BY occurrence",
    )
      .all(committeeId)
      .map((r) => (r.kind === "moved" && r.moved_to !== null ? { occurrence: r.occurrence, kind: "moved", movedTo: new Date(r.moved_to) } : { occurrence: r.occurrence, kind: "skipped" }));
  }

  setException(committeeId: number, e: MeetingException, by: UserId, now: Date): void {
    prepared(
      this.db,
      `INSERT INTO committee_exceptions (committee_id, occurrence, kind, moved_to, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET kind = excluded.kind, moved_to = excluded.moved_to, created_by = excluded.created_by, created_at = excluded.created_at`,
    ).run(committeeId, e.occurrence, e.kind, e.kind === "moved" ? e.movedTo.getTime() : null, by, now.getTime());
  }

  /** Refs of this committee's scheduled rows that exist and were not cancelled (pending, done or missed). */
  scheduledRefs(committeeId: number): Set<string> {
    const prefix = `cm:${committeeId}:`;
    return new Set(
      prepared<[number, string], { ref: string }>(this.db, "SELECT ref FROM schedule WHERE state <> 'cancelled' AND substr(ref, 1, ?) = ?")
        .all(prefix.length, prefix)
        .map((r) => r.ref),
    );
  }

  // ---- agenda items ------------------------------------------------------------------------

  addItem(i: { committeeId: number; meeting: string; text: string; owner: UserId | null; minutes: number | null; createdBy: UserId }, now: Date): AgendaItem {
    const res = prepared(this.db, "INSERT INTO agenda_items (committee_id, meeting, text, owner, minutes, state, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)")
      .run(i.committeeId, i.meeting, i.text, i.owner, i.minutes, i.createdBy, now.getTime());
    return this.item(Number(res.lastInsertRowid)) as AgendaItem;
  }

  item(id: number): AgendaItem | null {
    const r = prepared<[number], AgendaRow>(this.db, "SELECT * FROM agenda_items WHERE id = ?").get(id);
    return r ? toItem(r) : null;
  }

  /** Items of one meeting, open and done (not removed), in the order they were added. */
  itemsOf(committeeId: number, meeting: string): AgendaItem[] {
    return prepared<[number, string], AgendaRow>(this.db, "SELECT * FROM agenda_items WHERE committee_id = ? AND meeting = ? AND state <> 'removed' ORDER BY id")
      .all(committeeId, meeting)
      .map(toItem);
  }

  closeItem(id: number, state: "done" | "removed", by: UserId, now: Date): void {
    prepared(this.db, "UPDATE agenda_items SET state = ?, closed_by = ?, closed_at = ? WHERE id = ? AND state = 'open'").run(state, by, now.getTime(), id);
  }

  /** Moves the open items of one meeting to another; `carried` counts a meeting that took place without them. */
  moveOpenItems(committeeId: number, from: string, to: string, carried: boolean): number[] {
    const ids = prepared<[number, string], { id: number }>(this.db, "SELECT id FROM agenda_items WHERE committee_id = ? AND meeting = ? AND state = 'open' ORDER BY id")
      .all(committeeId, from)
      .map((r) => r.id);
    prepared(this.db, "UPDATE agenda_items SET meeting = ?, carried = carried + ? WHERE committee_id = ? AND meeting = ? AND state = 'open'")
      .run(to, carried ? 1 : 0, committeeId, from);
    return ids;
  }

  /** Done or removed items closed before `cutoff`, for retention. */
  closedBefore(cutoff: Date, limit: number): AgendaItem[] {
    return prepared<[number, number], AgendaRow>(this.db, "SELECT * FROM agenda_items WHERE state <> 'open' AND closed_at < ? ORDER BY id LIMIT ?")
      .all(cutoff.getTime(), limit)
      .map(toItem);
  }

  deleteItem(id: number): void {
    prepared(this.db, "DELETE FROM agenda_items WHERE id = ?").run(id);
  }
}
