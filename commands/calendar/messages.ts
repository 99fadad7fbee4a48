// Texts of the calendar family (the personal feed), German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { b, code, lines, r, text } from "../../src/render/rich.ts";

const de = {
  sent: (replaced: boolean) =>
    replaced
      ? r`Der neue Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet. Der bisherige Link gilt nicht mehr.`
      : r`Der Link zu Ihrem persönlichen Kalender ist Ihnen per Direktnachricht gesendet.`,
  link: (url: string) =>
    lines(
      b("Ihr persönlicher Kalender (Abonnement)"),
      text(url),
      "Im Kalenderprogramm als Kalender-Abonnement (Kalender aus dem Internet) hinzufügen: Er zeigt die gemeinsamen Einsätze und die Sitzungen der Gremien und hält sich selbst aktuell.",
      r`Der Link ist geheim: Wer ihn kennt, sieht diese Termine. Bitte nicht weitergeben. Sperren mit ${code("!kalender abo widerrufen")}, einen neuen Link gibt ${code("!kalender abo")}.`,
    ),
  revoked: () => r`Ihr Kalender-Abonnement ist widerrufen. Der Link zeigt keine Termine mehr.`,
  nothingToRevoke: () => r`Sie haben kein Kalender-Abonnement; es gibt nichts zu widerrufen.`,
  off: () =>
    // Said in the shared room, so no configuration terms: how to switch it on is in the README (Calendar feed).
    r`Das Kalender-Abonnement ist bei diesem Bot nicht eingeschaltet. Bitte wenden Sie sich an die Bot-Verwaltung.`,
};
const en: typeof de = {
  sent: (replaced) =>
    replaced
      ? r`The new link to your personal calendar has been sent to you by direct message. The previous link no longer works.`
      : r`The link to your personal calendar has been sent to you by direct message.`,
  link: (url) =>
    lines(
      b("Your personal calendar (subscription)"),
      text(url),
      "Add it in your calendar app as a subscription (calendar from the internet): it shows the joint operations and the committee meetings and keeps itself up to date.",
      r`The link is secret: whoever knows it sees these dates. Please do not pass it on. Revoke it with ${code("!calendar revoke")}; ${code("!calendar subscribe")} gives a new link.`,
    ),
  revoked: () => r`Your calendar subscription is revoked. The link shows no dates any more.`,
  nothingToRevoke: () => r`You have no calendar subscription; there is nothing to revoke.`,
  off: () =>
    r`The calendar subscription is not switched on for this bot. Please contact the bot administrators.`,
};

export const calendarMessages: Catalog<typeof de> = { de, en };
