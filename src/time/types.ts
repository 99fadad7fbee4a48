// Shared shapes of the time module; failures are values, never exceptions.
export type Lang = "de" | "en";
export interface TimeEnv {
  zone: string;
  now: Date;
  lang: Lang;
}
export type DateError =
  // `expects: "date"` when a calendar date (no time) was asked for, so the message shows date examples.
  | { kind: "unparseable"; input: string; expects?: "date" }
  | { kind: "nonexistent"; input: string; readings: [Date, Date] }
  | { kind: "ambiguous"; input: string; readings: [Date, Date] }
  | { kind: "dateOnly"; input: string };
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
