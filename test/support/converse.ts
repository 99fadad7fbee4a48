// What every family's e2e test does: write a command time for the bot's zone, and ask the bot.
import { isReplyTo } from "./person.ts";
import type { Person, TimelineEvent } from "./person.ts";

/** Europe/Berlin wall clock "YYYY-MM-DD HH:mm" (or with ":ss") of an instant, as commands take it. */
export function berlin(d: Date, seconds = false): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}),
  })
    .format(d)
    .replace(",", "");
}

/** Sends `text` into `room` and resolves with the bot's reply to it (waiting starts before sending). */
export async function askBot(who: Person, room: string, botId: string, text: string): Promise<TimelineEvent> {
  const mark = who.mark();
  const cmd = await who.send(room, text);
  return who.waitFor((ev) => ev.sender === botId && ev.type === "m.room.message" && isReplyTo(ev, cmd), { after: mark, description: `reply to ${text.slice(0, 50)}` });
}
