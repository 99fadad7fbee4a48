// The SDK's storage (sync token, filter, values) in our SQLite database instead of JSON files.
import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import type { Database } from "../db/open.ts";

export class SqliteStorageProvider implements IStorageProvider {
  private readonly get;
  private readonly put;
  private readonly del;
  private readonly db: Database;
  /** The token as last read or written; undefined until then. */
  private token: string | null | undefined = undefined;

  constructor(db: Database) {
    this.db = db;
    this.get = db.prepare<[string], { value: string }>("SELECT value FROM kv WHERE key = ?");
    this.put = db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    this.del = db.prepare("DELETE FROM kv WHERE key = ?");
  }

  readValue(key: string): string | null {
    return this.get.get(`v:${key}`)?.value ?? null;
  }
  storeValue(key: string, value: string): void {
    this.put.run(`v:${key}`, value);
  }
  getSyncToken(): string | null {
    this.token = this.get.get("sync_token")?.value ?? null;
    return this.token;
  }
  setSyncToken(token: string | null): void {
    // The inbox saves each batch's token with its events; the SDK's second save of it is a no-op.
    if (token === this.token) return;
    if (token === null) this.del.run("sync_token");
    else this.put.run("sync_token", token);
    this.token = token;
  }
  /** A transaction that saved the token rolled back: the next save must write, whatever it is. */
  forgetToken(): void {
    this.token = undefined;
  }
  /** Records the bot's current device; returns the previous one when it differs (a new login). */
  recordDevice(deviceId: string | null): string | null {
    if (deviceId === null) return null;
    const before = this.get.get("lagebot.device_id")?.value ?? null;
    if (before !== deviceId) this.put.run("lagebot.device_id", deviceId);
    return before !== null && before !== deviceId ? before : null;
  }
  /** A value of the bot's own (not the SDK's), e.g. cross-signing keys. */
  readOwn(key: string): string | null {
    return this.get.get(`lagebot.${key}`)?.value ?? null;
  }
  storeOwn(key: string, value: string): void {
    this.put.run(`lagebot.${key}`, value);
  }
  getFilter(): IFilterInfo {
    const raw = this.get.get("filter")?.value;
    // The SDK's type says non-null, but it checks for a falsy value.
    return (raw ? JSON.parse(raw) : null) as IFilterInfo;
  }
  setFilter(filter: IFilterInfo): void {
    this.put.run("filter", JSON.stringify(filter));
  }
  addRegisteredUser(): void {}
  isUserRegistered(): boolean {
    return true;
  }
  isTransactionCompleted(): boolean {
    return false;
  }
  setTransactionCompleted(): void {}
  get database(): Database {
    return this.db;
  }
}
