// An action item (AI-n) as the action family lists it and `!committee show` shows a committee's open ones.
import { formatRecordId } from "../ids.ts";
import type { Catalog, Lang } from "../i18n/lang.ts";
import { isOverdue } from "../store/actions.ts";
import type { ActionItem } from "../store/actions.ts";
import { formatDate, formatDateTime } from "../time/format.ts";
import { b, concat, i } from "./rich.ts";
import type { Part, Rich } from "./rich.ts";
import { person } from "./people.ts";

export const aiId = (n: number): string => formatRecordId("AI", n);

const de = {
  line: (id: string, text: string, owner: Part, due: string, overdue: boolean, committee: string | null) =>
    concat(b(id), " ", text, " – ", owner, `, fällig ${due}`, overdue ? b(" (überfällig)") : null, committee ? i(` · ${committee}`) : null),
};
const en: typeof de = {
  line: (id, text, owner, due, overdue, committee) =>
    concat(b(id), " ", text, " – ", owner, `, due ${due}`, overdue ? b(" (overdue)") : null, committee ? i(` · ${committee}`) : null),
};
const messages: Catalog<typeof de> = { de, en };

/** The due date, or the due moment when a time of day was given, in the item's zone. */
export function dueText(lang: Lang, a: ActionItem): string {
  return a.dueAt ? formatDateTime(a.dueAt, a.zone, lang) : formatDate(a.dueDate, a.zone, lang);
}

/** One line: what, who, when due, overdue or not, and (in lists across committees) the committee. */
export function actionLine(at: { readonly lang: Lang; now(): Date }, a: ActionItem, committee: string | null = null): Rich {
  return messages[at.lang].line(aiId(a.id), a.text, person(a.owner), dueText(at.lang, a), isOverdue(a, at.now()), committee);
}
