// The bot-down alarm's two messages, German and English from the same builders. The alarm is written
// ahead of time: "since" is the moment the bot last showed it was alive.
import type { Catalog } from "../i18n/lang.ts";
import { r } from "../render/rich.ts";

const de = {
  down: (since: string) => r`Lagebot antwortet seit ${since} nicht mehr — Erinnerungen und Freigaben ruhen.`,
  back: (since: string, caughtUp: number) => r`Lagebot ist wieder erreichbar (seit ${since}). Nachgeholt: ${caughtUp} ${caughtUp === 1 ? "Erinnerung" : "Erinnerungen"}.`,
};

const en: typeof de = {
  down: (since) => r`Lagebot has not been responding since ${since} — reminders and approvals are on hold.`,
  back: (since, caughtUp) => r`Lagebot is reachable again (since ${since}). Caught up: ${caughtUp} ${caughtUp === 1 ? "reminder" : "reminders"}.`,
};

export const alarmMessages: Catalog<typeof de> = { de, en };
