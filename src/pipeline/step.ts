// What each step on the path of a message returns: the value the next step takes, or where the path
// ends — nothing to say, one error reply, a refusal — as a value. pipeline/answer.ts carries out an
// end; only bugs throw (pipeline/dispatch.ts catches them).
import type { Incoming } from "../matrix/events.ts";
import type { Rich } from "../render/rich.ts";
import type { Member } from "../store/room-safety.ts";
import type { Sender } from "./family.ts";

export type Message = Extract<Incoming, { kind: "message" }>;

export type Step<T> = { kind: "next"; value: T } | Stop;

/** A refused attempt, put on record in the audit log: who tried which action, and why not. */
export interface Refusal {
  sender: Sender;
  action: string;
  reason: string;
}

export type Stop =
  /** Not for us, or nothing to say: only the inbox row's outcome tells what it was. */
  | { kind: "ignore"; outcome: string }
  /** One reply to the message, within the sender's error budget; a refused attempt is audited first. */
  | { kind: "error"; message: Rich; refusal: Refusal | null }
  /** Like error, but a question: a reply to it by the sender completes `command` (pipeline/questions.ts). */
  | { kind: "ask"; message: Rich; refusal: Refusal | null; command: string; about: string | null }
  /** Someone of no agency addressed a family: audited, and told so once a day per room. */
  | { kind: "stranger"; family: string }
  /** A sensitive verb in a room holding someone of no agency: a notice saying why and who, nothing else. */
  | { kind: "withhold"; sender: Sender; action: string; what: string; strangers: readonly Member[] };

export const next = <T>(value: T): Step<T> => ({ kind: "next", value });
export const ignore = (outcome: string): Stop => ({ kind: "ignore", outcome });
export const errorReply = (message: Rich, refusal: Refusal | null = null): Stop => ({ kind: "error", message, refusal });
