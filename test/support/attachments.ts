// Attachments as a client gets them: an encrypted one (`file`: AES-256-CTR key, IV, SHA-256 of the
// ciphertext) is downloaded, its hash checked and decrypted; a plain `url` is downloaded as it is.
import { createDecipheriv, createHash } from "node:crypto";
import { z } from "zod";
import { MatrixHttpError } from "./synapse.ts";
import type { HomeserverRef } from "./synapse.ts";

const fileSchema = z.object({ url: z.string(), key: z.object({ k: z.string() }), iv: z.string(), hashes: z.object({ sha256: z.string() }) });
const attachmentSchema = z.union([z.object({ file: fileSchema }), z.object({ url: z.string() })]);

/** The attachment of an m.file/m.image content, decrypted when it was encrypted. */
export async function downloadAttachment(hs: Pick<HomeserverRef, "url">, accessToken: string, content: Record<string, unknown>): Promise<{ data: Buffer; encrypted: boolean }> {
  const a = attachmentSchema.parse(content);
  if (!("file" in a)) return { data: await download(hs, accessToken, a.url), encrypted: false };
  const ciphertext = await download(hs, accessToken, a.file.url);
  const hash = createHash("sha256").update(ciphertext).digest("base64").replace(/=+$/, "");
  if (hash !== a.file.hashes.sha256.replace(/=+$/, "")) throw new Error(`${a.file.url}: sha256 ${hash} is not the announced ${a.file.hashes.sha256}`);
  const decipher = createDecipheriv("aes-256-ctr", Buffer.from(a.file.key.k, "base64url"), Buffer.from(a.file.iv, "base64"));
  return { data: Buffer.concat([decipher.update(ciphertext), decipher.final()]), encrypted: true };
}

/** Downloads an mxc:// URL through the authenticated media API. */
export async function download(hs: Pick<HomeserverRef, "url">, accessToken: string, mxc: string): Promise<Buffer> {
  const m = /^mxc:\/\/([^/]+)\/([^/?#]+)$/.exec(mxc);
  if (!m?.[1] || !m[2]) throw new Error(`not an mxc:// URL: ${mxc}`);
  const url = `${hs.url}/_matrix/client/v1/media/download/${encodeURIComponent(m[1])}/${encodeURIComponent(m[2])}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new MatrixHttpError("GET", url, res.status, await res.text());
  return Buffer.from(await res.arrayBuffer());
}
