// An in-memory database with all migrations applied, and a config for unit tests.
import type { Database } from "better-sqlite3";
import { openDatabase } from "../../src/db/open.ts";
import { validateConfig } from "../../src/config.ts";
import type { Config } from "../../src/config.ts";

export function memoryDb(): Database {
  return openDatabase(":memory:");
}

export const CITY_PRESS = "@presse:stadt.example";
export const POLICE_PRESS = "@pressestelle:polizei.example";
export const LIAISON = "@verbindung:stadt.example";

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  const raw = {
    homeserverUrl: "http://127.0.0.1:1",
    accessToken: "t",
    rooms: ["!room:stadt.example"],
    agencies: [
      { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { press: [CITY_PRESS], planner: ["*"], chair: ["@ob-buero:stadt.example"] } },
      { id: "police", name: "Polizei", servers: ["polizei.example"], users: [LIAISON], roles: { press: [POLICE_PRESS] } },
    ],
    ...overrides,
  };
  const res = validateConfig(raw, {});
  if (!res.ok) throw new Error(JSON.stringify(res.problems));
  return res.config;
}
