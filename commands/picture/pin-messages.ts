// Texts of the pinned live situation card (!lage anheften / !lage lösen), German and English.
import type { Catalog } from "../../src/i18n/lang.ts";
import { r } from "../../src/render/rich.ts";

const de = {
  /** The day only: the card is edited when something in it changes, and at midnight. */
  at: (day: string) => `${day} (angeheftet, wird laufend aktualisiert)`,
  refused: (level: number) =>
    r`Der Bot darf in diesem Raum nichts anheften (fehlende Berechtigung: Nachrichten anheften, Stufe ${level}). Bitte geben Sie dem Bot diese Stufe oder heften Sie die Nachricht selbst an.`,
  unpinned: r`Das angeheftete Lagebild ist gelöst und wird nicht mehr aktualisiert.`,
  nonePinned: r`In diesem Raum ist kein Lagebild angeheftet. Anheften mit !lage anheften.`,
};
const en: typeof de = {
  at: (day) => `${day} (pinned, kept up to date)`,
  refused: (level) =>
    r`The bot may not pin anything in this room (missing permission: pin messages, level ${level}). Please give the bot this level or pin the message yourself.`,
  unpinned: r`The pinned situation picture is unpinned and no longer kept up to date.`,
  nonePinned: r`No situation picture is pinned in this room. Pin one with !picture pin.`,
};

export const pinMessages: Catalog<typeof de> = { de, en };
