// The greeting of someone who joined a served room (issue 20; src/rooms/tracker.ts queues it once per
// person and room): what the bot is and `!hilfe`, and for a member of an agency what awaits that
// agency. Late joiners of an encrypted room cannot read its history, so the open items come to them.
// Agency items only where nobody of no agency reads along: a stranger never sees what only agencies may.
import { z } from "zod";
import { DateTime } from "luxon";
import { asUserId } from "../../src/ids.ts";
import type { Catalog } from "../../src/i18n/lang.ts";
import type { JobContext } from "../../src/pipeline/family.ts";
import { code, lines, list, mention, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";

const de = {
  hello: (who: Rich) => r`Willkommen, ${who}! Über den Lagebot stimmen die beteiligten Behörden hier Einsätze, Pressemitteilungen und Gremientermine miteinander ab.`,
  help: () => r`Eine Übersicht aller Befehle gibt ${code("!hilfe")}.`,
  open: (agency: string) => `Offen für ${agency}:`,
  sensitive: () => "Begrüßung mit den offenen Punkten der Behörde",
};
const en: typeof de = {
  hello: (who) => r`Welcome, ${who}! Through Lagebot the agencies involved agree on joint operations, press statements and committee meetings here.`,
  help: () => r`${code("!help")} lists all commands.`,
  open: (agency) => `Open for ${agency}:`,
  sensitive: () => "greeting with the agency's open items",
};
const messages: Catalog<typeof de> = { de, en };

export const greetPayload = z.object({ user: z.string() });

const DAYS = 7;

export function greetJob(ctx: JobContext, p: z.infer<typeof greetPayload>): void {
  const user = asUserId(p.user);
  if (!user) return;
  const m = ctx.t(messages);
  const agency = ctx.agencyOf(user);
  const strangers = ctx.roomSafety(ctx.roomId).findings.some((f) => f.kind === "strangers");
  const now = ctx.now();
  const range = { from: now, to: DateTime.fromJSDate(now, { zone: ctx.zone }).startOf("day").plus({ days: DAYS }).toJSDate() };
  const items = agency && !strangers ? ctx.families().flatMap((f) => f.newcomer?.(ctx, agency, range) ?? []) : [];
  const withItems = agency !== null && items.length > 0;
  // With agency items the post is sensitive: a stranger joining before it is sent must not get it.
  ctx.post(ctx.roomId, lines(m.hello(mention(user)), m.help(), withItems ? section(m.open(agency.name), list(items)) : null), withItems ? { sensitive: m.sensitive() } : {});
}
