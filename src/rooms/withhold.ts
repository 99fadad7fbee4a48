// The outbox's room safety check: a sensitive message, edit or file for a room that now holds someone
// of no agency (roomSafety "withhold") is replaced by a short notice without its content, and the
// withholding is audited. Decided at send time, so what was queued before the stranger came is
// stopped too (reminders, card edits, uploads).
import { z } from "zod";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import type { SendGuard } from "../matrix/outbox.ts";
import { messageContent } from "../pipeline/context.ts";
import { appendAudit } from "../store/audit.ts";
import { markWithheld } from "../store/outbox.ts";
import type { OutboxRow } from "../store/outbox.ts";
import type { Member } from "../store/room-safety.ts";
import { asEventId } from "../ids.ts";
import { roomSafetyMessages } from "./messages.ts";
import type { RoomSafety } from "./policy.ts";

export function outboxGuard(db: Database, config: Config, safety: RoomSafety, now: () => number = Date.now): SendGuard {
  return {
    insteadOf(row) {
      // Reactions and redactions carry no content of their own.
      if (row.sensitive === null || row.kind === "reaction" || row.kind === "redaction") return null;
      const strangers = safety.withholding(row.roomId);
      if (!strangers) return null;
      return {
        content: messageContent(notice(row, row.sensitive, strangers, config), { replyTo: replyTarget(row) }),
        record: () =>
          db.transaction(() => {
            markWithheld(db, row.id, now());
            appendAudit(db, {
              at: now(), actor: "bot", agency: null, action: "room.withheld", target: row.roomId, roomId: row.roomId, eventId: null, outcome: "refused",
              details: { outbox: row.id, kind: row.kind, what: row.sensitive, strangers: strangers.map((m) => m.userId) },
            });
          })(),
      };
    },
  };
}

function notice(row: OutboxRow, what: string, strangers: readonly Member[], config: Config) {
  const m = roomSafetyMessages[config.language];
  switch (row.kind) {
    case "edit":
      return m.withheldEdit(what, strangers);
    case "upload":
      return m.withheldFile(what, strangers);
    default:
      return m.withheld(what, strangers);
  }
}

const replyRelation = z.object({ "m.relates_to": z.object({ "m.in_reply_to": z.object({ event_id: z.string() }) }) });

/** A withheld reply still answers its command, so the sender sees which one it was. */
function replyTarget(row: OutboxRow) {
  if (row.kind !== "message" && row.kind !== "upload") return undefined;
  const rel = replyRelation.safeParse(row.content);
  return rel.success ? (asEventId(rel.data["m.relates_to"]["m.in_reply_to"].event_id) ?? undefined) : undefined;
}
