// What only one person may see (an audit export) goes to them by direct message, never into a shared
// room: a 'direct' outbox row opens (or reuses) the bot's direct room with them, encrypted when the
// bot encrypts, and the message and files wait behind it until it is open. Outbox rows only, so the
// handler stays synchronous and the remote work is retried like any other send.
import type { UserId } from "../ids.ts";
import { byLocalpart, resolvePeople } from "../render/people.ts";
import type { Rich } from "../render/rich.ts";
import { SECRET_REF, insertForUser } from "../store/outbox.ts";
import { messageContent } from "./context.ts";
import type { BaseContext, FileToSend } from "./family.ts";
import { fileContent } from "./file-content.ts";

export interface DirectFile {
  file: FileToSend;
  caption: Rich;
}

/**
 * Queues `message` and then `files` for `user`'s eyes only. `secret`: the message holds a secret (a
 * calendar feed URL), so the bot's copy of its text goes as soon as it is sent.
 */
export function sendDirect(ctx: BaseContext, user: UserId, message: Rich, files: readonly DirectFile[] = [], opts: { secret?: boolean } = {}): void {
  const now = ctx.now().getTime();
  insertForUser(ctx.db, user, { kind: "direct", eventType: "m.room.member", content: { user_id: user } }, now);
  // m.text: a message that must reach the person, in a room where nothing is a reply.
  insertForUser(ctx.db, user, { kind: "message", eventType: "m.room.message", content: messageContent(message, { notify: true }), ref: opts.secret ? SECRET_REF : null }, now);
  for (const { file, caption } of files) {
    insertForUser(ctx.db, user, { kind: "upload", eventType: "m.room.message", content: fileContent(file, resolvePeople(caption, () => byLocalpart)), file }, now);
  }
}
