// Local wall-clock time → instant in an IANA zone. On a DST change day a wall time can be skipped
// (spring forward) or happen twice (fall back); we report both readings instead of guessing one.
import { DateTime, FixedOffsetZone, IANAZone } from "luxon";
import type { DateError, Result } from "./types.ts";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const HOUR_MS = 3_600_000;
const REMEMBERED_HOURS = 100_000; // about 11 years of distinct hours; then start over

/**
 * An IANA zone that remembers its UTC offset per hour. luxon asks Intl for the offset of every
 * DateTime it builds (formatToParts, about 10 µs), and a list of 25 operations builds hundreds.
 * An hour whose first and last millisecond share an offset has it throughout: no zone changes its
 * offset twice within an hour. An hour with a change is asked about every time.
 */
class RememberingZone extends IANAZone {
  private readonly hours = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const known = this.hours.get(hour);
    if (known !== undefined) return known;
    const first = super.offset(hour * HOUR_MS);
    if (Number.isNaN(first) || first !== super.offset(hour * HOUR_MS + HOUR_MS - 1)) return super.offset(ts);
    if (this.hours.size >= REMEMBERED_HOURS) this.hours.clear();
    this.hours.set(hour, first);
    return first;
  }
}

const zones = new Map<string, RememberingZone>();

/** The zone to hand to luxon for a configured zone name (validated by the config schema). */
export function zoneOf(name: string): IANAZone {
  let z = zones.get(name);
  if (!z) {
    z = new RememberingZone(name);
    zones.set(name, z);
  }
  return z;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function sameWall(dt: DateTime, w: Wall): boolean {
  return dt.year === w.year && dt.month === w.month && dt.day === w.day && dt.hour === w.hour && dt.minute === w.minute && dt.second === w.second;
}

/** The wall time read with a fixed UTC offset (minutes). */
function withOffset(w: Wall, offset: number): DateTime {
  return DateTime.fromObject(w, { zone: FixedOffsetZone.instance(offset) });
}

/**
 * `date` "YYYY-MM-DD" and `time` "HH:mm" (or "HH:mm:ss") as wall time in `zone`. Readings of a gap or
 * overlap are ordered [offset before the change, offset after the change]; for an overlap that is
 * also the earlier instant first. `input` is what the user typed, kept for the error message.
 */
export function localToInstant(date: string, time: string, zone: string, input = `${date} ${time}`): Result<Date, DateError> {
  const unparseable = { ok: false as const, error: { kind: "unparseable" as const, input } };
  const dm = DATE_RE.exec(date);
  const tm = TIME_RE.exec(time);
  if (!dm || !tm) return unparseable;
  const w: Wall = {
    year: Number(dm[1]), month: Number(dm[2]), day: Number(dm[3]),
    hour: Number(tm[1]), minute: Number(tm[2]), second: Number(tm[3] ?? 0),
  };
  // Validate the calendar date on its own, so 31.02. is an error rather than 03.03.
  if (!DateTime.fromObject({ year: w.year, month: w.month, day: w.day }, { zone: "utc" }).isValid) return unparseable;
  if (w.hour > 23 || w.minute > 59 || w.second > 59) return unparseable;
  const local = DateTime.fromObject(w, { zone: zoneOf(zone) });
  if (!local.isValid) return unparseable;
  // Offsets in force a few hours either side: every real-world change shifts by at most 2 h.
  const before = local.minus({ hours: 3 }).offset;
  const after = local.plus({ hours: 3 }).offset;
  if (!sameWall(local, w)) {
    const readings: [Date, Date] = [withOffset(w, before).toJSDate(), withOffset(w, after).toJSDate()];
    return { ok: false, error: { kind: "nonexistent", input, readings } };
  }
  if (before !== after) {
    const a = withOffset(w, before);
    const b = withOffset(w, after);
    if (sameWall(a.setZone(zoneOf(zone)), w) && sameWall(b.setZone(zoneOf(zone)), w)) {
      return { ok: false, error: { kind: "ambiguous", input, readings: [a.toJSDate(), b.toJSDate()] } };
    }
  }
  return { ok: true, value: local.toJSDate() };
}

/** True when the wall time shown for `d` in `zone` also names another instant (fall-back hour). */
export function isAmbiguousWallTime(d: Date, zone: string): boolean {
  // Fast path for nearly every instant (lists format many; 5–10 times cheaper than the full check):
  // no offset change within 3 h either side means no second reading.
  const z = zoneOf(zone);
  if (z.offset(d.getTime() - 3 * HOUR_MS) === z.offset(d.getTime() + 3 * HOUR_MS)) return false;
  const l = DateTime.fromJSDate(d, { zone: z });
  const r = localToInstant(l.toFormat("yyyy-MM-dd"), l.toFormat("HH:mm:ss"), zone);
  return !r.ok && r.error.kind === "ambiguous";
}

/** The zone's wall time of an instant, as luxon sees it. */
export function wallTime(d: Date, zone: string): DateTime {
  return DateTime.fromJSDate(d, { zone: zoneOf(zone) });
}
