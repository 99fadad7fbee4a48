// What a reader sees in Element: block elements (lists, quotes) bring their own gap, so a <br> beside
// one shows as an empty line; a heading is bold once.
import { describe, expect, it } from "vitest";
import { b, lines, list, quote, r, section } from "../../../src/render/rich.ts";

describe("HTML layout of replies", () => {
  it("puts no line break right after a list or a quote", () => {
    const out = lines(section("Verlauf", list(["eins", "zwei"])), "Erinnerungen: keine", quote("Text"), section("Freigaben:", "Stadt: ausstehend"));
    expect(out.html).toBe("<b>Verlauf</b><ul><li>eins</li><li>zwei</li></ul>Erinnerungen: keine<blockquote>Text</blockquote><b>Freigaben:</b><br>Stadt: ausstehend");
    expect(out.plain).toBe("Verlauf\n• eins\n• zwei\nErinnerungen: keine\n> Text\nFreigaben:\nStadt: ausstehend");
  });

  it("puts no line break right before a list or a quote", () => {
    expect(lines("Tagesordnung", list(["TOP-1"])).html).toBe("Tagesordnung<ul><li>TOP-1</li></ul>");
    expect(section("Text", quote("a\nb")).html).toBe("<b>Text</b><blockquote>a<br>b</blockquote>");
  });

  it("keeps line breaks between ordinary lines", () => {
    expect(lines("eins", null, "zwei", r`drei ${b("OP-1")}`).html).toBe("eins<br>zwei<br>drei <b>OP-1</b>");
  });

  it("does not nest bold in a section heading", () => {
    expect(section(r`Einsatz ${b("OP-1")} geändert:`, list(["Ort"])).html).toBe("<b>Einsatz OP-1 geändert:</b><ul><li>Ort</li></ul>");
    expect(section(b("Nächste geplante Beiträge"), "keine").html).toBe("<b>Nächste geplante Beiträge</b><br>keine");
  });

  it("keeps user text that looks like markup escaped in a heading", () => {
    expect(section(r`Titel ${"<b>x</b>"}`, "y").html).toBe("<b>Titel &lt;b&gt;x&lt;/b&gt;</b><br>y");
  });
});
