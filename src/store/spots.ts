// Repository of hotspots (HS-n) and their notes: the only place that knows their SQL.
import type { Database } from "../db/open.ts";
import type { RoomId, UserId } from "../ids.ts";
import { prepared } from "../db/prepared.ts";

export type SpotState = "open" | "closed";

export interface Spot {
  id: number;
  roomId: RoomId;
  name: string;
  place: string | null;
  field: string | null;
  state: SpotState;
  createdBy: UserId;
  agency: string;
  createdAt: Date;
  closedBy: UserId | null;
  closedAt: Date | null;
  /** When retention deleted the notes (a closed spot's notes are kept for a limited time). */
  purgedAt: Date | null;
  noteCount: number;
}

export interface SpotNote {
  id: number;
  spotId: number;
  author: UserId;
  agency: string;
  text: string;
  createdAt: Date;
}

interface SpotRow {
  id: number;
  room_id: string;
  name: string;
  place: string | null;
  field: string | null;
  state: SpotState;
  created_by: string;
  agency: string;
  created_at: number;
  closed_by: string | null;
  closed_at: number | null;
  purged_at: number | null;
  note_count: number;
}

interface NoteRow {
  id: number;
  spot_id: number;
  author: string;
  agency: string;
  text: string;
  created_at: number;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function toSpot(r: SpotRow): Spot {
  return {
    id: r.id, roomId: r.room_id as RoomId, name: r.name, place: r.place, field: r.field, state: r.state, createdBy: r.created_by as UserId,
    agency: r.agency, createdAt: new Date(r.created_at), closedBy: r.closed_by as UserId | null, closedAt: date(r.closed_at),
    purgedAt: date(r.purged_at), noteCount: r.note_count,
  };
}

function toNote(r: NoteRow): SpotNote {
  return { id: r.id, spotId: r.spot_id, author: r.author as UserId, agency: r.agency, text: r.text, createdAt: new Date(r.created_at) };
}

const SELECT_SPOT = "SELECT s.*, (SELECT COUNT(*) FROM spot_notes n WHERE n.spot_id = s.id) AS note_count FROM spots s";

export interface NewSpot {
  roomId: RoomId;
  name: string;
  place: string | null;
  field: string | null;
  createdBy: UserId;
  agency: string;
  now: Date;
}

export class SpotsStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  create(s: NewSpot): Spot {
    const at = s.now.getTime();
    const res = prepared(this.db, "INSERT INTO spots (room_id, name, place, field, state, created_by, agency, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)")
      .run(s.roomId, s.name, s.place, s.field, s.createdBy, s.agency, at, at);
    const spot = this.get(Number(res.lastInsertRowid));
    if (!spot) throw new Error("spot vanished after insert");
    return spot;
  }

  get(id: number): Spot | null {
    const r = prepared<[number], SpotRow>(this.db, `${SELECT_SPOT} WHERE s.id = ?`).get(id);
    return r ? toSpot(r) : null;
  }

  /** Open spots first by number; closed ones newest closing first. */
  list(filter: "open" | "closed" | "all", limit: number): Spot[] {
    const states = filter === "all" ? ["open", "closed"] : [filter];
    return prepared<[string, number], SpotRow>(this.db, `${SELECT_SPOT} WHERE s.state IN (SELECT value FROM json_each(?)) ORDER BY s.state DESC, COALESCE(-s.closed_at, s.id) LIMIT ?`)
      .all(JSON.stringify(states), limit)
      .map(toSpot);
  }

  countOpen(): number {
    return prepared<[], { n: number }>(this.db, "SELECT COUNT(*) AS n FROM spots WHERE state = 'open'").get()?.n ?? 0;
  }

  addNote(spotId: number, n: { author: UserId; agency: string; text: string; now: Date }): SpotNote {
    const res = prepared(this.db, "INSERT INTO spot_notes (spot_id, author, agency, text, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(spotId, n.author, n.agency, n.text, n.now.getTime());
    prepared(this.db, "UPDATE spots SET updated_at = ? WHERE id = ?").run(n.now.getTime(), spotId);
    return { id: Number(res.lastInsertRowid), spotId, author: n.author, agency: n.agency, text: n.text, createdAt: n.now };
  }

  /** The newest `limit` notes, oldest of them first. */
  notes(spotId: number, limit: number): SpotNote[] {
    return prepared<[number, number], NoteRow>(this.db, "SELECT * FROM spot_notes WHERE spot_id = ? ORDER BY id DESC LIMIT ?")
      .all(spotId, limit)
      .reverse()
      .map(toNote);
  }

  /** Closes an open spot; false when it was not open (nothing changed). */
  close(id: number, by: UserId, now: Date): boolean {
    return prepared(this.db, "UPDATE spots SET state = 'closed', closed_by = ?, closed_at = ?, updated_at = ? WHERE id = ? AND state = 'open'")
      .run(by, now.getTime(), now.getTime(), id).changes > 0;
  }

  /** Closed spots whose notes are due for deletion: closed before `cutoff` and not yet purged. */
  dueForPurge(cutoff: Date, limit: number): Spot[] {
    return prepared<[number, number], SpotRow>(this.db, `${SELECT_SPOT} WHERE s.state = 'closed' AND s.closed_at < ? AND s.purged_at IS NULL ORDER BY s.closed_at LIMIT ?`)
      .all(cutoff.getTime(), limit)
      .map(toSpot);
  }

  /** Deletes all notes of a spot (returned, for the audit hashes) and marks it purged. */
  purgeNotes(id: number, now: Date): SpotNote[] {
    const notes = prepared<[number], NoteRow>(this.db, "SELECT * FROM spot_notes WHERE spot_id = ? ORDER BY id").all(id).map(toNote);
    prepared(this.db, "DELETE FROM spot_notes WHERE spot_id = ?").run(id);
    prepared(this.db, "UPDATE spots SET purged_at = ?, updated_at = ? WHERE id = ?").run(now.getTime(), now.getTime(), id);
    return notes;
  }
}
