// Shared shapes of the time module; failures are values, never exceptions.
export type Lang = "de" | "en";
export interface TimeEnv {
  zone: string;
  now: Date;
  lang: Lang;
  /** Told how a phrase with two usual readings was read ("nächsten Freitag"), so the reply can say so. */
  note?: ((note: ReadingNote) => void) | undefined;
}
/** "nächsten Freitag" read as `read`; `instead` (e.g. "diesen Freitag") gives `other`. Dates "YYYY-MM-DD". */
export interface ReadingNote {
  phrase: string;
  read: string;
  other: string;
  instead: string;
}
export type DateError =
  // `expects: "date"` when a calendar date (no time) was asked for, so the message shows date examples.
  | { kind: "unparseable"; input: string; expects?: "date" }
  | { kind: "nonexistent"; input: string; readings: [Date, Date] }
  | { kind: "ambiguous"; input: string; readings: [Date, Date] }
  | { kind: "dateOnly"; input: string };
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
