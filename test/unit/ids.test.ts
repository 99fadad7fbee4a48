// Record IDs as people type them: "OP-3", "op3", "OP-3." at the end of a sentence, "(OP-3)", or the
// bare number where the verb takes one kind of ID.
import { describe, expect, it } from "vitest";
import { otherRecordPrefix, parseRecordId } from "../../src/ids.ts";
import { recordIdHint } from "../../src/i18n/record-id-hints.ts";
import { setup } from "../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner

describe("parseRecordId", () => {
  it.each(["OP-3", "op3", "Op-03", "OP-3.", "OP-3,", "OP-3!", "OP-3?", "OP-3:", "(OP-3)", "(OP-3).", "3", "3.", "#3", " 3 "])("reads %j as OP-3", (input) => {
    expect(parseRecordId("OP", input)).toBe(3);
  });

  it.each(["PR-3", "OP-", "OP-0", "0", "OP-3a", "3x", "-3", "OP 3", "3.5", "OP-3.5", "", "OP--3"])("refuses %j as an operation ID", (input) => {
    expect(parseRecordId("OP", input)).toBeNull();
  });

  it("names the other kind of ID, and only ours", () => {
    expect(otherRecordPrefix("OP", "PR-3.")).toBe("PR");
    expect(otherRecordPrefix("OP", "OP-3")).toBeNull();
    expect(otherRecordPrefix("OP", "XY-3")).toBeNull();
    expect(recordIdHint("HS", "(op-1)", "de")).toBe("OP-1 ist die Nummer eines Einsatzes.");
    expect(recordIdHint("OP", "PR-2", "en")).toBe("PR-2 is the ID of a press statement.");
  });
});

describe("IDs in commands", () => {
  it("joins OP-1 written with a full stop, in parentheses, or as the bare number", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 20:00"');
    expect(t.reply(ANNA, "!einsatz beitreten OP-1.").body).toContain("OP-1");
    expect(t.reply(ANNA, "!einsatz austragen (OP-1)").body).toContain("OP-1");
    expect(t.reply(ANNA, "!einsatz beitreten 1").body).toContain("OP-1");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.join' AND outcome = 'ok'")).toBe(2);
  });

  it("says what an ID of another kind is, and changes nothing", () => {
    const t = setup();
    t.reply(ANNA, '!einsatz planen Streife wann="26.11.2026 20:00"');
    const r = t.reply(ANNA, "!einsatz beitreten PR-1");
    expect(r.body).toContain("„PR-1“ ist keine gültige Nummer; erwartet wird z. B. OP-7. PR-1 ist die Nummer einer Pressemitteilung.");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'op.join' AND outcome = 'ok'")).toBe(0);
  });
});
