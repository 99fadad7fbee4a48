// Hints for reactions on a card that count for nothing because the reactor is no press approver:
// given once per person and card, naming who may decide for their agency (issue 17).
import { concat, r } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import type { Catalog } from "../../src/i18n/lang.ts";

type Kind = "approve" | "reject";

const de = {
  notApprover: (user: Rich, key: string, id: string, kind: Kind, agency: string, approvers: Rich | null) =>
    concat(
      user,
      kind === "approve"
        ? r`: Ihr ${key} auf ${id} zählt nicht als Freigabe. Freigeben können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – `
        : r`: Ihr ${key} auf ${id} zählt nicht als Ablehnung. Ablehnen können nur Personen mit der Rolle Pressefreigabe ihrer Behörde – `,
      approvers ? r`für ${agency}: ${approvers}.` : r`für ${agency} ist niemand eingetragen; bitte wenden Sie sich an die Bot-Verwaltung.`,
    ),
};

const en: typeof de = {
  notApprover: (user, key, id, kind, agency, approvers) =>
    concat(
      user,
      kind === "approve"
        ? r`: your ${key} on ${id} does not count as an approval. Only people with the press approval role of their agency can approve – `
        : r`: your ${key} on ${id} does not count as a rejection. Only people with the press approval role of their agency can reject – `,
      approvers ? r`for ${agency}: ${approvers}.` : r`nobody is listed for ${agency}; please ask the bot's administrators.`,
    ),
};

export const pressHints: Catalog<typeof de> = { de, en };
