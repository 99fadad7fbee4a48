// Hotspots (!spot / !ort): places where safety or order may be at risk, registered and annotated by
// both agencies, with the operations held there. Open to every agency member.
import { z } from "zod";
import { formatRecordId } from "../../src/ids.ts";
import { choice, freeText, oneWord, optionalText, recordIdWord } from "../../src/pipeline/args.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import { mayChange, notAllowed, ownershipOf } from "../../src/pipeline/ownership.ts";
import type { ArgEnv, BaseContext, FamilySpec } from "../../src/pipeline/family.ts";
import { sha256 } from "../../src/records/hash.ts";
import { capped } from "../../src/render/capped.ts";
import { operationState } from "../../src/render/operations.ts";
import { concat, join, lines, list, person, r, section, text } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { unknownSpot } from "../../src/render/spots.ts";
import type { Operation } from "../../src/store/operations.ts";
import { formatDateTime, formatRange } from "../../src/time/format.ts";
import { spotMessages } from "./messages.ts";
import { spotsRetention } from "./retention.ts";
import { spotsSituation } from "./situation.ts";
import { MAX_NOTE, linkedOperations, noteText, spotDetails, spotId, spotStore } from "./spot.ts";
const idArgs = (env: ArgEnv) => z.object({ words: recordIdWord(env, "HS"), body: z.string() });

const add = defineVerb({
  name: "add",
  aliases: ["anlegen", "hinzufügen", "hinzufuegen", "neu"],
  mutates: true,
  keys: { place: ["ort", "lage"], field: ["feld", "handlungsfeld"], note: ["notiz", "hinweis"] },
  usage: {
    de: "!ort anlegen <Name> [ort=<Ort>] [feld=<Handlungsfeld>] [notiz=<Text>]",
    en: "!spot add <name> [place=<text>] [field=<text>] [note=<text>]",
  },
  help: { de: "legt einen Brennpunkt HS-n an (Ort mit Sicherheits- oder Ordnungsproblemen)", en: "registers a hotspot HS-n (a place where safety or order may be at risk)" },
  args: (env) => {
    const m = env.t(spotMessages).args;
    return z.object({
      text: freeText(env, { de: m.name, en: m.name }, 200),
      place: optionalText(env, { de: m.place, en: m.place }, 200),
      field: optionalText(env, { de: m.field, en: m.field }, 100),
      note: z.string().optional(),
      body: z.string(),
    });
  },
  handle(ctx, a) {
    const m = ctx.t(spotMessages);
    const note = noteText(a.note, a.body);
    if (note.length > MAX_NOTE) return ctx.fail(m.noteTooLong(MAX_NOTE, note.length));
    const s = spotStore(ctx);
    const spot = s.create({ roomId: ctx.roomId, name: a.text, place: a.place || null, field: a.field || null, createdBy: ctx.sender.userId, agency: ctx.sender.agency.id, now: ctx.now() });
    if (note) s.addNote(spot.id, { author: ctx.sender.userId, agency: ctx.sender.agency.id, text: note, now: ctx.now() });
    ctx.audit("spot.add", spotId(spot.id), { note: note ? sha256(note) : null });
    const details = [spot.place, spot.field].filter((x) => x !== null);
    ctx.reply(m.created(spotId(spot.id), spot.name, details.length ? join(details, " · ") : null, note !== ""));
    return ctx.ok();
  },
});

const LIST_LIMIT = 25;
const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!ort liste [offen|geschlossen|alle]", en: "!spot list [open|closed|all]" },
  help: { de: "Brennpunkte mit nächstem Einsatz, Standard: offen", en: "hotspots with their next operation, default open" },
  args: (env) => z.object({ words: oneWord(env, "open").pipe(choice(env, null, { open: ["offen"], closed: ["geschlossen"], all: ["alle"] })) }),
  handle(ctx, a) {
    const m = ctx.t(spotMessages);
    const spots = spotStore(ctx).list(a.words, LIST_LIMIT + 1);
    if (spots.length === 0) {
      ctx.reply(m.listEmpty(a.words));
      return ctx.ok();
    }
    const c = capped(spots, LIST_LIMIT, m.more);
    const item = (s: (typeof spots)[number]) => {
      const state = s.state === "closed" && a.words === "all" ? m.stateNames.closed : null;
      const details = spotDetails(ctx, s, true);
      return m.listItem(spotId(s.id), s.name, state ? join([state, ...(details ? [details] : [])], " · ") : details);
    };
    ctx.reply(lines(m.listTitle(m.listHeads[a.words], c.shown.length), ...c.shown.map(item), c.more));
    return ctx.ok();
  },
});

const SHOWN_NOTES = 10;
const SHOWN_OPS = 10;

function opLine(ctx: BaseContext, op: Operation): Rich {
  const m = ctx.t(spotMessages).show;
  const state = op.state === "planned" ? null : operationState(ctx.lang, op.state);
  return m.op(formatRange(op.startsAt, op.endsAt, ctx.zone, ctx.lang), formatRecordId("OP", op.id), op.title, state);
}

const show = defineVerb({
  name: "show",
  aliases: ["zeigen", "details"],
  mutates: false,
  usage: { de: "!ort zeigen HS-n", en: "!spot show HS-n" },
  help: { de: "Einzelheiten, Notizen und die Einsätze an diesem Brennpunkt", en: "details, notes and the operations held at this hotspot" },
  args: (env) => z.object({ words: recordIdWord(env, "HS") }),
  handle(ctx, a) {
    const m = ctx.t(spotMessages);
    const s = m.show;
    const spot = spotStore(ctx).get(a.words.id);
    if (!spot) return ctx.fail(unknownSpot(ctx.lang, spotId(a.words.id)));
    const when = (d: Date) => formatDateTime(d, ctx.zone, ctx.lang);
    const ops = linkedOperations(ctx, spot.id);
    const notes = spotStore(ctx).notes(spot.id, SHOWN_NOTES);
    const opSection = (title: string, items: readonly Operation[]) => {
      const c = capped(items, SHOWN_OPS, m.more);
      return items.length ? section(title, list([...c.shown.map((op) => opLine(ctx, op)), c.more])) : null;
    };
    const noteItems = notes.map((n) => s.note(when(n.createdAt), person(n.author), ctx.agencyName(n.agency), n.text));
    ctx.reply(
      lines(
        s.head(spotId(spot.id), spot.name),
        spot.place ? r`${s.place}: ${spot.place}` : null,
        spot.field ? r`${s.field}: ${spot.field}` : null,
        concat(`${s.state}: `, m.stateNames[spot.state], " – ", s.opened(person(spot.createdBy), ctx.agencyName(spot.agency), when(spot.createdAt)),
          spot.closedAt ? concat("; ", s.closedBy(spot.closedBy ? person(spot.closedBy) : "?", when(spot.closedAt))) : null),
        opSection(s.upcoming, ops.upcoming),
        opSection(s.past, ops.past),
        ops.upcoming.length + ops.past.length === 0 ? text(s.noOps) : null,
        spot.purgedAt
          ? s.purged(ctx.config.retention.spotNotes)
          : notes.length
            // The older notes as the list's last item: a line next to a list leaves a double gap in HTML.
            ? section(s.notes(spot.noteCount), list([...noteItems, spot.noteCount > notes.length ? s.olderNotes(spot.noteCount - notes.length) : null]))
            : text(s.noNotes),
      ),
    );
    return ctx.ok();
  },
});

const note = defineVerb({
  name: "note",
  aliases: ["notiz", "vermerk"],
  mutates: true,
  usage: { de: "!ort notiz HS-n <Text> (oder Text in den folgenden Zeilen)", en: "!spot note HS-n <text> (or text on the following lines)" },
  help: { de: "ergänzt eine Notiz mit Verfasser und Zeit (höchstens 2.000 Zeichen)", en: "adds a note with author and time (at most 2,000 characters)" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(spotMessages);
    const id = spotId(a.words.id);
    const s = spotStore(ctx);
    const spot = s.get(a.words.id);
    if (!spot) return ctx.fail(unknownSpot(ctx.lang, id));
    if (spot.state === "closed") return ctx.fail(m.noteOnClosed(id));
    const body = noteText(a.words.rest.join(" "), a.body);
    if (!body) return ctx.fail(m.noteMissing(id));
    if (body.length > MAX_NOTE) return ctx.fail(m.noteTooLong(MAX_NOTE, body.length));
    const n = s.addNote(spot.id, { author: ctx.sender.userId, agency: ctx.sender.agency.id, text: body, now: ctx.now() });
    ctx.audit("spot.note", id, { note: n.id, sha256: sha256(body) });
    ctx.reply(m.noted(id, spot.noteCount + 1));
    return ctx.ok();
  },
});

const close = defineVerb({
  name: "close",
  aliases: ["schließen", "schliessen", "abschließen"],
  mutates: true,
  usage: { de: "!ort schließen HS-n [Hinweis]", en: "!spot close HS-n [remark]" },
  help: {
    de: "schließt einen Brennpunkt (wer ihn angelegt hat, oder Vorsitz); die Notizen werden nach der Aufbewahrungsfrist gelöscht",
    en: "closes a hotspot (whoever registered it, or a chair); its notes are deleted after the retention period",
  },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(spotMessages);
    const id = spotId(a.words.id);
    const s = spotStore(ctx);
    const spot = s.get(a.words.id);
    if (!spot) return ctx.fail(unknownSpot(ctx.lang, id));
    if (spot.state === "closed") return ctx.fail(m.alreadyClosed(id, formatDateTime(spot.closedAt ?? spot.createdAt, ctx.zone, ctx.lang)));
    const own = ownershipOf.hotspot(spot);
    if (!mayChange(ctx.sender, own)) return ctx.fail(notAllowed(ctx.lang, m.closeAction(id), own));
    const remark = noteText(a.words.rest.join(" "), a.body);
    if (remark.length > MAX_NOTE) return ctx.fail(m.noteTooLong(MAX_NOTE, remark.length));
    if (remark) s.addNote(spot.id, { author: ctx.sender.userId, agency: ctx.sender.agency.id, text: remark, now: ctx.now() });
    s.close(spot.id, ctx.sender.userId, ctx.now());
    ctx.audit("spot.close", id, { note: remark ? sha256(remark) : null });
    const planned = linkedOperations(ctx, spot.id).upcoming.map((op) => formatRecordId("OP", op.id));
    const hasNotes = spot.noteCount > 0 || remark !== "";
    ctx.reply(lines(m.closed(id, spot.name, ctx.config.retention.spotNotes, remark !== "", hasNotes), planned.length ? m.stillPlanned(planned) : null));
    return ctx.ok();
  },
});

const spots: FamilySpec = {
  name: "spot",
  aliases: ["ort", "brennpunkt", "brennpunkte", "hotspot"],
  title: { de: "Brennpunkte erfassen, mit Notizen und den Einsätzen dort", en: "register hotspots, with notes and the operations held there" },
  // Notes on places and the people there: withheld where someone of no agency reads along.
  sensitive: true,
  verbs: [add, listVerb, show, note, close],
  situation: { order: 50, render: spotsSituation },
  retention: spotsRetention,
};
export default spots;
