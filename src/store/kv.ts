// Small named values: the SDK's storage (sync token, filter, its keys) and a few of the bot's own.
import type { Database } from "../db/open.ts";
import { prepared } from "../db/prepared.ts";

export function getValue(db: Database, key: string): string | null {
  return prepared<[string], { value: string }>(db, "SELECT value FROM kv WHERE key = ?").get(key)?.value ?? null;
}

export function putValue(db: Database, key: string, value: string): void {
  prepared(db, "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

export function deleteValue(db: Database, key: string): void {
  prepared(db, "DELETE FROM kv WHERE key = ?").run(key);
}
