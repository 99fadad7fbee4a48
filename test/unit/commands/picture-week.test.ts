// `!lage woche`: the coming week as an m.image PNG with its text in the body, for members only.
import { describe, expect, it } from "vitest";
import { setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, planner
const BEN = "@ben:polizei.example"; // police
const EVE = "@eve:evil.example"; // of no agency
const CHAIR = "@ob-buero:stadt.example";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("!lage woche / !picture week", () => {
  it("posts the week as an m.image PNG, the day-by-day text as its body, gaps and holidays named", () => {
    const t = setup({ now: "2026-12-23T07:00:00Z" });
    t.reply(ANNA, '!einsatz planen Weihnachtsmarkt <Süd> & Co wann="23.12.2026 10:00" bis=14:00 ort=Markt polizei=2 stadt=1');
    t.reply(ANNA, "!einsatz teilnehmen OP-1");
    t.reply(ANNA, '!einsatz planen Streife wann="28.12.2026 21:00"');
    t.reply(ANNA, '!einsatz planen Später wann="30.12.2026 09:00"'); // past the seven days
    t.reply(CHAIR, '!gremium anlegen rat name=Stadtrat turnus="montag 17:00"');
    const r = t.reply(BEN, "!lage woche");
    expect(r.kind).toBe("upload");
    expect(r.msgtype).toBe("m.image");
    expect(r.content["filename"]).toBe("lage-woche-2026-12-23.png");
    const file = r.file ?? Buffer.alloc(0);
    expect(file.subarray(0, 8)).toEqual(PNG);
    expect(r.content["info"]).toEqual({ mimetype: "image/png", size: file.length, w: 1080, h: file.readUInt32BE(20) });
    expect(r.body).toBe(
      [
        "Lage der Woche 23.12.–29.12.2026 (als Bild)",
        "Mi 23.12.: OP-1 „Weihnachtsmarkt <Süd> & Co“ 10:00–14:00, fehlt: Polizei 2",
        "Do 24.12.: nichts geplant",
        "Fr 25.12. (Feiertag: 1. Weihnachtstag): nichts geplant",
        "Sa 26.12. (Feiertag: 2. Weihnachtstag): nichts geplant",
        "So 27.12.: nichts geplant",
        "Mo 28.12.: Sitzung Stadtrat (rat) 17:00–18:00; OP-2 „Streife“ 21:00",
        "Di 29.12.: nichts geplant",
        "Insgesamt fehlen: Polizei 2",
      ].join("\n"),
    );
    expect(r.html).toContain("<b>OP-1</b> „Weihnachtsmarkt &lt;Süd&gt; &amp; Co“");
    expect(r.replyTo).toBeDefined();
  });

  it("puts a night shift already under way on today's row, marked as running, with its gap counted", () => {
    const t = setup({ now: "2026-12-10T21:00:00Z" }); // Thu 22:00
    t.reply(ANNA, '!einsatz planen Nacht wann="heute 23 Uhr" bis=6:00 stadt=1 polizei=2');
    t.advance(3 * 3_600_000); // Fri 01:00
    const lines = t.reply(BEN, "!lage woche").body.split("\n");
    expect(lines[1]).toBe("Fr 11.12.: OP-1 „Nacht“ 23:00–06:00 (läuft), fehlt: Stadt 1, Polizei 2");
    expect(lines.at(-1)).toBe("Insgesamt fehlen: Stadt 1, Polizei 2");
  });

  it("refuses words after a picture verb instead of showing this week as if asked for", () => {
    const t = setup();
    expect(t.reply(BEN, "!lage woche nächste").body).toBe(
      "!lage woche zeigt immer die nächsten sieben Tage ab heute. Weitere Angaben wie „nächste“ sind hier nicht möglich.\nRichtig: !lage woche",
    );
    expect(t.reply(BEN, "!lage woche 21.12.").body).toContain("Weitere Angaben wie „21.12.“ sind hier nicht möglich");
    expect(t.reply(BEN, "!lage wochen").body).toBe("Weitere Angaben wie „wochen“ sind hier nicht möglich.\nRichtig: !lage");
    expect(t.reply(CHAIR, "!lage anheften jetzt").body).toContain("Weitere Angaben wie „jetzt“ sind hier nicht möglich.");
  });

  it("answers in English, and an empty week still gets its picture", () => {
    const t = setup({ config: { language: "en" } });
    const r = t.reply(ANNA, "!picture week");
    expect(r.msgtype).toBe("m.image");
    expect(r.content["filename"]).toBe("lage-woche-2026-11-25.png");
    expect(r.body.split("\n")[0]).toBe("The week 25 Nov–01 Dec 2026 (as a picture)");
    expect(r.body).toContain("\nWed 25 Nov: nothing planned\n");
    expect(r.file?.subarray(0, 8)).toEqual(PNG);
  });

  it("is for members of an agency, like !lage: a stranger is refused and gets no picture", () => {
    const t = setup();
    const week = t.send(EVE, "!lage woche");
    expect(week.map((o) => [o.kind, o.body])).toEqual([
      ["message", "Entschuldigung, diesen Bot können nur Mitglieder der beteiligten Behörden nutzen. Sie erhalten diesen Hinweis einmal am Tag."],
    ]);
  });
});
