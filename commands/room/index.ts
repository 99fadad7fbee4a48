// Room safety (!raum / !room): who in the room belongs to no agency, and whether the room is
// encrypted (when the bot is), invite-only, not readable from outside and, with a server ACL, open to
// the agencies' servers only. Also the report posted by itself when that changes (src/rooms/tracker.ts
// queues the job; it posts only what differs from the last report). Harmless: it shows no content.
import { z } from "zod";
import { defineJob, defineVerb } from "../../src/pipeline/family.ts";
import type { BaseContext, FamilySpec, JobContext } from "../../src/pipeline/family.ts";
import { lines, list } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { agencyServers, findingsKey, keyHasStrangers } from "../../src/rooms/safety.ts";
import type { Assessment, Finding } from "../../src/rooms/safety.ts";
import { roomMessages } from "./messages.ts";
import { greetJob, greetPayload } from "./greeting.ts";

function findingText(ctx: BaseContext, f: Finding): Rich {
  const m = ctx.t(roomMessages);
  switch (f.kind) {
    case "strangers":
      return m.strangers(f.members, ctx.config.roomSafety === "withhold");
    case "unencrypted":
      return m.unencrypted();
    case "joinRule":
      return m.joinRule(f.rule);
    case "guestAccess":
      return m.guestAccess();
    case "worldReadable":
      return m.worldReadable();
    case "aclWildcard":
      return m.aclWildcard(f.entries, agencyServers(ctx.config).map((s) => s.server));
    case "aclExtraServers":
      return m.aclExtraServers(f.servers);
    case "aclIpLiterals":
      return m.aclIpLiterals();
    case "aclShutsOut":
      return m.aclShutsOut(f.servers);
    default: {
      const never: never = f;
      return never;
    }
  }
}

/** The findings with how to fix each; `clean` is the line for a room without any. */
function report(ctx: BaseContext, a: Assessment, clean: Rich): Rich {
  const m = ctx.t(roomMessages);
  // Not read in full yet: no findings so far is no clean bill, so only "still reading" is said then.
  const head = a.findings.length > 0 ? lines(m.faults(a.findings.length), list(a.findings.map((f) => findingText(ctx, f)))) : a.complete ? clean : null;
  return lines(head, a.knock ? m.knock() : null, a.complete ? null : m.incomplete());
}

const auditDetails = (ctx: BaseContext, a: Assessment) => ({
  findings: a.findings.map((f) => f.kind),
  strangers: a.findings.flatMap((f) => (f.kind === "strangers" ? f.members.map((x) => x.userId) : [])),
  roomSafety: ctx.config.roomSafety,
});

const check = defineVerb({
  name: "",
  mutates: false,
  usage: { de: "!raum", en: "!room" },
  help: {
    de: "prüft den Raum: Mitglieder ohne Behörde, Verschlüsselung, Beitrittsregel, Lesbarkeit des Verlaufs, Server-ACL – mit Abhilfe",
    en: "checks the room: members of no agency, encryption, join rule, history visibility, server ACL – with how to fix each",
  },
  args: () => z.object({}),
  handle(ctx) {
    const a = ctx.roomSafety(ctx.roomId);
    ctx.reply(report(ctx, a, ctx.t(roomMessages).clean()));
    if (a.findings.length > 0) ctx.audit("room.warning", ctx.roomId, { ...auditDetails(ctx, a), asked: true });
    return ctx.ok();
  },
});

/** Posts the room's findings once they differ from the last report: new faults, or all of them gone. */
function reportJob(ctx: JobContext): void {
  const a = ctx.roomSafety(ctx.roomId);
  if (!a.complete) return; // the read of the whole state queues this job again
  const key = findingsKey(a.findings);
  const last = ctx.store.roomReports.last(ctx.roomId);
  if (key === last) return;
  const resumes = keyHasStrangers(last) && ctx.config.roomSafety === "withhold";
  ctx.post(ctx.roomId, report(ctx, a, ctx.t(roomMessages).cleanAgain(resumes)));
  ctx.audit(key === null ? "room.clean" : "room.warning", ctx.roomId, auditDetails(ctx, a));
  ctx.store.roomReports.record(ctx.roomId, key, ctx.now().getTime());
}

const room: FamilySpec = {
  name: "room",
  aliases: ["raum"],
  title: { de: "Sicherheit des Raums prüfen: wer mitliest und wer hinein kann", en: "check the room's safety: who reads along and who can get in" },
  verbs: [check],
  jobs: { report: reportJob, greet: defineJob({ payload: greetPayload, run: greetJob }) },
};
export default room;
