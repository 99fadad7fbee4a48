// Whether the native E2EE library loads here, and whether this run must have it (CI).
import { createRequire } from "node:module";

/** Null when the native crypto library loads, else why not. */
export function cryptoMissing(): string | null {
  try {
    createRequire(import.meta.url)("@matrix-org/matrix-sdk-crypto-nodejs");
    return null;
  } catch (e) {
    return e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
  }
}

/** In CI (or with LAGEBOT_REQUIRE_E2EE=1) a missing library fails the encrypted tests instead of skipping them. */
export function e2eeRequired(): boolean {
  return process.env["LAGEBOT_REQUIRE_E2EE"] === "1" || process.env["CI"] === "true";
}
