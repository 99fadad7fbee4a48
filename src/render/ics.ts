// iCalendar files with ical-generator: stable UIDs and SEQUENCE so a re-import updates entries.
import { ICalCalendar, ICalEventStatus } from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { DateTime } from "luxon";

export interface CalendarEntry {
  uid: string;
  sequence: number;
  start: Date;
  end: Date | null;
  summary: string;
  location: string | null;
  description: string | null;
  cancelled: boolean;
  /** Last change: DTSTAMP, so the same state exports byte-identically. */
  stamp: Date;
}

export function buildCalendar(name: string, zone: string, entries: readonly CalendarEntry[]): string {
  const cal = new ICalCalendar({ name, prodId: { company: "Lagebot", product: "lagebot", language: "DE" }, timezone: { name: zone, generator: getVtimezoneComponent } });
  // Zone-aware values: with a plain Date the library writes UTC digits under the zone's TZID.
  const inZone = (d: Date) => DateTime.fromJSDate(d, { zone });
  for (const e of entries) {
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      start: inZone(e.start),
      // A calendar event needs an end; an open-ended operation is shown as one hour.
      end: inZone(e.end ?? new Date(e.start.getTime() + 3_600_000)),
      timezone: zone,
      summary: e.summary,
      location: e.location,
      description: e.description,
      stamp: e.stamp,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
