// iCalendar files with ical-generator: stable UIDs and SEQUENCE so a re-import updates entries.
import { ICalCalendar, ICalEventStatus } from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { DateTime } from "luxon";
import { OPEN_END_MS } from "../store/operations.ts";

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

/** "20261201T101112Z" */
const utc = (d: Date): string => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/**
 * The calendar as text, every DTSTAMP in UTC as RFC 5545 demands: with a calendar time zone set,
 * ical-generator writes the stamp as floating digits of the process' own zone.
 */
export function calendarText(cal: ICalCalendar): string {
  const stamps = cal.events().map((e) => {
    const v = e.stamp();
    // Both builders give the stamp as a Date (the record's last change).
    if (!(v instanceof Date)) throw new Error("DTSTAMP must be given as a Date");
    return utc(v);
  });
  let n = 0;
  return cal.toString().replace(/^DTSTAMP[:;].*$/gm, (line) => {
    const s = stamps[n++];
    return s ? `DTSTAMP:${s}` : line;
  });
}

/** An empty calendar with the zone's VTIMEZONE: the file exports and the personal feed start from it. */
export function newCalendar(name: string, zone: string): ICalCalendar {
  return new ICalCalendar({ name, prodId: { company: "Lagebot", product: "lagebot", language: "DE" }, timezone: { name: zone, generator: getVtimezoneComponent } });
}

export function buildCalendar(name: string, zone: string, entries: readonly CalendarEntry[]): string {
  const cal = newCalendar(name, zone);
  addEntries(cal, zone, entries);
  return calendarText(cal);
}

/** The entries as events of `cal`. */
export function addEntries(cal: ICalCalendar, zone: string, entries: readonly CalendarEntry[]): void {
  // Zone-aware values: with a plain Date the library writes UTC digits under the zone's TZID.
  const inZone = (d: Date) => DateTime.fromJSDate(d, { zone });
  for (const e of entries) {
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      start: inZone(e.start),
      // Calendars show an event without DTEND as an instant (RFC 5545), easily overlooked; an
      // operation without an end is shown as lasting OPEN_END_MS (one hour), as the README says.
      end: inZone(e.end ?? new Date(e.start.getTime() + OPEN_END_MS)),
      timezone: zone,
      summary: e.summary,
      location: e.location,
      description: e.description,
      stamp: e.stamp,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
}
