// The benchmark's baseline: a bot on the same SDK as Lagebot (matrix-bot-sdk, unencrypted) that
// answers every text message with a notice in reply and does nothing else. The notice has the shape
// of a Lagebot answer (plain and HTML body, empty m.mentions) and, when the message says
// "size=<plain>,<html>", that many characters, so the homeserver's work per reply is alike and the
// difference in round trip is the bot's own.
//   node scripts/bench/echo-bot.ts <homeserver URL> <room ID>...   (access token in ECHO_TOKEN)
import { loadSdk } from "../../src/matrix/sdk.ts";

const [url, ...rooms] = process.argv.slice(2);
const token = process.env["ECHO_TOKEN"];
if (!url || !token) {
  process.stderr.write("usage: ECHO_TOKEN=… node scripts/bench/echo-bot.ts <homeserver URL> <room ID>...\n");
  process.exit(2);
}

// loadSdk only works around the missing native crypto library; nothing else of Lagebot is used.
const { sdk } = loadSdk();
sdk.LogService.setLevel(sdk.LogLevel.ERROR);
sdk.LogService.muteModule("MatrixHttpClient"); // a fresh account's missing account data is not an error
const client = new sdk.MatrixClient(url, token, new sdk.MemoryStorageProvider());
const me = await client.getUserId();

const PLAIN = "Eingang bestätigt. Diese Antwort hat die Form einer Lagebot-Antwort: Text und HTML, ohne Erwähnungen, als Antwort auf den Befehl. Sie dient als Vergleichsmaß für die Rundlaufzeit über den Homeserver.";
const HTML = `<p>${PLAIN.replace("Eingang bestätigt.", "<b>Eingang bestätigt.</b>")}</p>`;
const MAX_SIZE = 60_000;

/** `text` repeated or cut to `n` characters (n clamped to 1..MAX_SIZE). */
function sized(text: string, n: number): string {
  const length = Math.min(Math.max(n, 1), MAX_SIZE);
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

function replyFor(body: unknown): { body: string; html: string } {
  const m = typeof body === "string" ? /\bsize=(\d+),(\d+)\b/.exec(body) : null;
  if (!m) return { body: PLAIN, html: HTML };
  return { body: sized(PLAIN, Number(m[1])), html: `<p>${sized(PLAIN, Number(m[2]) - 7)}</p>` };
}

client.on("room.message", (roomId: string, event: Record<string, unknown>) => {
  const content = (event["content"] ?? {}) as Record<string, unknown>;
  if (event["sender"] === me || content["msgtype"] !== "m.text") return;
  const reply = replyFor(content["body"]);
  void client
    .sendEvent(roomId, "m.room.message", {
      msgtype: "m.notice", body: reply.body, format: "org.matrix.custom.html", formatted_body: reply.html, "m.mentions": {},
      "m.relates_to": { "m.in_reply_to": { event_id: event["event_id"] } },
    })
    .catch((e: unknown) => process.stderr.write(`echo failed: ${String(e)}\n`));
});

for (const room of rooms) await client.joinRoom(room);
await client.start();
process.stdout.write("echo bot ready\n");
process.on("SIGTERM", () => {
  client.stop();
  process.exit(0);
});
