// `!lage woche` against a real Synapse: the coming week as an m.image PNG that answers the command,
// its day-by-day text in the body and the file named by the day; in an encrypted room the event is
// encrypted, the image an encrypted attachment (`file`, no `url`), and what the client decrypts is a PNG.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { downloadAttachment } from "../support/attachments.ts";
import { BotProcess } from "../support/bot-process.ts";
import { askBot, berlin } from "../support/converse.ts";
import { cryptoMissing, describeClear, e2eeRequired, e2eeWorld } from "../support/e2ee-world.ts";
import type { E2eeWorld } from "../support/e2ee-world.ts";
import { Person } from "../support/person.ts";
import { registerUser } from "../support/synapse.ts";

const hs = inject("synapse");
const DAY = 86_400_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const missing = cryptoMissing();
if (missing && e2eeRequired()) throw new Error(`the native crypto library must load here (CI): ${missing}`);

/** Today in Berlin as "YYYY-MM-DD", as the file name has it. */
const today = (): string => berlin(new Date()).slice(0, 10);

function expectPng(data: Buffer, info: unknown): void {
  expect(data.subarray(0, 8)).toEqual(PNG);
  // IHDR: width and height, as announced in `info`.
  expect(info).toEqual({ mimetype: "image/png", size: data.length, w: 1080, h: data.readUInt32BE(20) });
  expect(data.readUInt32BE(16)).toBe(1080);
}

describe("!lage woche in a plain room", () => {
  let anna: Person;
  let room: string;
  let botId: string;
  let bot: BotProcess;
  let dataDir: string;

  beforeAll(async () => {
    const id = Date.now().toString(36);
    const botUser = await registerUser(hs, `lagebot-week-${id}`, { displayName: "Lagebot" });
    botId = botUser.userId;
    anna = await Person.create(hs, `anna-week-${id}`, "Anna");
    const ben = await Person.create(hs, `ben-week-${id}`, "Ben");
    room = await anna.createRoom({ name: "Lage Woche", invite: [ben.userId, botUser.userId] });
    await ben.join(room);
    await anna.startSync();
    dataDir = mkdtempSync(join(tmpdir(), "lagebot-week-"));
    bot = await BotProcess.start({
      config: {
        homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir, rooms: [room],
        agencies: [
          { id: "city", name: "Stadt", users: [anna.userId], roles: { planner: ["*"] } },
          { id: "police", name: "Polizei", users: [ben.userId], roles: {} },
        ],
      },
    });
  }, 120_000);
  afterAll(async () => {
    await bot.kill("SIGTERM");
    await anna.stopSync();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers with an m.image: the week's text as body, lage-woche-<today>.png, a PNG of the announced size", async () => {
    const at = new Date(Date.now() + 2 * DAY);
    const planned = await askBot(anna, room, botId, `!einsatz planen Kontrolle <Markt> wann="${berlin(at)}" polizei=2`);
    expect(planned.content["body"]).toContain("OP-1");
    const ev = await askBot(anna, room, botId, "!lage woche");
    expect(ev.content["msgtype"]).toBe("m.image");
    expect(ev.content["filename"]).toBe(`lage-woche-${today()}.png`);
    const body = String(ev.content["body"]);
    const lines = body.split("\n");
    expect(lines[0]).toMatch(/^Lage der Woche \d\d\.\d\d\.–\d\d\.\d\d\.\d{4} \(als Bild\)$/);
    expect(lines).toHaveLength(9); // heading, seven days, the total
    expect(body).toContain(`OP-1 „Kontrolle <Markt>“ ${berlin(at).slice(11)}, fehlt: Polizei 2`);
    expect(lines.at(-1)).toBe("Insgesamt fehlen: Polizei 2");
    expect(ev.content["url"]).toMatch(/^mxc:\/\//);
    const { data, encrypted } = await downloadAttachment(hs, anna.accessToken, ev.content);
    expect(encrypted).toBe(false);
    expectPng(data, ev.content["info"]);
  });
});

describe.skipIf(missing !== null)("!lage woche in an encrypted room", () => {
  let w: E2eeWorld;
  beforeAll(async () => {
    w = await e2eeWorld(hs, "week");
  }, 120_000);
  afterAll(async () => {
    await w.stop();
  });

  it("sends the event encrypted with the image as an encrypted attachment, which decrypts to the PNG", async () => {
    const ev = await w.ask(w.ben, "!lage woche");
    expect(ev.wireType).toBe("m.room.encrypted");
    expect(ev.content["msgtype"]).toBe("m.image");
    expect(ev.content["filename"]).toBe(`lage-woche-${today()}.png`);
    expect(String(ev.content["body"]).split("\n")[1]).toMatch(/: nichts geplant$/);
    expect(ev.content["url"]).toBeUndefined();
    expect(ev.content["file"]).toBeDefined();
    const { data, encrypted } = await w.ben.downloadFile(ev.content);
    expect(encrypted).toBe(true);
    expectPng(data, ev.content["info"]);
    // What the media repository holds is ciphertext.
    const stored = await w.wire.download((ev.content["file"] as { url: string }).url);
    expect(stored).not.toContain("IHDR");
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
  });
});
