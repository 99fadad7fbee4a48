// The recurrence engine: the rhythms people write, and meetings that keep their local time across
// Berlin's DST changes (last Sunday of March and of October).
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { describeRecurrence, firstOccurrence, formatRecurrenceError, parseCron, parseRecurrence, series } from "../../../src/time/recurrence.ts";
import type { Recurrence } from "../../../src/time/recurrence.ts";

const BERLIN = "Europe/Berlin";
const NOW = new Date("2026-03-20T12:00:00Z"); // Friday

function rule(text: string, now = NOW): Recurrence {
  const r = parseRecurrence(text, BERLIN, now);
  if (!r.ok) throw new Error(`not parsed: ${text}: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Local "ccc yyyy-MM-dd HH:mm" of the first n meetings from `from`. */
function local(rec: Recurrence, from: string, n: number): string[] {
  return series(rec, BERLIN, new Date(from), new Date(Date.parse(from) + 3 * 366 * 86_400_000), n).map((o) =>
    DateTime.fromJSDate(o.start, { zone: BERLIN }).setLocale("en").toFormat("ccc yyyy-MM-dd HH:mm ZZ"),
  );
}

describe("reading rhythms", () => {
  it.each([
    ["tuesday 10:00", "FREQ=WEEKLY;BYDAY=TU", "10:00"],
    ["dienstag 10:00", "FREQ=WEEKLY;BYDAY=TU", "10:00"],
    ["Dienstags, 10 Uhr", "FREQ=WEEKLY;BYDAY=TU", "10:00"],
    ["every Tuesday at 10am", "FREQ=WEEKLY;BYDAY=TU", "10:00"],
    ["2 weeks tuesday 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "10:00"],
    ["2 wochen dienstag 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "10:00"],
    ["alle 2 Wochen Dienstag 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "10:00"],
    ["jede zweite Woche Di 10.00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "10:00"],
    ["every other week on thursday at 3pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "15:00"],
    ["first monday 09:30", "FREQ=MONTHLY;BYDAY=+1MO", "09:30"],
    ["erster Montag 09:30", "FREQ=MONTHLY;BYDAY=+1MO", "09:30"],
    ["jeden dritten Mittwoch im Monat 16:00", "FREQ=MONTHLY;BYDAY=+3WE", "16:00"],
    ["last friday 14:00", "FREQ=MONTHLY;BYDAY=-1FR", "14:00"],
    ["letzter Freitag 14:00", "FREQ=MONTHLY;BYDAY=-1FR", "14:00"],
  ])("reads %j", (text, normalised, time) => {
    expect(rule(text)).toMatchObject({ kind: "rrule", rule: normalised, time });
  });

  // Everyday German "jeden zweiten Dienstag" and English "every other tuesday" are fortnightly; the
  // nth weekday of the month needs the month named, or no "jeden"/"every".
  it.each([
    ["jeden zweiten Dienstag 10 Uhr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"],
    ["jeden 2. Dienstag 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"],
    ["every other tuesday 10am", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"],
    ["every second Tuesday 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"],
    ["other tuesday 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"],
    ["jeden dritten Mittwoch 16:00", "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE"],
    ["jeden zweiten Dienstag im Monat 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["jeden 2. Dienstag im Monat 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["zweiter Dienstag im Monat 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["zweiter Dienstag 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["every second tuesday of the month 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["second tuesday 10:00", "FREQ=MONTHLY;BYDAY=+2TU"],
    ["jeden ersten Montag 09:30", "FREQ=MONTHLY;BYDAY=+1MO"],
    ["jeden letzten Freitag 14:00", "FREQ=MONTHLY;BYDAY=-1FR"],
  ])("reads %j as %s", (text, normalised) => {
    expect(rule(text)).toMatchObject({ kind: "rrule", rule: normalised });
  });

  it("starts a fortnightly series with the next such day and says so", () => {
    const thu = new Date("2026-12-10T09:00:00Z"); // Thu 10.12.2026
    const rec = rule("jeden zweiten Dienstag 10 Uhr", thu);
    expect(describeRecurrence(rec, "de")).toBe("alle 2 Wochen dienstags, 10:00");
    expect(describeRecurrence(rule("every other tuesday 10am", thu), "en")).toBe("every 2 weeks on Tuesday, 10:00");
    expect(local(rec, "2026-12-10T09:00:00Z", 3)).toEqual(["Tue 2026-12-15 10:00 +01:00", "Tue 2026-12-29 10:00 +01:00", "Tue 2027-01-12 10:00 +01:00"]);
  });

  it.each(["mittwochs irgendwann", "", "10:00", "dienstag", "2 dienstag 10:00", "fünfter Montag 10:00", "dienstag mittwoch 10:00", "dienstag 25:00", "60 wochen dienstag 10:00", "2 wochen erster montag 10:00"])(
    "refuses %j, naming the forms it understands",
    (text) => {
      const r = parseRecurrence(text, BERLIN, NOW);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(formatRecurrenceError(r.error, "de")).toContain("„dienstag 10:00“ (wöchentlich)");
    },
  );

  it("describes a rule in German and English", () => {
    expect(describeRecurrence(rule("dienstag 10:00"), "de")).toBe("jeden Dienstag, 10:00");
    expect(describeRecurrence(rule("2 wochen dienstag 10:00"), "de")).toBe("alle 2 Wochen dienstags, 10:00");
    expect(describeRecurrence(rule("erster montag 09:30"), "de")).toBe("jeden ersten Montag im Monat, 09:30");
    expect(describeRecurrence(rule("last friday 14:00"), "en")).toBe("every last Friday of the month, 14:00");
  });
});

describe("cron expressions", () => {
  it("accepts five fields, from the cron= key or with a cron prefix", () => {
    expect(parseCron("0 10 * * 2")).toEqual({ ok: true, value: { kind: "cron", expr: "0 10 * * 2" } });
    expect(rule("cron 30 9 1-7 * 1")).toEqual({ kind: "cron", expr: "30 9 1-7 * 1" });
  });

  it.each([
    ["0 10 * *", "hat 4 Felder"],
    ["0 0 10 * * 2", "hat 6 Felder"],
    ["61 10 * * 2", "kein gültiger Cron-Ausdruck"],
    ["0 10 30 2 *", "kein gültiger Cron-Ausdruck"],
    ["*/5 * * * *", "weniger als einer Stunde"],
  ])("refuses %j (%s) with the correct form", (expr, what) => {
    const r = parseCron(expr);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(formatRecurrenceError(r.error, "de")).toContain(what);
      expect(formatRecurrenceError(r.error, "de")).toContain('cron="0 10 * * 2"');
    }
  });

  it("keeps 10:00 local across both DST changes", () => {
    expect(local({ kind: "cron", expr: "0 10 * * 0" }, "2026-03-21T00:00:00Z", 2)).toEqual(["Sun 2026-03-22 10:00 +01:00", "Sun 2026-03-29 10:00 +02:00"]);
    expect(local({ kind: "cron", expr: "0 10 * * 0" }, "2026-10-17T00:00:00Z", 2)).toEqual(["Sun 2026-10-18 10:00 +02:00", "Sun 2026-10-25 10:00 +01:00"]);
  });
});

describe("meetings across Berlin's DST changes", () => {
  it("a weekly meeting stays at 10:00 over the spring and autumn switch", () => {
    const sunday = rule("sonntag 10:00");
    expect(local(sunday, "2026-03-21T00:00:00Z", 2)).toEqual(["Sun 2026-03-22 10:00 +01:00", "Sun 2026-03-29 10:00 +02:00"]);
    expect(local(sunday, "2026-10-17T00:00:00Z", 2)).toEqual(["Sun 2026-10-18 10:00 +02:00", "Sun 2026-10-25 10:00 +01:00"]);
  });

  it("'last sunday' falls on the change days themselves, at 10:00 local", () => {
    const last = rule("letzter Sonntag 10:00");
    const all = local(last, "2026-03-21T00:00:00Z", 20);
    expect(all).toContain("Sun 2026-03-29 10:00 +02:00");
    expect(all).toContain("Sun 2026-10-25 10:00 +01:00");
    expect(all).toContain("Sun 2027-03-28 10:00 +02:00");
    expect(all).toContain("Sun 2027-10-31 10:00 +01:00");
  });

  it("a meeting in the skipped hour moves to 03:30 summer time; in the doubled hour it takes the first one", () => {
    const early = rule("letzter Sonntag 02:30");
    expect(local(early, "2026-03-21T00:00:00Z", 1)).toEqual(["Sun 2026-03-29 03:30 +02:00"]);
    expect(local(early, "2026-10-01T00:00:00Z", 1)).toEqual(["Sun 2026-10-25 02:30 +02:00"]);
  });

  it("every two weeks counts from the first meeting still ahead, and keeps the rhythm over the switch", () => {
    const rec = rule("2 wochen dienstag 10:00"); // created Fri 20 March: the first is Tue 24 March
    expect(local(rec, "2026-03-20T12:00:00Z", 3)).toEqual(["Tue 2026-03-24 10:00 +01:00", "Tue 2026-04-07 10:00 +02:00", "Tue 2026-04-21 10:00 +02:00"]);
    const late = rule("2 wochen freitag 10:00"); // Friday 13:00: today's 10:00 is over, so next week's
    expect(local(late, "2026-03-20T12:00:00Z", 2)).toEqual(["Fri 2026-03-27 10:00 +01:00", "Fri 2026-04-10 10:00 +02:00"]);
    expect(firstOccurrence(late as Extract<Recurrence, { kind: "rrule" }>, BERLIN)?.key).toBe("20260327T1000");
  });

  it("monthly n-th weekdays, with the series key as local time", () => {
    const first = rule("erster Montag 09:30");
    expect(local(first, "2026-03-20T12:00:00Z", 3)).toEqual(["Mon 2026-04-06 09:30 +02:00", "Mon 2026-05-04 09:30 +02:00", "Mon 2026-06-01 09:30 +02:00"]);
    expect(series(first, BERLIN, new Date("2026-10-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"), 5).map((o) => o.key)).toEqual(["20261005T0930", "20261102T0930"]);
  });

  it("every weekly meeting outside the night hours is at its wall time in every week of three years", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, hour, minute) => {
        const days = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];
        const hhmm = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
        const rec = rule(`${days[day]} ${hhmm}`, new Date("2026-01-01T00:00:00Z"));
        const all = series(rec, BERLIN, new Date("2026-01-01T00:00:00Z"), new Date("2029-01-01T00:00:00Z"), 200);
        expect(all.length).toBeGreaterThanOrEqual(156);
        for (const o of all) {
          const l = DateTime.fromJSDate(o.start, { zone: BERLIN });
          expect(l.toFormat("HH:mm")).toBe(hhmm);
          expect(l.weekday).toBe(day + 1);
        }
      }),
      { numRuns: 30 },
    );
  });
});
