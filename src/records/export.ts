// The audit log as files for the records office: CSV (RFC 4180 with a UTF-8 byte order mark, so
// spreadsheet programs read the umlauts) and JSON. Both keep every column exactly as stored, hashes
// included, so the chain can be checked again from the export itself: a cell is never rewritten,
// not even to defuse spreadsheet formulas (import as text rather than opening by double-click).
import { stringify } from "csv-stringify/sync";
import type { AuditRecord } from "../store/audit.ts";

export const CSV_COLUMNS = ["id", "at", "actor", "agency", "action", "target", "room_id", "event_id", "outcome", "details", "prev_hash", "hash"] as const;

export interface ExportMeta {
  exportedAt: Date;
  /** The calendar dates asked for (inclusive), null when open. */
  from: string | null;
  to: string | null;
  zone: string;
  /** The exported rows were checked at export time, with their link to the row before them. */
  chain: { intact: boolean; rows: number; firstBad: { id: number; problem: string } | null };
}

export function auditCsv(rows: readonly AuditRecord[]): string {
  return stringify(
    rows.map((r) => [r.id, new Date(r.at).toISOString(), r.actor, r.agency ?? "", r.action, r.target ?? "", r.roomId ?? "", r.eventId ?? "", r.outcome, JSON.stringify(r.details), r.prevHash, r.hash]),
    { header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: "windows" },
  );
}

export function auditJson(rows: readonly AuditRecord[], meta: ExportMeta): string {
  const doc = {
    format: "lagebot-audit/1",
    exportedAt: meta.exportedAt.toISOString(),
    range: { from: meta.from, to: meta.to, zone: meta.zone },
    // How each hash is made, so the file can be checked without the bot.
    hashing: 'hash = sha256(prevHash + "\\n" + JSON.stringify([atMs, actor, agency, action, target, roomId, eventId, outcome, JSON.stringify(details)]))',
    chain: meta.chain,
    count: rows.length,
    entries: rows.map((r) => ({
      id: r.id, at: new Date(r.at).toISOString(), atMs: r.at, actor: r.actor, agency: r.agency, action: r.action, target: r.target,
      roomId: r.roomId, eventId: r.eventId, outcome: r.outcome, details: r.details, prevHash: r.prevHash, hash: r.hash,
    })),
  };
  // Compact: the file is read by programs, and indentation would double its size.
  return `${JSON.stringify(doc)}\n`;
}
