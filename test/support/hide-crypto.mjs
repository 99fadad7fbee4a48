// Preloaded into a bot process (NODE_OPTIONS=--import) by tests of a machine without the native
// E2EE library: its binary cannot be resolved, as after a failed download, while the package is there.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    if (/matrix-sdk-crypto\.[a-z0-9-]+\.node$|^@matrix-org\/matrix-sdk-crypto-nodejs-[a-z0-9-]+$/.test(specifier)) {
      throw Object.assign(new Error(`Cannot find module '${specifier}' (hidden by the test)`), { code: "MODULE_NOT_FOUND" });
    }
    return next(specifier, context);
  },
});
