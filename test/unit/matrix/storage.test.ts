import { describe, expect, it } from "vitest";
import { SqliteStorageProvider } from "../../../src/matrix/storage.ts";
import { memoryDb } from "../../support/db.ts";

describe("the bot's device across restarts", () => {
  it("says when the device changed since the last start (a new token), and nothing otherwise", () => {
    const storage = new SqliteStorageProvider(memoryDb());
    expect(storage.recordDevice("DEVICE1")).toBeNull();
    expect(storage.recordDevice("DEVICE1")).toBeNull();
    expect(storage.recordDevice("DEVICE2")).toBe("DEVICE1");
    expect(storage.recordDevice("DEVICE2")).toBeNull();
    expect(storage.recordDevice(null)).toBeNull();
  });
});
