// Loads matrix-bot-sdk even when the native crypto library is missing. The SDK's index requires the
// crypto module at import time; a stand-in in require.cache lets it load, and we remember why, so
// start-up can refuse encryption with a clear message instead of crashing on import.
import Module, { createRequire } from "node:module";
import "../deferred.ts";

type Sdk = typeof import("matrix-bot-sdk");

export type CryptoAvailability = { available: true } | { available: false; reason: string };

const require = createRequire(import.meta.url);
const CRYPTO_MODULE = "@matrix-org/matrix-sdk-crypto-nodejs";

let loaded: { sdk: Sdk; crypto: CryptoAvailability } | null = null;

export function loadSdk(): { sdk: Sdk; crypto: CryptoAvailability } {
  if (loaded) return loaded;
  let crypto: CryptoAvailability = { available: true };
  try {
    require(CRYPTO_MODULE);
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
    crypto = { available: false, reason };
    const path = require.resolve(CRYPTO_MODULE);
    const standIn = new Module(path);
    standIn.filename = path;
    standIn.loaded = true;
    standIn.exports = {};
    require.cache[path] = standIn;
  }
  loaded = { sdk: require("matrix-bot-sdk") as Sdk, crypto };
  return loaded;
}

export const CRYPTO_INSTALL_HINT = [
  `End-to-end encryption needs the native library of ${CRYPTO_MODULE}, which is missing.`,
  "With access to its GitHub releases: `npm rebuild @matrix-org/matrix-sdk-crypto-nodejs`.",
  "Without (the offline route, about 7 minutes, needs cargo): LAGEBOT_CRYPTO_SOURCE=<the package's source, .tar.gz> npm run crypto",
  '(README, "End-to-end encryption"). Or set "encryption": false to run in unencrypted rooms only.',
].join("\n");
