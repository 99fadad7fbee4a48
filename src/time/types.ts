export type Lang = "de" | "en";
export interface TimeEnv {
  zone: string;
  now: Date;
  lang: Lang;
}
export type DateError =
  | { kind: "unparseable"; input: string }
  | { kind: "nonexistent"; input: string; readings: [Date, Date] }
  | { kind: "ambiguous"; input: string; readings: [Date, Date] }
  | { kind: "dateOnly"; input: string };
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
