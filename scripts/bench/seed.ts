// Seeds a bot's database before it starts, through the app's own migrations (openDatabase) and
// repositories, each in one transaction: reminders due soon, or a large database for the scale run.
import { openDatabase } from "../../src/db/open.ts";
import { asRoomId, asUserId } from "../../src/ids.ts";
import type { RoomId, UserId } from "../../src/ids.ts";
import { OperationsStore } from "../../src/store/operations.ts";
import type { OperationType } from "../../src/store/operations.ts";
import { insertSchedule } from "../../src/store/schedule.ts";

const ZONE = "Europe/Berlin";
const TYPES: OperationType[] = ["patrol", "control", "event"];
const PLACES = ["Bahnhofsplatz", "Marktplatz", "Stadtpark", "Rheinufer", "Altstadt", "Hauptbahnhof Süd", "Kirmesplatz", "Stadion"];

function ids(rooms: readonly string[], creator: string): { rooms: RoomId[]; creator: UserId } {
  const r = rooms.map((x) => asRoomId(x) ?? fail(`not a room ID: ${x}`));
  return { rooms: r, creator: asUserId(creator) ?? fail(`not a user ID: ${creator}`) };
}

function fail(why: string): never {
  throw new Error(why);
}

/** One planned operation per due time, each with a reminder due then (1 h before its start). Returns operation ID → due time. */
export function seedReminders(file: string, roomIds: readonly string[], creatorId: string, dueTimes: readonly number[]): Map<number, number> {
  const { rooms, creator } = ids(roomIds, creatorId);
  const db = openDatabase(file);
  const store = new OperationsStore(db);
  const due = new Map<number, number>();
  const now = new Date();
  db.transaction(() => {
    dueTimes.forEach((at, i) => {
      const room = rooms[i % rooms.length] ?? fail("no room");
      const op = store.create(
        { title: `Streife ${i + 1}`, startsAt: new Date(at + 3_600_000), endsAt: new Date(at + 7_200_000), place: PLACES[i % PLACES.length] ?? null, type: "patrol", field: null, spotId: null },
        { roomId: room, createdBy: creator, zone: ZONE, now },
        new Map([["city", 2], ["police", 2]]),
      );
      insertSchedule(db, { job: "op.reminder", roomId: room, dueAt: at, ref: `op:${op.id}:1h`, payload: { id: op.id, offset: "1h", label: `Erinnerung OP-${op.id} (1h vorher)` } }, now.getTime());
      due.set(op.id, at);
    });
  })();
  db.close();
  return due;
}

/**
 * `operations` operations spread evenly over a year before and after now, and `scheduled` reminders
 * for future ones. Returns how long seeding took (ms).
 */
export function seedScale(file: string, roomIds: readonly string[], creatorId: string, operations: number, scheduled: number): number {
  const { rooms, creator } = ids(roomIds, creatorId);
  const started = performance.now();
  const db = openDatabase(file);
  const store = new OperationsStore(db);
  const now = Date.now();
  const year = 365 * 86_400_000;
  const step = (2 * year) / operations;
  const needed = new Map([["city", 2], ["police", 3]]);
  const meta = { createdBy: creator, zone: ZONE, now: new Date(now) };
  db.transaction(() => {
    let reminders = 0;
    for (let i = 0; i < operations; i++) {
      const start = Math.round(now - year + i * step);
      const room = rooms[i % rooms.length] ?? fail("no room");
      const op = store.create(
        { title: `Einsatz ${i + 1}`, startsAt: new Date(start), endsAt: new Date(start + 3 * 3_600_000), place: PLACES[i % PLACES.length] ?? null, type: TYPES[i % TYPES.length] ?? null, field: null, spotId: null },
        { ...meta, roomId: room },
        needed,
      );
      // Reminders for the nearest future operations first, like a real schedule's busy front.
      if (start - 3_600_000 > now + 3_600_000 && reminders < scheduled) {
        insertSchedule(db, { job: "op.reminder", roomId: room, dueAt: start - 3_600_000, ref: `op:${op.id}:1h`, payload: { id: op.id, offset: "1h", label: `Erinnerung OP-${op.id} (1h vorher)` } }, now);
        reminders++;
      }
    }
  })();
  db.close();
  return performance.now() - started;
}
