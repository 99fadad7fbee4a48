// An action item's repository, and the committee it belongs to (by its short name, for lists and reminders).
import type { BaseContext } from "../../src/pipeline/family.ts";
import { ActionsStore } from "../../src/store/actions.ts";
import type { ActionItem } from "../../src/store/actions.ts";

export const aiStore = (ctx: BaseContext): ActionsStore => ctx.store.actions;

export const committeeSlug = (ctx: BaseContext, a: ActionItem): string | null =>
  a.committeeId === null ? null : (ctx.store.committees.get(a.committeeId)?.slug ?? null);
