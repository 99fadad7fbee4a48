export type Lang = "de" | "en";

/** A message catalogue: the English one must have exactly the German one's keys and types. */
export interface Catalog<T> {
  de: T;
  en: T;
}

export function pick<T>(catalog: Catalog<T>, lang: Lang): T {
  return catalog[lang];
}
