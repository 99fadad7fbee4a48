// The message body pair and HTML escaping: the base of rich.ts and people.ts, apart so neither imports the other back.
import type { UserId } from "../ids.ts";

export interface Rich {
  readonly plain: string;
  readonly html: string;
  readonly mentions: readonly UserId[];
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] ?? c);
}
