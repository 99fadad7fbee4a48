// Local wall-clock time → instant in an IANA zone, detecting the DST gap (time does not exist) and
// the DST overlap (time exists twice) instead of silently picking one.
import { DateTime } from "luxon";
import type { DateError, Result } from "./types.ts";

export function localToInstant(date: string, time: string, zone: string, input = `${date} ${time}`): Result<Date, DateError> {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return { ok: false, error: { kind: "unparseable", input } };
  const [year, month, day, hour, minute] = [dm[1], dm[2], dm[3], tm[1], tm[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return { ok: false, error: { kind: "unparseable", input } };
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!local.isValid) return { ok: false, error: { kind: "unparseable", input } };
  // Offsets in force a few hours either side tell us whether a change happens around this time.
  const before = local.minus({ hours: 3 }).offset;
  const after = local.plus({ hours: 3 }).offset;
  const asOffset = (off: number) => DateTime.fromObject({ year, month, day, hour, minute }, { zone: `UTC${off >= 0 ? "+" : "-"}${Math.abs(off) / 60}` });
  if (local.hour !== hour || local.minute !== minute || local.day !== day) {
    // Gap: the wall time was skipped. The two readings use the offset before and after the change.
    const a = asOffset(before).toJSDate();
    const b = asOffset(after).toJSDate();
    return { ok: false, error: { kind: "nonexistent", input, readings: a < b ? [a, b] : [b, a] } };
  }
  if (before !== after) {
    const a = asOffset(before);
    const b = asOffset(after);
    const aLocal = a.setZone(zone);
    const bLocal = b.setZone(zone);
    const both = [a, b].filter((_, i) => {
      const l = i === 0 ? aLocal : bLocal;
      return l.hour === hour && l.minute === minute && l.day === day;
    });
    if (both.length === 2) {
      const x = a.toJSDate();
      const y = b.toJSDate();
      return { ok: false, error: { kind: "ambiguous", input, readings: x < y ? [x, y] : [y, x] } };
    }
  }
  return { ok: true, value: local.toJSDate() };
}
