// The machinery's German: German keys only, the bot in the third person, a subcommand example,
// and the German units of time (issue 17, class 8).
import { describe, expect, it } from "vitest";
import { coreMessages } from "../../../src/i18n/core.ts";
import { andList, formatEvery, sentenceEnd } from "../../../src/i18n/phrases.ts";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";

describe("core wording", () => {
  it("names only the German key when one is missing", () => {
    const t = setup();
    const body = t.reply(ANNA, "!einsatz planen Streife").body;
    expect(body).toMatch(/^Es fehlt die Angabe wann=\.\n/);
    expect(body).not.toContain("at=");
  });

  it("asks for a subcommand with an example and the possible ones", () => {
    const t = setup();
    expect(t.reply(ANNA, "!einsatz").body).toMatch(/^Bitte einen Unterbefehl angeben, z\. B\. !einsatz liste\.\nMöglich sind: planen, liste, [^\n]*\. Hilfe: !hilfe einsatz$/);
  });

  it("explains an unclosed quote and how to write the value", () => {
    const t = setup();
    expect(t.reply(ANNA, '!einsatz planen "Streife').body).toBe('Das Anführungszeichen " wird nicht geschlossen; bitte den Wert in „…“ oder "…" einschließen.');
  });

  it("speaks of the bot in the third person and writes minutes as „Min.“", () => {
    expect(coreMessages.de.undecryptable("5 Min.").plain).toMatch(/^Der Bot konnte diese Nachricht nicht entschlüsseln: Der Schlüssel dazu ist auch nach 5 Min\. nicht angekommen\./);
    expect(coreMessages.de.undecryptable(null).plain).toMatch(/^Der Bot konnte diese Nachricht nicht entschlüsseln, weil seine Verschlüsselung ausgeschaltet ist\./);
    expect(coreMessages.de.late(11).plain).toContain("erst nach 11 Min. beim Bot angekommen");
    expect(coreMessages.de.late(1).plain).toContain("erst nach einer Minute beim Bot angekommen");
  });
});

describe("phrases", () => {
  it("joins items with „und“ and semicolons, since a date-time holds a comma", () => {
    expect(andList(["OP-1"], "de")).toBe("OP-1");
    expect(andList(["Fr 04.12.2026, 22:00", "Sa 05.12.2026, 21:00"], "de")).toBe("Fr 04.12.2026, 22:00 und Sa 05.12.2026, 21:00");
    expect(andList(["A", "B", "C"], "de")).toBe("A; B und C");
    expect(andList(["A", "B"], "en")).toBe("A and B");
  });

  it("ends user text with a full stop unless it has one", () => {
    expect(sentenceEnd("Unwetter")).toBe("Unwetter.");
    expect(sentenceEnd("Unwetter!")).toBe("Unwetter!");
  });

  it("says a repeat interval as German does after „alle“", () => {
    expect(formatEvery("2d", "de")).toBe("alle 2 Tage");
    expect(formatEvery("1d", "de")).toBe("jeden Tag");
    expect(formatEvery("24h", "de")).toBe("jeden Tag");
    expect(formatEvery("36h", "de")).toBe("alle 36 Std.");
    expect(formatEvery("2w", "de")).toBe("alle 2 Wochen");
    expect(formatEvery("2d", "en")).toBe("every 2 days");
  });
});
