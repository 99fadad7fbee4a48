// Is a message for us? A command prefix (! or /), the bot's pill, its user ID, or its display name
// followed by ":" or ",". Returns the command text without the prefix.

export interface BotIdentity {
  userId: string;
  displayName: string | null;
}
export interface AddressInput {
  body: string;
  formattedBody?: string | undefined;
}
export type Addressed = { prefix: "!" | "/" | "mention"; text: string };

/** Drops the legacy reply fallback ("> quoted" lines and a blank line) from a body. */
function stripReplyFallback(body: string): string {
  if (!body.startsWith("> ")) return body;
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && (lines[i] ?? "").startsWith(">")) i++;
  if (i < lines.length && (lines[i] ?? "") === "") return lines.slice(i + 1).join("\n");
  return body;
}

function afterName(text: string, name: string): string | null {
  if (!name || text.length < name.length || text.slice(0, name.length).toLowerCase() !== name.toLowerCase()) return null;
  const rest = text.slice(name.length);
  const m = /^\s*[:,]?\s+|^\s*[:,]/.exec(rest);
  return m ? rest.slice(m[0].length) : null;
}

function pillsBot(formatted: string | undefined, userId: string): boolean {
  if (!formatted) return false;
  const html = formatted.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/, "").replace(/^\s*(<p>\s*)?/, "");
  const m = /^<a\s+href=["']https:\/\/matrix\.to\/#\/([^"'?]+)/i.exec(html);
  if (!m || !m[1]) return false;
  let target = m[1];
  try {
    target = decodeURIComponent(target);
  } catch {
    return false;
  }
  return target === userId;
}

export function address(input: AddressInput, bot: BotIdentity): Addressed | null {
  const body = stripReplyFallback(input.body).replace(/^\s+/, "");
  const first = body[0];
  if ((first === "!" || first === "/") && /^\p{L}/u.test(body.slice(1, 3))) return { prefix: first, text: body.slice(1) };
  if (first === "!" || first === "/") return null;
  const names = [bot.userId, bot.displayName ?? "", bot.userId.slice(1, bot.userId.indexOf(":"))];
  const pilled = pillsBot(input.formattedBody, bot.userId);
  for (const name of names) {
    const rest = afterName(body, name);
    if (rest !== null && rest.trim()) {
      // A display name alone needs a separator; the pill or the full user ID does not.
      if (name !== bot.userId && !pilled && !/^\s*[:,]/.test(body.slice(name.length))) continue;
      return { prefix: "mention", text: rest.replace(/^[!/]/, "") };
    }
  }
  return null;
}
