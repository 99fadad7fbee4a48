// The encrypting test client itself against the real Synapse, between two SecurePersons (no bot): text,
// replies, reactions and redactions in an encrypted room; a room key that arrives late; a second device
// of a user; an encrypted attachment; a device cross-signed by its owner.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { z } from "zod";
import { Person, bodyOf, isReplyTo, redactsOf, relatesTo } from "../support/person.ts";
import { SecurePerson } from "../support/secure-person.ts";
import { registerUser } from "../support/synapse.ts";
import type { RegisteredUser } from "../support/synapse.ts";
import { ifSet } from "../support/suite.ts";

const hs = inject("synapse");

describe.skipIf(!inject("synapseRunning"))("SecurePerson against Synapse", () => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  let benUser: RegisteredUser;
  let anna: SecurePerson;
  let ben: SecurePerson;
  let ben2: SecurePerson | undefined;
  let room: string;

  beforeAll(async () => {
    const annaUser = await registerUser(hs, `anna-${id}`);
    benUser = await registerUser(hs, `ben-${id}`);
    room = await new Person(hs, annaUser.userId, annaUser.accessToken).createRoom({ name: "E2EE", encrypted: true, invite: [benUser.userId] });
    [anna, ben] = await Promise.all([SecurePerson.start(hs, annaUser), SecurePerson.start(hs, benUser)]);
    await ben.join(room);
  });

  afterAll(async () => {
    await Promise.all([ifSet(anna)?.stop(), ifSet(ben)?.stop(), ben2?.stop()]);
  });

  it("reads an encrypted text and a reply in the clear, while the server saw m.room.encrypted", async () => {
    const m = ben.mark();
    const question = await anna.send(room, "Lage am Bahnhof?", { html: "<b>Lage</b> am Bahnhof?" });
    const got = await ben.waitFor((ev) => ev.event_id === question, { after: m, description: "anna's question" });
    expect(got).toMatchObject({ room_id: room, sender: anna.userId, type: "m.room.message", wireType: "m.room.encrypted", decryptionError: undefined });
    expect(bodyOf(got)).toBe("Lage am Bahnhof?");
    expect(got.content["formatted_body"]).toBe("<b>Lage</b> am Bahnhof?");
    const onServer = await new Person(hs, benUser.userId, benUser.accessToken).getEvent(room, question);
    expect(onServer.type).toBe("m.room.encrypted");
    expect(JSON.stringify(onServer.content)).not.toContain("Bahnhof");

    const m2 = anna.mark();
    const answer = await ben.send(room, "Ruhig.", { replyTo: question });
    const reply = await anna.waitFor((ev) => isReplyTo(ev, question), { after: m2, roomId: room, description: "ben's reply" });
    expect(reply).toMatchObject({ event_id: answer, wireType: "m.room.encrypted" });
    expect(bodyOf(reply)).toBe("Ruhig.");
  });

  it("reads an encrypted reaction with its relation, a clear one, and a redaction", async () => {
    const target = await anna.send(room, "Einsatz OP-7 geplant");
    const m = ben.mark();
    const reaction = await anna.react(room, target, "👍");
    const clear = await anna.react(room, target, "✅", { clear: true });
    const redaction = await anna.redact(room, clear);
    const [r, c, d] = await Promise.all([
      ben.waitFor((ev) => ev.event_id === reaction, { after: m, description: "encrypted reaction" }),
      ben.waitFor((ev) => ev.event_id === clear, { after: m, description: "clear reaction" }),
      ben.waitFor((ev) => ev.event_id === redaction, { after: m, description: "redaction" }),
    ]);
    expect(r).toMatchObject({ type: "m.reaction", wireType: "m.room.encrypted" });
    expect(relatesTo(r)).toEqual({ relType: "m.annotation", eventId: target, key: "👍", inReplyTo: undefined });
    expect(c).toMatchObject({ type: "m.reaction", wireType: "m.reaction" });
    expect(d.type).toBe("m.room.redaction");
    expect(redactsOf(d)).toBe(clear);
  });

  it("sees a message it cannot decrypt yet, and reads it once the held room key arrives", async () => {
    const m = ben.mark();
    await anna.holdToDevice();
    onTestFinished(() => anna.releaseToDevice()); // should the test fail before it releases them
    const late = await anna.send(room, "Verspäteter Schlüssel");
    const utd = await ben.waitFor((ev) => ev.event_id === late, { after: m, description: "the undecryptable message" });
    expect(utd).toMatchObject({ type: "m.room.encrypted", wireType: "m.room.encrypted" });
    expect(utd.decryptionError).toMatch(/\w/);

    await anna.releaseToDevice();
    const readable = await ben.waitFor((ev) => ev.event_id === late && ev.decryptionError === undefined, { after: utd.seq, description: "the decrypted message" });
    expect(readable.type).toBe("m.room.message");
    expect(bodyOf(readable)).toBe("Verspäteter Schlüssel");
    expect(ben.eventsSince(m).filter((ev) => ev.event_id === late)).toEqual([readable]);
  });

  it("reads on a second device of a user what is sent after it logged in", async () => {
    const second = await SecurePerson.login(hs, benUser);
    ben2 = second;
    expect(second.userId).toBe(ben.userId);
    expect(second.deviceId).not.toBe(ben.deviceId);
    await anna.waitForDevice(ben.userId, second.deviceId);
    const m = second.mark();
    const msg = await anna.send(room, "Für beide Geräte");
    const got = await second.waitFor((ev) => ev.event_id === msg, { after: m, description: "the message on the second device" });
    expect(got).toMatchObject({ type: "m.room.message", wireType: "m.room.encrypted", decryptionError: undefined });
    expect(bodyOf(got)).toBe("Für beide Geräte");
  });

  it("downloads and decrypts an encrypted attachment, and a plain one as is", async () => {
    const plaintext = randomBytes(5_000);
    const key = randomBytes(32);
    const iv = Buffer.concat([randomBytes(8), Buffer.alloc(8)]);
    const cipher = createCipheriv("aes-256-ctr", key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const unpadded = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
    const file = {
      url: await upload(ciphertext),
      key: { kty: "oct", key_ops: ["encrypt", "decrypt"], alg: "A256CTR", k: key.toString("base64url"), ext: true },
      iv: unpadded(iv),
      hashes: { sha256: unpadded(createHash("sha256").update(ciphertext).digest()) },
      v: "v2",
    };
    const m = ben.mark();
    const sent = await anna.sendEvent(room, "m.room.message", { msgtype: "m.file", body: "lage.bin", file, info: { size: plaintext.length } });
    const got = await ben.waitFor((ev) => ev.event_id === sent, { after: m, description: "the file message" });
    expect(got.wireType).toBe("m.room.encrypted");
    const encrypted = await ben.downloadFile(got.content);
    expect(encrypted.encrypted).toBe(true);
    expect(encrypted.data.equals(plaintext)).toBe(true);

    await expect(ben.downloadFile({ file: { ...file, hashes: { sha256: unpadded(randomBytes(32)) } } })).rejects.toThrow(/sha256/);
    const plain = await ben.downloadFile({ msgtype: "m.file", body: "klar.txt", url: await upload(Buffer.from("im Klartext")) });
    expect(plain).toEqual({ data: Buffer.from("im Klartext"), encrypted: false });
  });

  it("tells whether a device is signed by its owner's cross-signing identity", async () => {
    expect(await anna.deviceSignedByOwner(ben.userId, ben.deviceId)).toBe(false);
    await ben.crossSign();
    expect(await anna.deviceSignedByOwner(ben.userId, ben.deviceId)).toBe(true);
  });

  /** Uploads bytes as anna (unencrypted media API) and returns the mxc:// URL. */
  async function upload(data: Buffer): Promise<string> {
    const res = await fetch(`${hs.url}/_matrix/media/v3/upload?filename=lage.bin`, {
      method: "POST",
      headers: { authorization: `Bearer ${anna.client.getAccessToken() ?? ""}`, "content-type": "application/octet-stream" },
      body: data,
    });
    expect(res.status).toBe(200);
    return z.object({ content_uri: z.string() }).parse(await res.json()).content_uri;
  }
});
