// End-to-end encryption against a real Synapse, with an independent client on the other side
// (matrix-js-sdk with its Rust crypto in wasm, what Element Web runs): in one encrypted room with users
// of both agencies, every family's main path, files, a second device and the bot's cross-signing.
// Anna's plain sync shows what the servers store: nothing of the bot's may be there in clear.
import { parse as parseCsv } from "csv-parse/sync";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { berlin } from "../support/converse.ts";
import { cryptoMissing, describeClear, e2eeRequired, e2eeWorld } from "../support/e2ee-world.ts";
import type { E2eeWorld } from "../support/e2ee-world.ts";
import { bodyOf, isReplyTo, relatesTo } from "../support/person.ts";
import { SecurePerson } from "../support/secure-person.ts";
import { matrixRequest } from "../support/synapse.ts";
import { verifySigned } from "../../src/matrix/cross-signing.ts";
import { z } from "zod";
import type { SecureEvent } from "../support/secure-person.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");
const missing = cryptoMissing();
if (missing && e2eeRequired()) throw new Error(`the native crypto library must load here (CI): ${missing}. Run bash scripts/ensure-crypto.sh with LAGEBOT_CRYPTO_SOURCE`);
if (missing) console.log(`e2ee: encrypted-room tests skipped: the native crypto library is missing (${missing}); see README, "End-to-end encryption"`);

/** The room the bot has invited Anna into (her direct room with it), once her client knows of the invite. */
async function invitedRoom(w: E2eeWorld, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const room = w.anna.client.getRooms().find((r) => r.roomId !== w.room && r.getMyMembership() === "invite");
    if (room) return room.roomId;
    if (Date.now() > deadline) throw new Error("no invite into a direct room arrived");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const signedKey = z.looseObject({ keys: z.record(z.string(), z.string()), signatures: z.record(z.string(), z.record(z.string(), z.string())).optional() });
const keysQuery = z.object({ device_keys: z.record(z.string(), z.record(z.string(), signedKey)), master_keys: z.record(z.string(), signedKey) });
const WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];
const newBody = (ev: SecureEvent): string => {
  const c = ev.content["m.new_content"];
  return typeof c === "object" && c !== null && typeof Reflect.get(c, "body") === "string" ? String(Reflect.get(c, "body")) : "";
};

describe.skipIf(missing !== null)("an encrypted room with both agencies on an independent client", () => {
  let w: E2eeWorld;
  let meetingAt = 0;
  let meetingMark = 0;

  beforeAll(async () => {
    w = await e2eeWorld(hs, "e2ee", { keyWaitWindow: "3s" });
    // A meeting on the first minute boundary 80 s ahead or later: its agenda (70 s ahead) and reminder
    // (30 s ahead) arrive while the other tests run, and the last test checks them.
    const start = new Date(Math.ceil((Date.now() + 80_000) / 60_000) * 60_000);
    const local = DateTime.fromJSDate(start, { zone: "Europe/Berlin" });
    meetingAt = start.getTime();
    meetingMark = w.anna.mark();
    const made = await w.ask(w.anna, `!gremium anlegen lage name="Lagerunde" turnus="${WEEKDAYS[local.weekday - 1]} ${local.toFormat("HH:mm")}" dauer=1 tagesordnung=70s erinnerung=30s ort="Raum 2"`);
    expect(bodyOf(made)).toContain("Gremium Lagerunde (lage) angelegt");
    expect(bodyOf(await w.ask(w.ben, "!top neu lage Lagebild Kirmes minuten=10"))).toContain("TOP-1");
  }, 120_000);
  afterAll(async () => {
    await ifSet(w)?.stop();
  });

  it("plans, lists and shows an operation: commands read encrypted, every answer encrypted", async () => {
    const t0 = Date.now();
    const start = new Date(Date.now() + 3 * 86_400_000);
    const plan = await w.ask(w.anna, `!einsatz planen Kontrolle Hinterhof wann="${berlin(start)}" ort="Hinterhof Lindenstraße 4" polizei=2`);
    expect(bodyOf(plan)).toMatch(/Einsatz OP-1 „[^“]*“ geplant: .*Hinterhof Lindenstraße 4/);
    expect(plan.wireType).toBe("m.room.encrypted");
    expect(bodyOf(await w.ask(w.ben, "!einsatz teilnehmen OP-1"))).toContain("Polizei: 1 von 2");
    expect(bodyOf(await w.ask(w.ben, "!einsatz liste"))).toContain("OP-1 Kontrolle Hinterhof");
    expect(bodyOf(await w.ask(w.anna, "!einsatz zeigen OP-1"))).toContain("Hinterhof Lindenstraße 4");
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log(`e2ee: operation planned, joined, listed, shown encrypted: 4 round trips in ${Date.now() - t0} ms, bot events in clear 0`);
  });

  it("keeps hotspots, action items and the situation picture in the encrypted room", async () => {
    expect(bodyOf(await w.ask(w.anna, '!ort anlegen Festplatz ort="Am Kirmesplatz" notiz="Schlägerei am Autoscooter"'))).toContain("HS-1");
    expect(bodyOf(await w.ask(w.ben, "!ort zeigen HS-1"))).toContain("Schlägerei am Autoscooter");
    const due = berlin(new Date(Date.now() + 2 * 86_400_000));
    expect(bodyOf(await w.ask(w.anna, `!aufgabe neu Lagebericht vorlegen verantwortlich=${w.benUser.userId} bis="${due}"`))).toContain("AI-1");
    const picture = await w.ask(w.ben, "!lage");
    expect(bodyOf(picture)).toMatch(/^Lagebild/);
    expect(bodyOf(picture)).toContain("OP-1");
    expect(picture.wireType).toBe("m.room.encrypted");
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log("e2ee: hotspot, action item and !lage answered encrypted: yes");
  });

  it("counts an encrypted ✅ from each agency, a redacted one revokes, a given-again one approves", async () => {
    const mark = w.anna.mark();
    const cmd = await w.anna.send(w.room, "!presse entwurf Sperrung Lindenstraße\nDie Lindenstraße ist am Samstag ab 18 Uhr gesperrt.");
    const card = await w.anna.waitFor((ev) => ev.sender === w.botId && ev.type === "m.room.message" && isReplyTo(ev, cmd) && /^Entwurf PR-1 \(Version 1\)/.test(bodyOf(ev)), { after: mark, description: "the draft's card" });
    // The bot seeds ✅ and ❌; its reactions are encrypted too.
    await w.anna.waitFor((ev) => ev.sender === w.botId && ev.type === "m.reaction" && relatesTo(ev).eventId === card.event_id && relatesTo(ev).key === "❌", { after: mark, description: "seeded ❌" });
    const edit = (pattern: RegExp, after: number) =>
      w.anna.waitFor((ev) => ev.sender === w.botId && relatesTo(ev).relType === "m.replace" && relatesTo(ev).eventId === card.event_id && pattern.test(newBody(ev)), { after, description: `card edit ${pattern}` });
    let m = w.anna.mark();
    const bens = await w.ben.react(w.room, card.event_id, "✅");
    await edit(/Freigabe ausstehend: Stadt$/m, m);
    m = w.anna.mark();
    await w.anna.react(w.room, card.event_id, "✅");
    await edit(/von allen Behörden freigegeben/, m);
    m = w.anna.mark();
    await w.ben.redact(w.room, bens);
    await edit(/Freigabe ausstehend: Polizei$/m, m);
    m = w.anna.mark();
    await w.ben.react(w.room, card.event_id, "✅");
    await edit(/von allen Behörden freigegeben/, m);
    expect(bodyOf(await w.ask(w.anna, "!presse status PR-1"))).toMatch(/freigegeben/);
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log("e2ee: press draft approved by encrypted ✅ of both agencies, redaction revoked it, approved again: yes");
  });

  it("uploads the calendar encrypted, and sends the audit export into an encrypted direct room; the client decrypts and parses them", async () => {
    const files = async (text: string, n: number): Promise<SecureEvent[]> => {
      const mark = w.anna.mark();
      await w.anna.send(w.room, text);
      const got: SecureEvent[] = [];
      while (got.length < n) {
        got.push(await w.anna.waitFor((ev) => ev.sender === w.botId && ev.content["msgtype"] === "m.file" && !got.includes(ev), { after: mark, description: `file ${got.length + 1} for ${text}` }));
      }
      return got;
    };
    const [ics] = await files("!einsatz kalender alle", 1);
    if (!ics) throw new Error("no calendar");
    expect(ics.wireType).toBe("m.room.encrypted");
    expect(ics.content["url"]).toBeUndefined();
    const cal = await w.anna.downloadFile(ics.content);
    expect(cal.encrypted).toBe(true);
    const text = cal.data.toString("utf8");
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain("Kontrolle Hinterhof");
    // What the media repository serves is ciphertext.
    const file = ics.content["file"] as { url: string };
    const stored = await w.wire.download(file.url);
    expect(stored).not.toContain("VCALENDAR");

    // The export is for the requester only: a notice in the shared room, the files in a direct room
    // the bot creates encrypted, into which it invites her (and sends before she joins).
    const wireMark = w.wire.mark();
    const notice = await w.ask(w.anna, "!protokoll exportieren");
    expect(bodyOf(notice)).toMatch(/^Export per Direktnachricht gesendet/);
    expect(notice.wireType).toBe("m.room.encrypted");
    const dm = await invitedRoom(w, 30_000);
    await w.anna.join(dm);
    const exports: SecureEvent[] = [];
    while (exports.length < 2) {
      exports.push(await w.anna.waitFor((ev) => ev.sender === w.botId && ev.content["msgtype"] === "m.file" && !exports.includes(ev), { roomId: dm, after: 0, timeoutMs: 30_000, description: `export file ${exports.length + 1}` }));
    }
    expect(exports.map((e) => e.wireType)).toEqual(["m.room.encrypted", "m.room.encrypted"]);
    const csv = exports.find((e) => String(e.content["filename"]).endsWith(".csv"));
    const json = exports.find((e) => String(e.content["filename"]).endsWith(".json"));
    if (!csv || !json) throw new Error(`exports: ${exports.map((e) => String(e.content["body"])).join(", ")}`);
    expect((await w.wire.roomState(dm)).some((e) => e.type === "m.room.encryption")).toBe(true);
    // On the wire, nothing of the bot's in the direct room is in clear, and no file went into the shared room.
    await w.wire.waitFor((ev) => ev.room_id === dm && ev.sender === w.botId && ev.type === "m.room.encrypted", { after: wireMark, description: "the direct room on the wire" });
    expect(w.wire.eventsSince(wireMark, dm).filter((ev) => ev.sender === w.botId && ev.state_key === undefined && ev.type !== "m.room.encrypted")).toEqual([]);
    expect(w.anna.eventsSince(0, w.room).filter((ev) => ev.sender === w.botId && ev.content["msgtype"] === "m.file" && String(ev.content["filename"]).startsWith("pruefprotokoll"))).toEqual([]);
    const rows = parseCsv<Record<string, string>>((await w.anna.downloadFile(csv.content)).data, { columns: true, bom: true });
    expect(rows.some((r) => Object.values(r).some((v) => v === "op.plan"))).toBe(true);
    const parsed = JSON.parse((await w.anna.downloadFile(json.content)).data.toString("utf8")) as unknown;
    expect(JSON.stringify(parsed)).toContain("press.");
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log(`e2ee: files uploaded encrypted and decrypted by the client: 3 (.ics ${cal.data.length} B in the room, audit CSV ${rows.length} rows in the encrypted direct room)`);
  });

  it("a second device of a user, logged in later, reads the bot's next reply", async () => {
    const second = await SecurePerson.login(hs, w.annaUser);
    try {
      await second.join(w.room).catch(() => undefined); // already a member: only waits for the room state
      const mark = second.mark();
      const reply = await w.ask(w.anna, "!status");
      const seen = await second.waitFor((ev) => ev.event_id === reply.event_id, { after: mark, timeoutMs: 30_000, description: "the reply on the second device" });
      expect(seen.decryptionError).toBeUndefined();
      expect(bodyOf(seen)).toContain("Verschlüsselung: an");
      console.log(`e2ee: a second device (${second.deviceId}) decrypted the bot's next reply: yes`);
    } finally {
      await second.stop();
    }
  });

  it("cross-signs its device: the client sees it signed by its owner, and !status says so", async () => {
    const signed = await w.anna.deviceSignedByOwner(w.botId, w.botUser.deviceId, 30_000);
    expect(signed).toBe(true);
    // The device's own signature on the master key (it vouches for its identity) verifies too.
    const keys = await matrixRequest({ method: "POST", url: `${hs.url}/_matrix/client/v3/keys/query`, accessToken: w.annaUser.accessToken, body: { device_keys: { [w.botId]: [] } } }, keysQuery);
    const device = keys.device_keys[w.botId]?.[w.botUser.deviceId];
    const master = keys.master_keys[w.botId];
    const deviceKey = device?.keys[`ed25519:${w.botUser.deviceId}`];
    if (!master || !deviceKey) throw new Error("no master key or device key published");
    expect(verifySigned(master, w.botId, `ed25519:${w.botUser.deviceId}`, deviceKey)).toBe(true);
    const status = bodyOf(await w.ask(w.anna, "!status"));
    expect(status).toContain("Quersignierung: eingerichtet, Gerät signiert");
    expect(status).toContain(`Gerät des Bots: ${w.botUser.deviceId}`);
    console.log(`e2ee: bot device ${w.botUser.deviceId} signed by its owner as the client sees it: ${signed}`);
  });

  it("answers each message it still cannot read after the key wait, and counts them in !status", async () => {
    const garbage = (n: number) => ({ algorithm: "m.megolm.v1.aes-sha2", sender_key: "c2VuZGVy", session_id: `no-such-session-${n}`, ciphertext: "AwgAEnB4cmFuZG9t", device_id: "NOPE" });
    const mark = w.wire.mark();
    const t0 = Date.now();
    const first = await w.anna.sendEvent(w.room, "m.room.encrypted", garbage(1), { clear: true });
    const second = await w.ben.sendEvent(w.room, "m.room.encrypted", garbage(2), { clear: true });
    const notices: SecureEvent[] = [];
    for (const target of [first, second]) {
      notices.push(await w.anna.waitFor((ev) => ev.sender === w.botId && isReplyTo(ev, target), { timeoutMs: 30_000, after: 0, description: `the notice for ${target}` }));
    }
    const waited = Date.now() - t0;
    for (const n of notices) expect(bodyOf(n)).toContain("nicht entschlüsseln");
    expect(waited).toBeGreaterThanOrEqual(3_000); // not before the key wait ended
    expect(bodyOf(await w.ask(w.anna, "!status"))).toContain("Nicht entschlüsselbare Nachrichten: 2");
    expect(w.wire.eventsSince(mark, w.room).filter((ev) => ev.sender === w.botId && ev.type === "m.room.message")).toEqual([]);
    console.log(`e2ee: unreadable events 2, answered each after the key wait (${waited} ms), counted in !status: yes`);
  });

  it("posts the agenda and the meeting reminder encrypted", async () => {
    const agenda = await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).startsWith("Tagesordnung Lagerunde"), { after: meetingMark, timeoutMs: 150_000, description: "agenda post" });
    const reminder = await w.anna.waitFor((ev) => ev.sender === w.botId && bodyOf(ev).startsWith("Erinnerung: Die Sitzung des Gremiums Lagerunde"), { after: meetingMark, timeoutMs: 150_000, description: "meeting reminder" });
    expect(agenda.wireType).toBe("m.room.encrypted");
    expect(bodyOf(agenda)).toContain("TOP-1 Lagebild Kirmes");
    expect(reminder.wireType).toBe("m.room.encrypted");
    expect(reminder.origin_server_ts).toBeGreaterThanOrEqual(meetingAt - 30_000);
    expect(w.clearFromBot(), describeClear(w.clearFromBot())).toEqual([]);
    console.log(`e2ee: agenda ${Math.round((meetingAt - agenda.origin_server_ts) / 1000)} s and reminder ${Math.round((meetingAt - reminder.origin_server_ts) / 1000)} s before the meeting, both encrypted`);
  }, 180_000);
});
