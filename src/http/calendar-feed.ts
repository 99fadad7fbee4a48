// The personal calendar feeds (config `calendar`, `!kalender abo`): GET /calendar/<token>.ics on a
// listener of its own, meant to sit behind the agencies' reverse proxy. The token is the only secret:
// it is never logged (not even the path), and an unknown, replaced or revoked token, or one whose
// holder left every served room or belongs to no agency any more, gets the same 404.
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Database } from "../db/open.ts";
import { agencyOf } from "../pipeline/authorize.ts";
import { baseContext } from "../pipeline/context.ts";
import type { Clock } from "../pipeline/context.ts";
import type { FamilySpec, RuntimeInfo } from "../pipeline/family.ts";
import { calendarText, newCalendar } from "../render/ics.ts";
import { CalendarFeedStore, feedTokenHash } from "../store/calendar-feed.ts";
import { listen } from "./listen.ts";
import type { HttpEndpoint } from "./listen.ts";


export interface FeedEnv {
  db: Database;
  config: Config;
  clock: Clock;
  families: readonly FamilySpec[];
}

const TITLE = { de: "Lagebot: Einsätze und Sitzungen", en: "Lagebot: operations and meetings" } as const;

/** 32 random bytes in base64url (store/calendar-feed.ts). */
const PATH = /^\/calendar\/([A-Za-z0-9_-]{43})\.ics$/;

const noRuntime = (): RuntimeInfo => {
  throw new Error("the calendar feed has no runtime snapshot");
};

/** The feed's text for this token, or null (404) when it names no feed its holder may still see. */
export function feedText(env: FeedEnv, token: string): string | null {
  const { db, config } = env;
  // One read transaction: the operations and meetings of one moment.
  return db.transaction(() => {
    const feeds = new CalendarFeedStore(db);
    const owner = feeds.ownerOf(feedTokenHash(token));
    // The same people as `!einsatz kalender` / `!gremium kalender`: agency members in a served room.
    if (!owner || agencyOf(config, owner) === null || !feeds.inServedRoom(owner)) return null;
    const ctx = baseContext({ db, config, clock: env.clock, runtime: noRuntime, registry: { families: env.families } }, { userId: "bot", agency: null, roomId: null, eventId: null });
    const cal = newCalendar(TITLE[config.language], config.timezone);
    for (const f of env.families) f.calendar?.(ctx, cal);
    return calendarText(cal);
  })();
}

/** A strong validator of the text: equal text, equal tag. */
export function etagOf(text: string): string {
  return `"${createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 32)}"`;
}

/** If-None-Match names this tag (or is "*"); weak comparison, as RFC 9110 asks for it. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").map((t) => t.trim().replace(/^W\//, "")).some((t) => t === "*" || t === etag);
}

export interface FeedAnswer {
  status: 200 | 304 | 404 | 405;
  headers: Record<string, string>;
  body: string;
}

/** The answer to one request, apart from the socket (tests call it directly). */
export function answer(env: FeedEnv, req: { method: string | undefined; url: string | undefined; ifNoneMatch: string | undefined }): FeedAnswer {
  const plain = { "content-type": "text/plain; charset=utf-8" };
  if (req.method !== "GET" && req.method !== "HEAD") return { status: 405, headers: { ...plain, allow: "GET, HEAD" }, body: "method not allowed\n" };
  const token = PATH.exec((req.url ?? "/").split("?")[0] ?? "")?.[1];
  const text = token ? feedText(env, token) : null;
  if (text === null) return { status: 404, headers: plain, body: "not found\n" };
  const etag = etagOf(text);
  // A calendar polls; it asks again each time, and the URL must stay out of shared caches and referrers.
  const headers = { etag, "cache-control": "private, no-cache", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff" };
  if (matches(req.ifNoneMatch, etag)) return { status: 304, headers, body: "" };
  return { status: 200, headers: { ...headers, "content-type": "text/calendar; charset=utf-8" }, body: text };
}

export async function startCalendarFeed(o: FeedEnv & { host: string; port: number; log: Logger }): Promise<HttpEndpoint> {
  const endpoint = await listen(o.host, o.port, (req, res) => {
    try {
      const a = answer(o, { method: req.method, url: req.url, ifNoneMatch: req.headers["if-none-match"] });
      res.writeHead(a.status, a.status === 304 ? a.headers : { ...a.headers, "content-length": String(Buffer.byteLength(a.body)) });
      res.end(req.method === "HEAD" || a.status === 304 ? undefined : a.body);
    } catch (e) {
      // Never the path: it holds the token.
      o.log.error({ err: e }, "calendar feed request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("internal error\n");
      else res.destroy();
    }
  });
  o.log.info({ host: endpoint.host, port: endpoint.port }, "calendar feed listening");
  return endpoint;
}
