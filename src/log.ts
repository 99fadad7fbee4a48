// Structured JSON logs on stdout. Log lines carry IDs (event, room, command), never message bodies.
import { pino } from "pino";
import type { Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "lagebot" }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 1, sync: true }));
}
