// The SDK's storage (sync token, filter, values) in our SQLite database instead of JSON files.
import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import type { Database } from "../db/open.ts";
import { deleteValue, getValue, putValue } from "../store/kv.ts";

export class SqliteStorageProvider implements IStorageProvider {
  private readonly db: Database;
  /** The token as last read or written; undefined until then. */
  private token: string | null | undefined = undefined;

  constructor(db: Database) {
    this.db = db;
  }

  readValue(key: string): string | null {
    return getValue(this.db, `v:${key}`);
  }
  storeValue(key: string, value: string): void {
    putValue(this.db, `v:${key}`, value);
  }
  getSyncToken(): string | null {
    this.token = getValue(this.db, "sync_token");
    return this.token;
  }
  setSyncToken(token: string | null): void {
    // The inbox saves each batch's token with its events; the SDK's second save of it is a no-op.
    if (token === this.token) return;
    if (token === null) deleteValue(this.db, "sync_token");
    else putValue(this.db, "sync_token", token);
    this.token = token;
  }
  /** A transaction that saved the token rolled back: the next save must write, whatever it is. */
  forgetToken(): void {
    this.token = undefined;
  }
  /** Records the bot's current device; returns the previous one when it differs (a new login). */
  recordDevice(deviceId: string | null): string | null {
    if (deviceId === null) return null;
    const before = getValue(this.db, "lagebot.device_id");
    if (before !== deviceId) putValue(this.db, "lagebot.device_id", deviceId);
    return before !== null && before !== deviceId ? before : null;
  }
  /** A value of the bot's own (not the SDK's), e.g. cross-signing keys. */
  readOwn(key: string): string | null {
    return getValue(this.db, `lagebot.${key}`);
  }
  storeOwn(key: string, value: string): void {
    putValue(this.db, `lagebot.${key}`, value);
  }
  getFilter(): IFilterInfo {
    const raw = getValue(this.db, "filter");
    // The SDK's type says non-null, but it checks for a falsy value.
    return (raw ? JSON.parse(raw) : null) as IFilterInfo;
  }
  setFilter(filter: IFilterInfo): void {
    putValue(this.db, "filter", JSON.stringify(filter));
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
