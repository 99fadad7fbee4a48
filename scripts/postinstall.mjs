// After `npm install`: the crypto package's own install script downloads its native library from
// GitHub and says only "Download Failed" (exit 0) where GitHub is out of reach. Here the outcome is
// checked and said once, clearly; with LAGEBOT_CRYPTO_SOURCE set, the offline route builds it instead.
// Never fails the install: the bot runs without encryption when "encryption" is false.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const loads = () => {
  try {
    require("@matrix-org/matrix-sdk-crypto-nodejs");
    return null;
  } catch (e) {
    return e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
  }
};

let missing = loads();
if (missing && process.env.LAGEBOT_CRYPTO_SOURCE) {
  spawnSync("bash", ["scripts/ensure-crypto.sh"], { stdio: "inherit" });
  missing = loads();
}
if (missing) {
  process.stderr.write(
    [
      "",
      "lagebot: end-to-end encryption is NOT available: the native library of @matrix-org/matrix-sdk-crypto-nodejs",
      `  could not be downloaded or loaded (${missing.slice(0, 160)}).`,
      "  The bot runs only with \"encryption\": false until it is there. To build it offline (about 7 minutes, needs cargo):",
      "    LAGEBOT_CRYPTO_SOURCE=/path/to/matrix-sdk-crypto-nodejs-0.4.0.tar.gz bash scripts/ensure-crypto.sh",
      "  README, \"End-to-end encryption\", says where the source comes from.",
      "",
    ].join("\n") + "\n",
  );
}
