import { list, r, section, text } from "../render/rich.ts";
import type { Catalog } from "../i18n/lang.ts";
import type { ScheduledRow } from "../store/schedule.ts";
import { formatDateTime } from "../time/format.ts";

const label = (row: ScheduledRow): string => (typeof row.payload["label"] === "string" ? row.payload["label"] : row.job);

const de = {
  missed: (rows: readonly ScheduledRow[], zone: string) =>
    section(
      rows.length === 1
        ? text("Während der Bot nicht erreichbar war, ist ein geplanter Beitrag entfallen; er lag zu lange zurück, um ihn nachzuholen:")
        : r`Während der Bot nicht erreichbar war, sind ${rows.length} geplante Beiträge entfallen; sie lagen zu lange zurück, um sie nachzuholen:`,
      list(rows.map((row) => r`${formatDateTime(new Date(row.dueAt), zone, "de")} – ${label(row)}`)),
    ),
  late: (due: Date, zone: string) => r`(verspätet; vorgesehen war ${formatDateTime(due, zone, "de")})`,
};

const en: typeof de = {
  missed: (rows, zone) =>
    section(
      rows.length === 1
        ? text("While the bot was unreachable, one scheduled post was dropped; it was too long ago to catch up:")
        : r`While the bot was unreachable, ${rows.length} scheduled posts were dropped; they were too long ago to catch up:`,
      list(rows.map((row) => r`${formatDateTime(new Date(row.dueAt), zone, "en")} – ${label(row)}`)),
    ),
  late: (due, zone) => r`(late, was due ${formatDateTime(due, zone, "en")})`,
};

export const schedulerMessages: Catalog<typeof de> = { de, en };
