// SHA-256 as hex: what the audit log keeps of a text (a press version, a hotspot note) or of a
// removed record instead of the content itself.
import { createHash } from "node:crypto";

export const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

/** The hash of a record as JSON, for the audit row of its removal. */
export const contentHash = (content: unknown): string => sha256(JSON.stringify(content));
