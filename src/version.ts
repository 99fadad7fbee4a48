import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_ROOT } from "./app-root.ts";

// Read once from package.json so !status always shows the deployed version.
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(join(APP_ROOT, "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
})();
