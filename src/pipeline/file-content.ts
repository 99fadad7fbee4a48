// The content of an m.file (or m.image) event as the Matrix spec's media captions have it: the file's name in
// `filename`, the explanation in `body` (a caption, because it differs from `filename`) and in
// `formatted_body`, so clients show it under the file; a reply to the command that asked for it.
import type { EventId } from "../ids.ts";
import { wellFormedContent } from "../matrix/outbox.ts";
import type { Rich } from "../render/rich.ts";
import type { FileToSend } from "./family.ts";

export function fileContent(file: FileToSend, caption: Rich, replyTo?: EventId): Record<string, unknown> {
  const captioned = caption.plain.trim() !== "" && caption.plain !== file.name;
  const content: Record<string, unknown> = {
    msgtype: file.image ? "m.image" : "m.file",
    body: captioned ? caption.plain : file.name,
    filename: file.name,
    info: { mimetype: file.mime, size: file.data.length, ...(file.image ?? {}) },
    "m.mentions": {},
  };
  if (captioned) {
    content["format"] = "org.matrix.custom.html";
    content["formatted_body"] = caption.html;
  }
  if (replyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: replyTo } };
  return wellFormedContent(content);
}
