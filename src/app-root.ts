// The directory that holds package.json and migrations/, whether the bot runs from its sources
// (src/, by Node's type stripping) or compiled (dist/src/, what `npm start` runs).
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const APP_ROOT = basename(dirname(here)) === "dist" ? join(here, "..", "..") : join(here, "..");
