import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../../src/records/export.ts";
import { auditHash, GENESIS_HASH } from "../../../src/store/audit.ts";
import { ROOM, setup } from "../../support/pipeline.ts";
import type { Sent } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example"; // city, neither chair nor auditor
const AUDITOR = "@revision:stadt.example";
const CHAIR = "@ob-buero:stadt.example";
const config = {
  agencies: [
    { id: "city", name: "Stadt", servers: ["stadt.example"], roles: { planner: ["*"], chair: [CHAIR], auditor: [AUDITOR], press: ["@presse:stadt.example"] } },
    { id: "police", name: "Polizei", servers: ["polizei.example"], roles: { chair: [], press: ["@pressestelle:polizei.example"] } },
  ],
};

/** An export: the files and their summary go to the requester's direct room (queued under their user ID), the room gets a notice. */
function files(out: Sent[]): { reply: Sent | undefined; notice: Sent | undefined; csv: string; json: string; names: string[] } {
  const direct = out.filter((o) => o.roomId.startsWith("@"));
  const uploads = direct.filter((o) => o.kind === "upload");
  return {
    reply: direct.find((o) => o.kind === "message"),
    notice: out.find((o) => o.roomId === ROOM),
    csv: uploads.find((u) => String(u.content["filename"]).endsWith(".csv"))?.file?.toString("utf8") ?? "",
    json: uploads.find((u) => String(u.content["filename"]).endsWith(".json"))?.file?.toString("utf8") ?? "",
    names: uploads.map((u) => String(u.content["filename"])),
  };
}

const DAY = 86_400_000;

describe("!audit export", () => {
  it("uploads CSV and JSON that parse back to the stored rows, hashes included", () => {
    const t = setup({ config });
    t.reply(ANNA, '!ort anlegen Markt ort="Markt; Ecke Post"');
    t.reply(ANNA, "!ort notiz HS-1 Zeile eins, mit Komma");
    t.reply(ANNA, '!einsatz planen Streife wann="05.12.2026 20:00"');
    t.send("@eve:evil.example", "!einsatz liste"); // a refused attempt is in the log too
    const out = t.send(AUDITOR, "!audit export");
    const { reply, csv, json, names } = files(out);
    // Nothing of the log into the shared room: a notice there, the rest queued for the auditor alone.
    expect(out.map((o) => [o.roomId, o.kind])).toEqual([[AUDITOR, "direct"], [AUDITOR, "message"], [AUDITOR, "upload"], [AUDITOR, "upload"], [ROOM, "message"]]);
    expect(out.at(-1)?.body).toBe(
      "Export per Direktnachricht gesendet: Das Prüfprotokoll (gesamter Zeitraum) erhalten nur Sie, als CSV- und JSON-Datei im Direktchat mit dem Bot.",
    );
    expect(out.at(-1)?.replyTo).toMatch(/^\$e/);
    expect(reply?.body).toBe("Prüfprotokoll, gesamter Zeitraum: 4 Einträge\nPrüfkette der exportierten Einträge ist intakt (4 Einträge geprüft)\nDie Dateien folgen als CSV und JSON.");
    expect(names).toEqual(["pruefprotokoll_anfang_2026-11-25.csv", "pruefprotokoll_anfang_2026-11-25.json"]);
    expect(csv.startsWith("\uFEFF")).toBe(true);

    const records = parse<Record<string, string>>(csv, { bom: true, columns: true, skip_empty_lines: true });
    const stored = t.db.prepare<[], Record<string, unknown>>("SELECT * FROM audit WHERE action <> 'audit.export' ORDER BY id").all();
    expect(Object.keys(records[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(records.map((r) => [r["action"], r["outcome"], r["actor"]])).toEqual([
      ["spot.add", "ok", ANNA], ["spot.note", "ok", ANNA], ["op.plan", "ok", ANNA], ["op.*", "refused", "@eve:evil.example"],
    ]);
    // Every row's hash can be recomputed from the CSV alone, and the rows chain up.
    let prev = GENESIS_HASH;
    records.forEach((r, i) => {
      expect(r["hash"]).toBe(stored[i]?.["hash"]);
      expect(r["prev_hash"]).toBe(prev);
      const entry = {
        at: Date.parse(r["at"] ?? ""), actor: r["actor"] ?? "", agency: r["agency"] || null, action: r["action"] ?? "", target: r["target"] || null,
        roomId: r["room_id"] || null, eventId: r["event_id"] || null, outcome: r["outcome"] as "ok" | "refused", details: JSON.parse(r["details"] ?? "{}") as Record<string, unknown>,
      };
      expect(auditHash(prev, entry)).toBe(r["hash"]);
      prev = r["hash"] ?? "";
    });

    const doc = JSON.parse(json) as { count: number; chain: { intact: boolean }; entries: Array<{ hash: string; details: Record<string, unknown>; atMs: number }> };
    expect(doc.count).toBe(4);
    expect(doc.chain.intact).toBe(true);
    expect(doc.entries.map((e) => e.hash)).toEqual(stored.map((s) => s["hash"]));
    // The export itself is recorded, after the files were made.
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'audit.export' AND actor = '@revision:stadt.example'")).toBe(1);
  });

  it("limits the export to whole days from= to= in the configured zone, German keys too", () => {
    const t = setup({ config });
    t.reply(ANNA, "!ort anlegen Tag1"); // Wed 25.11. 10:00
    t.clock.advance(DAY);
    t.reply(ANNA, "!ort anlegen Tag2"); // Thu 26.11.
    t.clock.advance(DAY);
    t.reply(ANNA, "!ort anlegen Tag3"); // Fri 27.11.
    const { reply, csv } = files(t.send(CHAIR, "!protokoll exportieren von=26.11.2026 bis=26.11.2026"));
    expect(reply?.body).toContain("Prüfprotokoll, Do 26.11.2026 bis Do 26.11.2026: 1 Eintrag\n");
    const rows = parse<Record<string, string>>(csv, { bom: true, columns: true });
    expect(rows.map((r) => r["target"])).toEqual(["HS-2"]);
    const { reply: en } = files(t.send(CHAIR, "!audit export from=2026-11-26"));
    // Tag2, Tag3 and the first export, which is recorded itself.
    expect(en?.body).toContain("ab Do 26.11.2026: 3 Einträge");
  });

  it("refuses a chair who holds the role only because the agency left `chair` unset (open to all), as in a config without it", () => {
    const open = {
      agencies: [
        config.agencies[0],
        { id: "police", name: "Polizei", servers: ["polizei.example"], roles: { press: ["@pressestelle:polizei.example"] } },
      ],
    };
    const t = setup({ config: open });
    const out = t.send("@ben:polizei.example", "!protokoll exportieren");
    expect(out.map((o) => [o.roomId, o.kind])).toEqual([[ROOM, "message"]]);
    expect(out[0]?.body).toBe("Das Prüfprotokoll exportieren dürfen nur Mitglieder mit der Rolle Revision und namentlich eingetragene Mitglieder mit der Rolle Vorsitz.");
    // The chair listed by name still may.
    expect(files(t.send(CHAIR, "!protokoll exportieren")).reply?.body).toContain("Prüfprotokoll, gesamter Zeitraum:");
  });

  it("reads von= without a year and a bare weekday as the most recent such day: a record period lies behind", () => {
    const t = setup({ config }); // Wed 25.11.2026
    t.reply(ANNA, "!ort anlegen Markt");
    expect(files(t.send(CHAIR, "!protokoll exportieren von=1.11.")).reply?.body).toContain("Prüfprotokoll, ab So 01.11.2026: 1 Eintrag\n");
    expect(files(t.send(CHAIR, "!protokoll exportieren von=Montag bis=heute")).reply?.body).toContain("Prüfprotokoll, Mo 23.11.2026 bis Mi 25.11.2026: 2 Einträge\n");
  });

  it("refuses from after to, and people without the chair or auditor role, uploading nothing", () => {
    const t = setup({ config });
    const bad = t.send(AUDITOR, "!audit export from=2026-11-20 to=2026-11-10");
    expect(bad.map((o) => [o.roomId, o.kind])).toEqual([[ROOM, "message"]]);
    expect(bad[0]?.body).toBe(
      "Der Beginn (Fr 20.11.2026) liegt nach dem Ende (Di 10.11.2026). Bitte den Zeitraum richtig herum angeben, z. B. !protokoll exportieren von=01.01.2026 bis=30.06.2026.",
    );
    const denied = t.send(ANNA, "!audit export");
    expect(denied.map((o) => [o.roomId, o.kind])).toEqual([[ROOM, "message"]]);
    expect(denied[0]?.body).toBe("Das Prüfprotokoll exportieren dürfen nur Mitglieder mit der Rolle Revision und namentlich eingetragene Mitglieder mit der Rolle Vorsitz.");
    expect(t.send(AUDITOR, "!audit export von=gestern-ish")[0]?.body).toContain("ist kein Datum");
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'audit.export' AND outcome = 'ok'")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM audit WHERE action = 'audit.export' AND outcome = 'refused'")).toBe(2);
  });

  it("reports a broken chain in the reply and the JSON", () => {
    const t = setup({ config });
    t.reply(ANNA, "!ort anlegen A");
    t.reply(ANNA, "!ort anlegen B");
    t.db.exec("DROP TRIGGER audit_no_update");
    t.db.prepare("UPDATE audit SET target = 'HS-9' WHERE id = 1").run();
    const { reply, json } = files(t.send(AUDITOR, "!audit export"));
    expect(reply?.body).toContain("⚠ Prüfkette UNTERBROCHEN ab Eintrag 1 (Inhalt passt nicht zu seiner Prüfsumme). Bitte umgehend die Bot-Verwaltung informieren (Prüfung dort mit npm run audit:verify).");
    expect((JSON.parse(json) as { chain: unknown }).chain).toEqual({ intact: false, rows: 1, firstBad: { id: 1, problem: "content does not match its hash" } });
  });

  it("answers in English, and a chair's export goes to the chair alone", () => {
    const t = setup({ config: { ...config, language: "en" } });
    const { notice, reply, names } = files(t.send(CHAIR, "!audit export to=2026-11-25"));
    expect(notice?.body).toBe("Export sent by direct message: only you receive the audit log (until Wed 25 Nov 2026), as CSV and JSON files in your direct chat with the bot.");
    expect(reply?.body).toBe("Audit log, until Wed 25 Nov 2026: 0 entries\nhash chain of the exported entries is intact (0 entries checked)\nThe files follow as CSV and JSON.");
    expect(reply?.msgtype).toBe("m.text");
    expect(names).toEqual(["audit-log_start_2026-11-25.csv", "audit-log_start_2026-11-25.json"]);
    expect(t.count(`SELECT COUNT(*) FROM outbox WHERE room_id = '${CHAIR}'`)).toBe(4);
    expect(t.count(`SELECT COUNT(*) FROM outbox WHERE room_id = '${ROOM}' AND kind = 'upload'`)).toBe(0);
  });
});
