export type Lang = "de" | "en";

/** A message catalogue: the English one must have exactly the German one's keys and types. */
export interface Catalog<T> {
  de: T;
  en: T;
}

/** A catalogue in the language at hand, in one call: `const m = ctx.t(pressMessages)`. */
export type Translate = <T>(catalog: Catalog<T>) => T;

/** The `t` of a context or argument environment in `lang`. */
export function translator(lang: Lang): Translate {
  return (catalog) => catalog[lang];
}
