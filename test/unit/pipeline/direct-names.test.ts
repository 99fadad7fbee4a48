// A file sent by direct message names people like any message does: no placeholder of render/people.ts
// may reach the client (issue 17, review N8).
import { describe, expect, it } from "vitest";
import type { UserId } from "../../../src/ids.ts";
import { baseContext } from "../../../src/pipeline/context.ts";
import { sendDirect } from "../../../src/pipeline/direct.ts";
import { person } from "../../../src/render/people.ts";
import { r, text } from "../../../src/render/rich.ts";
import { memoryDb, testConfig } from "../../support/db.ts";

const AUDITOR = "@revision:stadt.example" as UserId;

describe("a direct message's file caption", () => {
  it("names the person in it", () => {
    const db = memoryDb();
    const ctx = baseContext({ db, config: testConfig(), clock: { now: () => new Date() }, runtime: () => { throw new Error("unused"); } }, { userId: "bot", agency: null, roomId: null, eventId: null });
    sendDirect(ctx, AUDITOR, text("Prüfprotokoll"), [{ file: { name: "a.csv", mime: "text/csv", data: Buffer.from("a\n") }, caption: r`Export für ${person(AUDITOR)}` }]);
    const upload = db.prepare<[], { content: string }>("SELECT content FROM outbox WHERE kind = 'upload'").get();
    const content = JSON.parse(upload?.content ?? "{}") as { body?: string; formatted_body?: string };
    expect(content.body).toBe("Export für revision");
    expect(content.formatted_body).toBe("Export für revision");
  });
});
