// Which other homeservers the bot's own server could not reach on our behalf. The client API hides a
// federation outage when sending (the event is accepted and queued); the only answers that name
// servers are those of /keys/query and /keys/claim, whose `failures` map lists each server that did
// not answer. The E2EE path asks them before it encrypts, so in encrypted rooms this is what we know.
import { z } from "zod";

const keysAnswer = z.object({ failures: z.record(z.string(), z.unknown()).optional() });
const queryBody = z.object({ device_keys: z.record(z.string(), z.unknown()) });
const claimBody = z.object({ one_time_keys: z.record(z.string(), z.unknown()) });

export interface UnreachableServer {
  server: string;
  /** The first failed answer of this spell. */
  since: Date;
  /** The most recent failed answer. */
  last: Date;
}

const KEYS_PATHS = new Map<string, z.ZodType<Record<string, unknown>>>([
  ["/_matrix/client/v3/keys/query", queryBody.transform((b) => b.device_keys)],
  ["/_matrix/client/v3/keys/claim", claimBody.transform((b) => b.one_time_keys)],
]);

/** The server part of a user ID (everything after the first colon), or null. */
function serverOf(userId: string): string | null {
  const at = userId.indexOf(":");
  return userId.startsWith("@") && at > 1 ? userId.slice(at + 1) : null;
}

export class Reachability {
  private readonly failing = new Map<string, UnreachableServer>();

  /**
   * Takes in one answered request. Servers named in `failures` are unreachable from now; servers
   * whose users were asked about and that are not named answered, which ends their spell.
   */
  observe(path: string, body: unknown, answer: unknown, at: Date): void {
    const asked = KEYS_PATHS.get(path)?.safeParse(body);
    const parsed = keysAnswer.safeParse(answer);
    if (!asked?.success || !parsed.success) return;
    const failures = new Set(Object.keys(parsed.data.failures ?? {}));
    for (const user of Object.keys(asked.data)) {
      const server = serverOf(user);
      if (server !== null && !failures.has(server)) this.failing.delete(server);
    }
    for (const server of failures) {
      const known = this.failing.get(server);
      this.failing.set(server, { server, since: known?.since ?? at, last: at });
    }
  }

  /** The servers currently failing, by name. */
  unreachable(): UnreachableServer[] {
    return [...this.failing.values()].sort((a, b) => a.server.localeCompare(b.server));
  }
}
