// What only one person may see (an audit export) goes to them by direct message, never into a shared
// room: a 'direct' outbox row opens (or reuses) the bot's direct room with them, encrypted when the
// bot encrypts, and the message and files wait behind it until it is open. Outbox rows only, so the
// handler stays synchronous and the remote work is retried like any other send.
import type { UserId } from "../ids.ts";
import type { Rich } from "../render/rich.ts";
import { insertForUser } from "../store/outbox.ts";
import { messageContent } from "./context.ts";
import type { BaseContext, FileToSend } from "./family.ts";

export interface DirectFile {
  file: FileToSend;
  caption: Rich;
}

/** Queues `message` and then `files` for `user`'s eyes only. */
export function sendDirect(ctx: BaseContext, user: UserId, message: Rich, files: readonly DirectFile[] = []): void {
  const now = ctx.now().getTime();
  insertForUser(ctx.db, user, { kind: "direct", eventType: "m.room.member", content: { user_id: user } }, now);
  // m.text: a message that must reach the person, in a room where nothing is a reply.
  insertForUser(ctx.db, user, { kind: "message", eventType: "m.room.message", content: messageContent(message, { notify: true }) }, now);
  for (const { file, caption } of files) {
    const content = { msgtype: "m.file", body: file.name, filename: file.name, info: { mimetype: file.mime, size: file.data.length }, caption: caption.plain };
    insertForUser(ctx.db, user, { kind: "upload", eventType: "m.room.message", content, file }, now);
  }
}
