// Press statements (!press / !presse): draft, revise, approve, reject, status, list, release, withdraw.
// Drafting is open to every agency member; approving and rejecting need the press role, and count
// only for the approver's own agency; revising, releasing and withdrawing are for the author and
// for press approvers of any agency. The approval rule is rules.ts; a draft's card is card.ts.
import { z } from "zod";
import { sha256 } from "../../src/records/hash.ts";
import { choice, dateTime, freeText, oneWord, recordIdWord } from "../../src/pipeline/args.ts";
import { defineJob, defineVerb } from "../../src/pipeline/family.ts";
import type { FamilySpec } from "../../src/pipeline/family.ts";
import { capped } from "../../src/render/capped.ts";
import { concat, lines, list, mention, person, section } from "../../src/render/rich.ts";
import { cardOf, inDraftRoom, postCard, refreshCard, renderSuperseded } from "./card.ts";
import { decide } from "./decisions.ts";
import { idArgs, loadDraft, prId, pressStore, releaseRef, scheduledRef } from "./draft.ts";
import { onReaction, onRedaction, onReply } from "./events.ts";
import { pressMessages } from "./messages.ts";
import { aboutVersion, closeQuestions } from "./questions.ts";
import { cancelNudges, nudgeJob, nudgePayload, scheduleNudges } from "./reminders.ts";
import { release, releaseJob, releasePayload } from "./release.ts";
import { pressRetention } from "./retention.ts";
import { mayCount } from "./rules.ts";
import { pressSituation } from "./situation.ts";
import { pressNewcomer } from "./newcomer.ts";
import { show } from "./repost.ts";
import { MAX_TITLE, bodyText, normaliseText, shortHash, when } from "./text.ts";
import { stateText, verdictOf, whyNotApproved } from "./verdict.ts";

const MAX_REASON = 1000;

const draftVerb = defineVerb({
  name: "draft",
  aliases: ["entwurf", "neu"],
  mutates: true,
  usage: { de: "!presse entwurf <Titel> + Text in den folgenden Zeilen", en: "!press draft <title> + text on the following lines" },
  help: {
    de: "legt einen Entwurf PR-n an und bittet alle Behörden um Freigabe (jedes Behördenmitglied)",
    en: "creates draft PR-n and asks every agency for approval; open to every agency member",
  },
  args: (env) => z.object({ text: freeText(env, { de: "der Titel", en: "title" }, MAX_TITLE), body: bodyText(env, env.t(pressMessages).args.missingText) }),
  handle(ctx, a) {
    const hash = sha256(a.body);
    const draft = pressStore(ctx).create({ roomId: ctx.roomId, title: a.text, authorAgency: ctx.sender.agency.id }, { text: a.body, sha256: hash, author: ctx.sender.userId, now: ctx.now() });
    ctx.audit("press.draft", prId(draft.id), { version: 1, sha256: hash, title: draft.title });
    postCard(ctx, draft);
    scheduleNudges(ctx, draft, ctx.now());
    return ctx.ok();
  },
});

const revise = defineVerb({
  name: "revise",
  aliases: ["überarbeiten", "ueberarbeiten"],
  mutates: true,
  usage: { de: "!presse überarbeiten PR-n + neuer Text in den folgenden Zeilen", en: "!press revise PR-n + new text on the following lines" },
  help: {
    de: "neue Fassung mit neuer Karte; bisherige Freigaben verfallen, eine geplante Veröffentlichung entfällt (Verfasser oder Rolle Pressefreigabe)",
    en: "new version with a new card; earlier approvals lapse and a scheduled release is dropped; author or press role",
  },
  args: (env) =>
    z.object({
      words: recordIdWord(env, "PR").refine((w) => w.rest.length === 0, { error: env.t(pressMessages).args.reviseWords }),
      body: bodyText(env, env.t(pressMessages).args.missingRevision),
    }),
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const loaded = loadDraft(ctx, a.words.id, "manage");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const id = prId(d.id);
    const s = pressStore(ctx);
    const old = s.version(d.id, d.currentVersion);
    if (!old) throw new Error(`${id} has no version ${d.currentVersion}`);
    if (old.text === a.body) return ctx.fail(m.unchanged(id, old.version));
    ctx.cancelScheduled(scheduledRef(d.id));
    const hash = sha256(a.body);
    const v = s.addVersion(d.id, { text: a.body, sha256: hash, author: ctx.sender.userId, now: ctx.now() });
    closeQuestions(ctx, d.id);
    const draft = s.get(d.id) ?? d;
    ctx.audit("press.revise", id, { version: v, sha256: hash, previous: { version: old.version, sha256: old.sha256 } });
    const oldCard = cardOf(ctx, d.id, old.version);
    if (oldCard !== null) ctx.edit(oldCard, renderSuperseded(ctx, draft, old, v));
    postCard(ctx, draft);
    scheduleNudges(ctx, draft, ctx.now());
    if (d.releaseAt) ctx.reply(m.releaseCancelled(id, when(ctx, d.releaseAt)));
    else if (ctx.roomId !== draft.roomId) ctx.reply(m.elsewhere(id));
    return ctx.ok();
  },
});

const approve = defineVerb({
  name: "approve",
  aliases: ["freigeben", "freigabe"],
  role: "press",
  mutates: true,
  usage: { de: "!presse freigeben PR-n", en: "!press approve PR-n" },
  help: {
    de: "gibt die aktuelle Fassung für Ihre Behörde frei (auch: ✅ oder 👍 auf der Karte)",
    en: "approves the current version for your agency (also: ✅ or 👍 on the card)",
  },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const loaded = loadDraft(ctx, a.words.id, "live");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const id = prId(d.id);
    const me = ctx.sender.userId;
    if (!mayCount(me, d.author, ctx.config.press.selfApproval)) return ctx.fail(m.selfApproval(id));
    const standing = pressStore(ctx).decisions(d.id, d.currentVersion).some((x) => x.user === me && x.kind === "approve" && x.via === "command" && x.revokedAt === null);
    if (standing) return ctx.fail(m.alreadyApproved(id, d.currentVersion));
    ctx.reply(m.approvedReply(id, d.currentVersion, ctx.sender.agency.name));
    decide(ctx, d, { user: me, agency: ctx.sender.agency.id, kind: "approve", reason: null, via: "command", reactionEventId: null });
    return ctx.ok();
  },
});

const reject = defineVerb({
  name: "reject",
  aliases: ["ablehnen"],
  role: "press",
  mutates: true,
  usage: { de: "!presse ablehnen PR-n <Grund>", en: "!press reject PR-n <reason>" },
  help: { de: "lehnt die aktuelle Fassung mit Grund ab; sie muss dann überarbeitet werden (auch: ❌ oder 👎)", en: "rejects the current version with a reason; it then needs a revision (also: ❌ or 👎)" },
  args: (env) => z.object({ words: recordIdWord(env, "PR"), body: z.string() }),
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const id = prId(a.words.id);
    const reason = normaliseText([a.words.rest.join(" "), a.body].join("\n"));
    if (reason.length > MAX_REASON) return ctx.fail(m.reasonTooLong(MAX_REASON));
    const loaded = loadDraft(ctx, a.words.id, "live");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    // About this version: a revision before the answer closes the question (./questions.ts).
    if (!reason) return ctx.ask(m.reasonMissing(id), aboutVersion(d.id, d.currentVersion));
    ctx.reply(m.rejectedReply(id, d.currentVersion, person(ctx.sender.userId), ctx.sender.agency.name, reason, mention(d.author)), { notify: true });
    decide(ctx, d, { user: ctx.sender.userId, agency: ctx.sender.agency.id, kind: "reject", reason, via: "command", reactionEventId: null });
    return ctx.ok();
  },
});

const status = defineVerb({
  name: "status",
  aliases: ["status", "details"],
  mutates: false,
  usage: { de: "!presse status PR-n", en: "!press status PR-n" },
  help: { de: "Stand, Versionen und wer welche Fassung wann freigegeben hat", en: "state, versions, and who approved which version when" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const st = m.status;
    const loaded = loadDraft(ctx, a.words.id, "any");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const s = pressStore(ctx);
    const versions = s.versions(d.id);
    const hashOf = new Map(versions.map((v) => [v.version, shortHash(v.sha256)]));
    const history = s.decisions(d.id).slice(-30).map((x) =>
      concat(st.decision(when(ctx, x.createdAt), x.version, ctx.agencyName(x.agency), person(x.user), x.kind, x.via, hashOf.get(x.version) ?? "", x.reason), x.revokedAt ? st.revoked(when(ctx, x.revokedAt)) : null),
    );
    ctx.reply(
      lines(
        st.head(prId(d.id), d.title),
        st.state(stateText(ctx, d)),
        st.author(person(d.author), ctx.agencyName(d.authorAgency), when(ctx, d.createdAt)),
        section(st.versions, list(versions.map((v) => st.version(v.version, when(ctx, v.createdAt), person(v.author), shortHash(v.sha256), v.version === d.currentVersion)))),
        history.length ? section(st.history, list(history)) : st.noHistory,
        d.state === "released" && d.releasedAt ? st.released(when(ctx, d.releasedAt), d.closedBy ? person(d.closedBy) : null) : null,
        d.state === "withdrawn" ? st.withdrawn(when(ctx, d.updatedAt), d.closedBy ? person(d.closedBy) : "?", d.closedReason) : null,
      ),
    );
    return ctx.ok();
  },
});

const LIST_LIMIT = 25;
const listVerb = defineVerb({
  name: "list",
  aliases: ["liste", "übersicht"],
  mutates: false,
  usage: { de: "!presse liste [offen|alle]", en: "!press list [open|all]" },
  help: { de: "Pressemitteilungen mit ihrem Stand, Standard: offen", en: "press statements with their state, default open" },
  args: (env) => z.object({ words: oneWord(env, "open").pipe(choice(env, null, { open: ["offen"], all: ["alle"] })) }),
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const drafts = pressStore(ctx).list(a.words, LIST_LIMIT + 1);
    if (drafts.length === 0) {
      ctx.reply(m.listEmpty(m.listNone[a.words]));
      return ctx.ok();
    }
    const c = capped(drafts, LIST_LIMIT, m.more);
    ctx.reply(lines(m.listTitle(m.listHeads[a.words], c.shown.length), ...c.shown.map((d) => m.listItem(prId(d.id), d.title, d.currentVersion, stateText(ctx, d))), c.more));
    return ctx.ok();
  },
});

const releaseVerb = defineVerb({
  name: "release",
  aliases: ["veröffentlichen", "veroeffentlichen"],
  mutates: true,
  keys: { at: ["um", "wann"] },
  usage: { de: "!presse veröffentlichen PR-n [um=<Datum Zeit>]", en: "!press release PR-n [at=<datetime>]" },
  help: {
    de: "veröffentlicht den freigegebenen Text jetzt oder zur Sperrfrist (dann erneute Prüfung); nur wenn alle Behörden freigegeben haben (Verfasser oder Rolle Pressefreigabe)",
    en: "releases the approved text now or at the embargo time (checked again then); only when every agency approved; author or press role",
  },
  args: (env) => z.object({ words: recordIdWord(env, "PR"), at: dateTime(env).optional() }),
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const loaded = loadDraft(ctx, a.words.id, "manage");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const id = prId(d.id);
    const verdict = verdictOf(ctx, d);
    if (!verdict.approved) return ctx.fail(m.notApproved(id, d.currentVersion, whyNotApproved(ctx, verdict)));
    if (!a.at) {
      release(ctx, inDraftRoom(ctx, d), d, verdict, ctx.sender.userId);
      if (d.releaseAt) ctx.reply(m.embargoDropped(id, when(ctx, d.releaseAt)));
      else if (ctx.roomId !== d.roomId) ctx.reply(m.elsewhere(id));
      return ctx.ok();
    }
    if (a.at <= ctx.now()) return ctx.fail(m.inPast(when(ctx, a.at)));
    // The same time again changes nothing: no new schedule row, no audit entry, no "previous time dropped".
    if (d.releaseAt?.getTime() === a.at.getTime()) {
      ctx.reply(m.releaseUnchanged(id, when(ctx, a.at)));
      return ctx.ok();
    }
    const s = pressStore(ctx);
    ctx.cancelScheduled(releaseRef(d.id));
    s.setReleaseAt(d.id, a.at, ctx.now());
    ctx.schedule("press.release", a.at, {
      roomId: d.roomId, ref: releaseRef(d.id), payload: { id: d.id, version: d.currentVersion, by: ctx.sender.userId, label: m.releaseLabel(id) },
    });
    ctx.audit("press.release.schedule", id, { version: d.currentVersion, sha256: s.version(d.id, d.currentVersion)?.sha256 ?? null, at: a.at.toISOString() });
    ctx.reply(m.releaseScheduled(id, d.currentVersion, when(ctx, a.at), d.releaseAt ? when(ctx, d.releaseAt) : null));
    refreshCard(ctx, { ...d, releaseAt: a.at });
    return ctx.ok();
  },
});

const withdraw = defineVerb({
  name: "withdraw",
  aliases: ["zurückziehen", "zurueckziehen"],
  mutates: true,
  usage: { de: "!presse zurückziehen PR-n [Grund]", en: "!press withdraw PR-n [reason]" },
  help: { de: "zieht den Entwurf zurück; ausstehende Erinnerungen und eine geplante Veröffentlichung entfallen (Verfasser oder Rolle Pressefreigabe)", en: "withdraws the draft; reminders and a scheduled release are dropped; author or press role" },
  args: idArgs,
  handle(ctx, a) {
    const m = ctx.t(pressMessages);
    const loaded = loadDraft(ctx, a.words.id, "manage");
    if ("fail" in loaded) return loaded.fail;
    const d = loaded.draft;
    const id = prId(d.id);
    const reason = a.words.rest.join(" ").trim().slice(0, 500) || null;
    const s = pressStore(ctx);
    // A standing rejection already holds the nudges back (nudgeJob), so only an open, unrejected draft loses any.
    const nudging = d.state === "open" && verdictOf(ctx, d).rejections.length === 0;
    const nudgesDropped = cancelNudges(ctx, d.id) > 0 && nudging;
    ctx.cancelScheduled(scheduledRef(d.id));
    s.markWithdrawn(d.id, ctx.sender.userId, reason, ctx.now());
    closeQuestions(ctx, d.id);
    ctx.audit("press.withdraw", id, { version: d.currentVersion, sha256: s.version(d.id, d.currentVersion)?.sha256 ?? null, reason });
    const after = s.get(d.id);
    if (after) refreshCard(ctx, after);
    const author = ctx.sender.userId !== d.author ? mention(d.author) : null;
    ctx.reply(lines(m.withdrawn(id, reason, nudgesDropped), d.releaseAt ? m.releaseCancelled(id, when(ctx, d.releaseAt)) : null, author), { notify: author !== null });
    return ctx.ok();
  },
});

const press: FamilySpec = {
  name: "press",
  aliases: ["presse", "pressemitteilung"],
  title: { de: "Pressemitteilungen gemeinsam abstimmen, freigeben und veröffentlichen", en: "agree on, approve and release joint press statements" },
  // Draft texts and cards before release: withheld where someone of no agency reads along.
  sensitive: true,
  verbs: [draftVerb, revise, approve, reject, status, show, listVerb, releaseVerb, withdraw],
  jobs: { nudge: defineJob({ payload: nudgePayload, run: nudgeJob }), release: defineJob({ payload: releasePayload, run: releaseJob }) },
  refPrefixes: ["press:"],
  onReaction,
  onRedaction,
  onReply,
  situation: { order: 20, render: pressSituation },
  newcomer: pressNewcomer,
  retention: pressRetention,
};
export default press;
