// Texts of the press family, German and English from the same builders.
import type { Catalog } from "../../src/i18n/lang.ts";
import { sentenceEnd } from "../../src/i18n/phrases.ts";
import { b, code, concat, i, lines, r } from "../../src/render/rich.ts";
import type { Part, Rich } from "../../src/render/rich.ts";
import type { PressState } from "../../src/store/press.ts";

/** The filters of `!presse liste`. */
export type PressFilter = "open" | "all";

const de = {
  stateNames: { open: "offen", approved: "freigegeben", released: "veröffentlicht", withdrawn: "zurückgezogen" } satisfies Record<PressState, string>,
  args: {
    missingText: "Es fehlt der Text der Pressemitteilung. Bitte den Titel hinter den Befehl und den Text in die folgenden Zeilen schreiben.",
    missingRevision: "Es fehlt der neue Text. Bitte in die Zeilen unter dem Befehl schreiben.",
    textTooLong: "Der Text ist zu lang (höchstens 20.000 Zeichen).",
    reviseWords: "Der Titel bleibt unverändert; bitte nur die Nummer hinter den Befehl und den neuen Text in die folgenden Zeilen schreiben.",
  },
  card: {
    waiting: (id: string, v: number, missing: string) => b(`Entwurf ${id} (Version ${v}) – Freigabe ausstehend: ${missing}`),
    rejected: (id: string, v: number) => b(`Entwurf ${id} (Version ${v}) – abgelehnt, Überarbeitung erforderlich`),
    approved: (id: string, v: number) => b(`Entwurf ${id} (Version ${v}) – von allen Behörden freigegeben`),
    released: (id: string, v: number, when: string) => b(`${id} (Version ${v}) – veröffentlicht am ${when}`),
    withdrawn: (id: string, v: number) => b(`${id} (Version ${v}) – zurückgezogen`),
    superseded: (id: string, v: number, next: number) => b(`Entwurf ${id} (Version ${v}) – ersetzt durch Version ${next}`),
    title: (title: string) => r`Titel: ${b(title)}`,
    meta: (author: Part, agency: string, v: number, when: string, hash: string) => r`Version ${v} von ${author} (${agency}), ${when} · Prüfsumme ${code(hash)}`,
    changes: (prev: number) => `Änderungen gegenüber Version ${prev} (− entfernt, + neu):`,
    moreChanges: (n: number) => i(n === 1 ? "… und 1 weitere geänderte Zeile" : `… und ${n} weitere geänderte Zeilen`),
    approvals: "Freigaben:",
    agency: (name: string, status: Part) => concat(`${name}: `, status),
    approvedBy: (user: Part, when: string) => r`freigegeben von ${user} (${when})`,
    rejectedBy: (user: Part, when: string, reason: string | null) =>
      reason ? r`abgelehnt von ${user} (${when}): ${reason}` : r`abgelehnt von ${user} (${when}), Grund noch nicht genannt`,
    waitingFor: "ausstehend",
    howTo: (id: string) => r`Freigeben: ✅ auf diese Nachricht oder ${code(`!presse freigeben ${id}`)} · Ablehnen: ❌ oder ${code(`!presse ablehnen ${id} <Grund>`)}`,
    howToRelease: (id: string) =>
      r`Veröffentlichen: ${code(`!presse veröffentlichen ${id}`)} (sofort) oder mit ${code("um=<Datum Zeit>")} · Ablehnen weiterhin möglich: ❌ oder ${code(`!presse ablehnen ${id} <Grund>`)}`,
    requested: (people: Rich) => concat("Um Freigabe gebeten: ", people),
    scheduled: (when: string) => r`Veröffentlichung geplant für ${b(when)} – sie erfolgt nur, wenn dann alle Freigaben vorliegen.`,
    supersededNote: (next: number) => i(`Reaktionen auf diese Karte zählen nicht mehr; maßgeblich ist die Karte von Version ${next}.`),
    withdrawnReason: (reason: string) => r`Grund: ${reason}`,
    shortened: (chars: number, file: string) => i(`Gekürzt – der vollständige Text (${chars} Zeichen) folgt als Datei ${file}.`),
    fileCaption: (id: string, v: number, hash: string) => r`Vollständiger Text von ${id}, Version ${v} (Prüfsumme ${code(hash)})`,
  },
  notFound: (id: string) => r`Eine Pressemitteilung ${id} gibt es nicht. Übersicht: ${code("!presse liste")}`,
  closed: (id: string, state: string) => r`${id} ist ${state} und kann nicht mehr geändert werden.`,
  unchanged: (id: string, v: number) => r`Der Text ist unverändert gegenüber Version ${v} von ${id}; es wurde keine neue Version angelegt.`,
  notAllowed: (id: string, author: Part) => r`Das dürfen bei ${id} nur der Verfasser (${author}) und Mitglieder mit der Rolle ${b("Pressefreigabe")}. Es wurde nichts geändert.`,
  approvedReply: (id: string, v: number, agency: string) => r`Ihre Freigabe von ${b(id)} (Version ${v}) für ${agency} ist gespeichert.`,
  alreadyApproved: (id: string, v: number) => r`Sie haben Version ${v} von ${id} bereits freigegeben.`,
  selfApproval: (id: string) =>
    r`Sie haben ${id} selbst verfasst. Nach der Konfiguration (Vier-Augen-Prinzip) zählt die Freigabe des Verfassers nicht; bitte lassen Sie eine andere Person Ihrer Behörde freigeben.`,
  reasonMissing: (id: string) => r`Bitte einen Grund angeben: ${code(`!presse ablehnen ${id} <Grund>`)}`,
  reasonTooLong: (max: number) => r`Der Grund ist zu lang (höchstens ${max} Zeichen).`,
  rejectedReply: (id: string, v: number, by: Part, agency: string, reason: string, author: Rich) =>
    lines(
      r`${b(id)} (Version ${v}) wurde von ${by} (${agency}) abgelehnt. Grund: ${sentenceEnd(reason)}`,
      concat(author, r`, bitte überarbeiten Sie den Text: ${code(`!presse überarbeiten ${id}`)}, den neuen Text in die folgenden Zeilen.`),
    ),
  askReason: (user: Rich, id: string, v: number) =>
    concat(user, r`: Sie haben ${b(id)} (Version ${v}) abgelehnt. Bitte nennen Sie den Grund: ${code(`!presse ablehnen ${id} <Grund>`)}`),
  allApproved: (id: string, v: number, author: Rich) =>
    lines(
      b(`${id} (Version ${v}) ist von allen Behörden freigegeben.`),
      concat(author, r`, Sie können jetzt veröffentlichen: ${code(`!presse veröffentlichen ${id}`)} – oder zu einem festen Zeitpunkt mit ${code("um=<Datum Zeit>")}.`),
    ),
  approvalLost: (id: string, v: number, missing: Part, scheduled: string | null, author: Rich) =>
    lines(
      concat(author, r`: ${b(id)} (Version ${v}) ist nicht mehr vollständig freigegeben – `, missing),
      scheduled ? r`Die für ${scheduled} geplante Veröffentlichung erfolgt nur, wenn bis dahin alle Freigaben vorliegen.` : null,
    ),
  missingAgencies: (names: string) => r`es fehlt noch die Freigabe durch: ${names}.`,
  rejectedBy: (who: Part) => r`abgelehnt von ${who}.`,
  notApproved: (id: string, v: number, why: Part) => concat(r`${id} kann nicht veröffentlicht werden: Version ${v} ist nicht von allen Behörden freigegeben – `, why),
  inPast: (when: string) => r`Der Zeitpunkt ${when} liegt nicht in der Zukunft. Für sofort bitte ohne ${code("um=")} senden.`,
  releaseScheduled: (id: string, v: number, when: string, before: string | null) =>
    lines(
      r`Die Veröffentlichung von ${b(id)} (Version ${v}) ist für ${b(when)} geplant. Dann wird die Freigabe erneut geprüft.`,
      before ? r`Der bisherige Termin (${before}) entfällt.` : null,
    ),
  releaseUnchanged: (id: string, when: string) => r`Die Veröffentlichung von ${b(id)} ist bereits für ${b(when)} geplant; es bleibt dabei.`,
  releaseCancelled: (id: string, when: string) => r`Die für ${when} geplante Veröffentlichung von ${id} ist aufgehoben.`,
  embargoDropped: (id: string, when: string) => r`${id} ist jetzt veröffentlicht; der für ${when} geplante Termin entfällt.`,
  releaseStopped: (id: string, when: string, why: Part, author: Rich) =>
    lines(b(`Die für ${when} geplante Veröffentlichung von ${id} wurde gestoppt.`), concat("Grund: Die aktuelle Fassung ist nicht von allen Behörden freigegeben – ", why), concat(author, ", bitte prüfen.")),
  release: {
    head: (id: string, v: number) => b(`📢 PRESSEMITTEILUNG ${id} (Version ${v}) – freigegeben zur Veröffentlichung`),
    approvedBy: (list: Part) => r`Freigegeben durch: ${list}`,
    footer: (hash: string, author: Rich) => concat(r`Prüfsumme des Textes: ${code(hash)} · Verfasst von `, author),
    end: i("— Ende der Pressemitteilung —"),
  },
  elsewhere: (id: string) => r`Erledigt; die Nachricht zu ${id} steht im Raum des Entwurfs.`,
  withdrawn: (id: string, reason: string | null, nudgesDropped: boolean) =>
    lines(r`${b(id)} ist zurückgezogen.${reason ? ` Grund: ${sentenceEnd(reason)}` : ""}`, nudgesDropped ? "Die Erinnerungen an die fehlenden Freigaben entfallen." : null),
  nudge: (id: string, v: number, title: string, since: string, missing: string, people: Rich | null) =>
    lines(
      r`Erinnerung: Entwurf ${b(id)} (Version ${v}) „${title}“ wartet seit ${since} auf die Freigabe durch: ${missing}.`,
      people ? concat(people, r` – bitte mit ✅ auf die Karte reagieren oder ${code(`!presse freigeben ${id}`)} schreiben.`) : null,
    ),
  replyHowTo: (id: string) =>
    r`Eine Antwort auf die Karte zählt nicht als Freigabe. Bitte reagieren Sie mit ✅ auf die Karte oder schreiben Sie ${code(`!presse freigeben ${id}`)} (ablehnen: ❌ oder ${code(`!presse ablehnen ${id} <Grund>`)}).`,
  oldCard: (id: string, v: number, current: number) =>
    r`Diese Karte zeigt Version ${v} von ${id}; aktuell ist Version ${current}. Bitte reagieren Sie auf der Karte von Version ${current} oder schreiben Sie ${code(`!presse freigeben ${id}`)}.`,
  oldCardReaction: (user: Rich, id: string, v: number, current: number) =>
    concat(user, r`: Ihre Reaktion auf Version ${v} von ${id} zählt nicht, aktuell ist Version ${current}. Bitte auf der Karte von Version ${current} reagieren oder ${code(`!presse freigeben ${id}`)} schreiben.`),
  selfReaction: (user: Rich, id: string) => concat(user, r`: Ihre eigene Freigabe von ${id} zählt nach der Konfiguration nicht (Vier-Augen-Prinzip).`),
  listHeads: { open: "Offene Pressemitteilungen", all: "Alle Pressemitteilungen" } satisfies Record<PressFilter, string>,
  listNone: { open: "Keine offenen Pressemitteilungen.", all: "Es gibt noch keine Pressemitteilungen." } satisfies Record<PressFilter, string>,
  listTitle: (head: string, n: number) => b(`${head}: ${n}`),
  listEmpty: (none: string) => r`${none} Neuer Entwurf: ${code("!presse entwurf <Titel>")}, den Text in die folgenden Zeilen.`,
  listItem: (id: string, title: string, v: number, status: Part) => concat(b(id), ` ${title} · Version ${v} · `, status),
  waitingShort: (missing: Part) => r`Freigabe ausstehend: ${missing}`,
  scheduledShort: (when: string) => r`Veröffentlichung geplant für ${when}`,
  rejectedShort: "abgelehnt, Überarbeitung erforderlich",
  more: (n: number) => i(`… und ${n} weitere`),
  status: {
    head: (id: string, title: string) => concat(b(id), " · ", title),
    state: (state: Part) => concat("Status: ", state),
    author: (author: Part, agency: string, when: string) => r`Verfasst von ${author} (${agency}) am ${when}`,
    versions: "Versionen:",
    version: (v: number, when: string, author: Part, hash: string, current: boolean) =>
      r`Version ${v} – ${when}, ${author}, Prüfsumme ${code(hash)}${current ? " (aktuell)" : ""}`,
    history: "Verlauf der Freigaben:",
    noHistory: "Noch keine Freigaben oder Ablehnungen.",
    decision: (when: string, v: number, agency: string, user: Part, kind: "approve" | "reject", via: "reaction" | "command", hash: string, reason: string | null) =>
      r`${when} – Version ${v} (${code(hash)}) – ${agency}: ${kind === "approve" ? "freigegeben" : "abgelehnt"} von ${user} ${via === "reaction" ? "per Reaktion" : "per Befehl"}${reason ? ` – ${reason}` : ""}`,
    revoked: (when: string) => i(` (zurückgenommen am ${when})`),
    released: (when: string, by: Part) => (by ? r`Veröffentlicht am ${when} von ${by}` : r`Veröffentlicht am ${when} zur Sperrfrist`),
    withdrawn: (when: string, by: Part, reason: string | null) => r`Zurückgezogen am ${when} von ${by}${reason ? ` – Grund: ${reason}` : ""}`,
  },
  label: (id: string) => `Freigabe-Erinnerung ${id}`,
  releaseLabel: (id: string) => `Veröffentlichung ${id}`,
};

const en: typeof de = {
  stateNames: { open: "open", approved: "approved", released: "released", withdrawn: "withdrawn" },
  args: {
    missingText: "The text of the statement is missing. Please put the title after the command and the text on the following lines.",
    missingRevision: "The new text is missing. Please write it on the lines below the command.",
    textTooLong: "The text is too long (at most 20,000 characters).",
    reviseWords: "The title stays as it is; please put only the ID after the command and the new text on the following lines.",
  },
  card: {
    waiting: (id, v, missing) => b(`Draft ${id} (version ${v}) – waiting for: ${missing}`),
    rejected: (id, v) => b(`Draft ${id} (version ${v}) – rejected, needs a revision`),
    approved: (id, v) => b(`Draft ${id} (version ${v}) – approved by all agencies`),
    released: (id, v, when) => b(`${id} (version ${v}) – released ${when}`),
    withdrawn: (id, v) => b(`${id} (version ${v}) – withdrawn`),
    superseded: (id, v, next) => b(`Draft ${id} (version ${v}) – superseded by version ${next}`),
    title: (title) => r`Title: ${b(title)}`,
    meta: (author, agency, v, when, hash) => r`Version ${v} by ${author} (${agency}), ${when} · SHA-256 ${code(hash)}`,
    changes: (prev) => `Changes since version ${prev} (− removed, + new):`,
    moreChanges: (n) => i(n === 1 ? "… and 1 more changed line" : `… and ${n} more changed lines`),
    approvals: "Approvals:",
    agency: (name, status) => concat(`${name}: `, status),
    approvedBy: (user, when) => r`approved by ${user} (${when})`,
    rejectedBy: (user, when, reason) => (reason ? r`rejected by ${user} (${when}): ${reason}` : r`rejected by ${user} (${when}), no reason given yet`),
    waitingFor: "pending",
    howTo: (id) => r`Approve: ✅ on this message or ${code(`!press approve ${id}`)} · Reject: ❌ or ${code(`!press reject ${id} <reason>`)}`,
    howToRelease: (id) => r`Release: ${code(`!press release ${id}`)} (now) or with ${code("at=<date time>")} · Rejecting is still possible: ❌ or ${code(`!press reject ${id} <reason>`)}`,
    requested: (people) => concat("Approval requested from: ", people),
    scheduled: (when) => r`Release scheduled for ${b(when)} – it happens only if all approvals are in place then.`,
    supersededNote: (next) => i(`Reactions on this card no longer count; use the card of version ${next}.`),
    withdrawnReason: (reason) => r`Reason: ${reason}`,
    shortened: (chars, file) => i(`Shortened – the full text (${chars} characters) follows as the file ${file}.`),
    fileCaption: (id, v, hash) => r`Full text of ${id}, version ${v} (SHA-256 ${code(hash)})`,
  },
  notFound: (id) => r`There is no press statement ${id}. Overview: ${code("!press list")}`,
  closed: (id, state) => r`${id} is ${state} and can no longer be changed.`,
  unchanged: (id, v) => r`The text is the same as version ${v} of ${id}; no new version was created.`,
  notAllowed: (id, author) => r`For ${id} only the author (${author}) and members with the role ${b("press")} may do this. Nothing was changed.`,
  approvedReply: (id, v, agency) => r`Your approval of ${b(id)} (version ${v}) for ${agency} is recorded.`,
  alreadyApproved: (id, v) => r`You have already approved version ${v} of ${id}.`,
  selfApproval: (id) => r`You wrote ${id} yourself. By configuration (four-eyes rule) the author's approval does not count; please ask another person of your agency.`,
  reasonMissing: (id) => r`Please give a reason: ${code(`!press reject ${id} <reason>`)}`,
  reasonTooLong: (max) => r`The reason is too long (at most ${max} characters).`,
  rejectedReply: (id, v, by, agency, reason, author) =>
    lines(r`${b(id)} (version ${v}) was rejected by ${by} (${agency}). Reason: ${sentenceEnd(reason)}`, concat(author, r`, please revise the text: ${code(`!press revise ${id}`)}, with the new text on the following lines.`)),
  askReason: (user, id, v) => concat(user, r`: you rejected ${b(id)} (version ${v}). Please give the reason: ${code(`!press reject ${id} <reason>`)}`),
  allApproved: (id, v, author) =>
    lines(b(`${id} (version ${v}) is approved by all agencies.`), concat(author, r`, you can release it now: ${code(`!press release ${id}`)} – or at a set time with ${code("at=<date time>")}.`)),
  approvalLost: (id, v, missing, scheduled, author) =>
    lines(
      concat(author, r`: ${b(id)} (version ${v}) is no longer fully approved – `, missing),
      scheduled ? r`The release scheduled for ${scheduled} happens only if all approvals are in place by then.` : null,
    ),
  missingAgencies: (names) => r`approval missing from: ${names}.`,
  rejectedBy: (who) => r`rejected by ${who}.`,
  notApproved: (id, v, why) => concat(r`${id} cannot be released: version ${v} is not approved by all agencies – `, why),
  inPast: (when) => r`The time ${when} is not in the future. To release now, send the command without ${code("at=")}.`,
  releaseScheduled: (id, v, when, before) =>
    lines(r`The release of ${b(id)} (version ${v}) is scheduled for ${b(when)}. The approval will be checked again then.`, before ? r`The previous time (${before}) is dropped.` : null),
  releaseUnchanged: (id, when) => r`The release of ${b(id)} is already scheduled for ${b(when)}; nothing changes.`,
  releaseCancelled: (id, when) => r`The release of ${id} scheduled for ${when} is cancelled.`,
  embargoDropped: (id, when) => r`${id} is now released; the time set for ${when} is dropped.`,
  releaseStopped: (id, when, why, author) =>
    lines(b(`The release of ${id} scheduled for ${when} was stopped.`), concat("Reason: the current version is not approved by all agencies – ", why), concat(author, ", please check.")),
  release: {
    head: (id, v) => b(`📢 PRESS STATEMENT ${id} (version ${v}) – approved for release`),
    approvedBy: (list) => r`Approved by: ${list}`,
    footer: (hash, author) => concat(r`SHA-256 of the text: ${code(hash)} · Written by `, author),
    end: i("— End of statement —"),
  },
  elsewhere: (id) => r`Done; the message about ${id} is in the room of the draft.`,
  withdrawn: (id, reason, nudgesDropped) =>
    lines(r`${b(id)} is withdrawn.${reason ? ` Reason: ${sentenceEnd(reason)}` : ""}`, nudgesDropped ? "Reminders about the missing approvals are dropped." : null),
  nudge: (id, v, title, since, missing, people) =>
    lines(
      r`Reminder: draft ${b(id)} (version ${v}) "${title}" has been waiting ${since} for approval from: ${missing}.`,
      people ? concat(people, r` – please react ✅ on the card or write ${code(`!press approve ${id}`)}.`) : null,
    ),
  replyHowTo: (id) => r`A reply to the card does not count as approval. Please react ✅ on the card or write ${code(`!press approve ${id}`)} (reject: ❌ or ${code(`!press reject ${id} <reason>`)}).`,
  oldCard: (id, v, current) => r`This card shows version ${v} of ${id}; the current one is version ${current}. Please react on the card of version ${current} or write ${code(`!press approve ${id}`)}.`,
  oldCardReaction: (user, id, v, current) =>
    concat(user, r`: your reaction on version ${v} of ${id} does not count; the current one is version ${current}. Please react on its card or write ${code(`!press approve ${id}`)}.`),
  selfReaction: (user, id) => concat(user, r`: by configuration your own approval of ${id} does not count (four-eyes rule).`),
  listHeads: { open: "Open press statements", all: "All press statements" },
  listNone: { open: "No open press statements.", all: "There are no press statements yet." },
  listTitle: (head, n) => b(`${head}: ${n}`),
  listEmpty: (none) => r`${none} New draft: ${code("!press draft <title>")} with the text on the following lines.`,
  listItem: (id, title, v, status) => concat(b(id), ` ${title} · version ${v} · `, status),
  waitingShort: (missing) => r`waiting for: ${missing}`,
  scheduledShort: (when) => r`release scheduled for ${when}`,
  rejectedShort: "rejected, needs a revision",
  more: (n) => i(`… and ${n} more`),
  status: {
    head: (id, title) => concat(b(id), " · ", title),
    state: (state) => concat("State: ", state),
    author: (author, agency, when) => r`Written by ${author} (${agency}) on ${when}`,
    versions: "Versions:",
    version: (v, when, author, hash, current) => r`Version ${v} – ${when}, ${author}, SHA-256 ${code(hash)}${current ? " (current)" : ""}`,
    history: "Approval history:",
    noHistory: "No approvals or rejections yet.",
    decision: (when, v, agency, user, kind, via, hash, reason) =>
      r`${when} – version ${v} (${code(hash)}) – ${agency}: ${kind === "approve" ? "approved" : "rejected"} by ${user} ${via === "reaction" ? "by reaction" : "by command"}${reason ? ` – ${reason}` : ""}`,
    revoked: (when) => i(` (withdrawn ${when})`),
    released: (when, by) => (by ? r`Released ${when} by ${by}` : r`Released ${when} at the embargo time`),
    withdrawn: (when, by, reason) => r`Withdrawn ${when} by ${by}${reason ? ` – reason: ${reason}` : ""}`,
  },
  label: (id) => `Approval reminder ${id}`,
  releaseLabel: (id) => `Release ${id}`,
};

export const pressMessages: Catalog<typeof de> = { de, en };
