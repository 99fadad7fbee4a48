// The config file contract (shared/spec/config.md): zod schema, every problem reported at once.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { IANAZone } from "luxon";

const DURATION_RE = /^(\d+)(s|m|h|d|w|y)$/;
// "y" is 365 days: only meant for retention periods ("2y"), where a calendar year's leap day is moot.
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 } as const;

/** "90s" | "5m" | "1h" | "1d" | "2w" | "2y" → milliseconds; null when not of that form or zero. */
export function durationMs(s: string): number | null {
  const m = DURATION_RE.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] as keyof typeof UNIT_MS;
  return n > 0 ? n * UNIT_MS[unit] : null;
}

/** How long an encrypted event waits for its room key (the config has checked the duration). */
export const keyWaitWindowMs = (config: Pick<Config, "keyWaitWindow">): number => durationMs(config.keyWaitWindow) ?? 600_000;

/** How long after the bot's last sign of life its bot-down alarm goes out. */
export const alarmAfterMs = (config: Pick<Config, "alarm">): number => durationMs(config.alarm.after) ?? 600_000;

const duration = z
  .string()
  .refine((s) => durationMs(s) !== null, { error: 'a duration such as "90s", "5m", "1h", "1d", "2w" or "2y"' });
const userIdStr = z.string().regex(/^@[^:\s]+:[^\s]+$/, { error: 'a Matrix user ID such as "@name:server.example"' });
const roleMember = z.union([z.literal("*"), userIdStr]);
const serverName = z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$/, { error: 'a server name such as "stadt.example"' });

const ROLE_NAMES = ["planner", "press", "chair", "auditor"] as const;
export type Role = (typeof ROLE_NAMES)[number];

const agencySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, { error: 'a short lower-case id such as "city"' }),
  name: z.string().min(1).max(60),
  servers: z.array(serverName).default([]),
  users: z.array(userIdStr).default([]),
  roles: z.partialRecord(z.enum(ROLE_NAMES), z.array(roleMember)).default({}),
});

export const configSchema = z
  .strictObject({
    homeserverUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as "https://matrix.stadt.example"' }),
    accessToken: z.string().min(1).optional(),
    dataDir: z.string().min(1).default("./data"),
    language: z.enum(["de", "en"]).default("de"),
    timezone: z
      .string()
      .refine((z) => IANAZone.isValidZone(z), { error: 'an IANA time zone such as "Europe/Berlin"' })
      .default("Europe/Berlin"),
    encryption: z.boolean().default(false),
    /** A served room holding someone of no agency: "withhold" sensitive content there, or only "warn". */
    roomSafety: z.enum(["withhold", "warn"]).default("withhold"),
    rooms: z.array(z.string().regex(/^![^:\s]+(:[^\s]+)?$/, { error: 'a room ID such as "!abc:stadt.example"' })).default([]),
    agencies: z.array(agencySchema).min(2, { error: "at least two agencies" }),
    reminders: z
      .strictObject({
        operations: z.array(duration).default(["24h", "1h"]),
        meetings: z.array(duration).default(["1d", "1h"]),
        pressPending: z.array(duration).default(["4h", "1d"]),
      })
      .prefault({}),
    press: z.strictObject({ selfApproval: z.boolean().default(true) }).prefault({}),
    catchUpWindow: duration.default("24h"),
    /** Commands older than this when first seen are answered "arrived late" instead of run. */
    lateCommandAfter: duration.default("10m"),
    /** An encrypted event whose room key is missing is tried again this long before the bot says it cannot read it. */
    keyWaitWindow: duration.default("10m"),
    holidays: z.string().regex(/^[A-Z]{2}$/).default("NW"),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error"]).default("info"),
    /** The HTTP endpoint with /health and /metrics; off unless a port is given. */
    metrics: z
      .strictObject({
        port: z.number().int().min(0).max(65_535).nullable().default(null),
        host: z.string().min(1).default("127.0.0.1"),
      })
      .prefault({}),
    /** The personal calendar feeds (`!kalender abo`): a listener of their own, off unless configured. */
    calendar: z
      .strictObject({
        /** Where people reach the listener, through the agencies' reverse proxy (TLS): the feed URLs start with it. */
        publicUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as "https://lagebot.stadt.example"' }),
        port: z.number().int().min(0).max(65_535),
        bind: z.string().min(1).default("127.0.0.1"),
      })
      .nullable()
      .default(null),
    /** How long records are kept (DSGVO); a daily job deletes or anonymises what is due. */
    retention: z
      .strictObject({
        /** Operations, counted from their date. */
        operations: duration.default("2y"),
        /** Press drafts, counted from their release or withdrawal. */
        pressDrafts: duration.default("5y"),
        /** Personal notes on hotspots, counted from the spot's closing. */
        spotNotes: duration.default("1y"),
        /** Committees' agenda and action items, counted from when they were done. */
        committeeItems: duration.default("3y"),
        /** The bot's own copies of sent messages and files (the outbox), counted from sending. */
        sentMessages: duration.default("90d"),
      })
      .prefault({}),
    /**
     * Bot-down alarm: where the homeserver keeps delayed events (MSC4140), a message waits in every
     * served room and goes out `after` the bot last showed it was alive (after a crash or a hang).
     */
    alarm: z.strictObject({ enabled: z.boolean().default(true), after: duration.default("10m") }).prefault({}),
    /** A notice greeting each person who joins a served room once: what the bot is, `!hilfe`, and what awaits their agency. */
    greeting: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
    /** The situation picture: an optional weekly `!lage` post into every served room; how often the pinned card (`!lage anheften`) is re-rendered, and edited if it changed. */
    situation: z
      .strictObject({
        pinRefresh: duration.default("1m"),
        weekly: z
          .strictObject({
            weekday: z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
            time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time such as "07:30"' }),
          })
          .nullable()
          .default(null),
      })
      .prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const byServer = new Map<string, string>();
    const byUser = new Map<string, string>();
    const ids = new Set<string>();
    cfg.agencies.forEach((a, i) => {
      if (ids.has(a.id)) ctx.addIssue({ code: "custom", path: ["agencies", i, "id"], message: "a unique agency id", input: a.id });
      ids.add(a.id);
      a.servers.forEach((s, j) => {
        const other = byServer.get(s.toLowerCase());
        if (other) ctx.addIssue({ code: "custom", path: ["agencies", i, "servers", j], message: `a server not already in agency "${other}"`, input: s });
        else byServer.set(s.toLowerCase(), a.id);
      });
      a.users.forEach((u, j) => {
        const other = byUser.get(u);
        if (other) ctx.addIssue({ code: "custom", path: ["agencies", i, "users", j], message: `a user not already in agency "${other}"`, input: u });
        else byUser.set(u, a.id);
      });
    });
    // A role holder must belong to the agency the role is given in.
    cfg.agencies.forEach((a, i) => {
      for (const [role, members] of Object.entries(a.roles)) {
        members.forEach((m, j) => {
          if (m === "*") return;
          const owner = byUser.get(m) ?? byServer.get(m.slice(m.indexOf(":") + 1).toLowerCase());
          if (owner !== a.id)
            ctx.addIssue({ code: "custom", path: ["agencies", i, "roles", role, j], message: `a member of agency "${a.id}"`, input: m });
        });
      }
    });
  });

export type Config = z.infer<typeof configSchema> & { accessToken: string };
export type AgencyConfig = Config["agencies"][number];

export interface ConfigProblem {
  path: string;
  expected: string;
  found: string;
}

function describeFound(v: unknown): string {
  if (v === undefined) return "nothing";
  // JSON.stringify returns undefined, whatever its declared type, for a function, a symbol or a toJSON() giving undefined.
  const json = JSON.stringify(v) as string | undefined;
  const s = json ?? (typeof v === "function" || typeof v === "symbol" ? String(v) : Object.prototype.toString.call(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Object.getOwnPropertyDescriptor(cur, key)?.value;
  }
  return cur;
}

function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "") || "(root)";
}

export type LoadResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Validates parsed JSON plus the environment; the environment's access token wins over the file's. */
export function validateConfig(raw: unknown, env: NodeJS.ProcessEnv): LoadResult {
  const parsed = configSchema.safeParse(raw);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const found = valueAt(raw, issue.path);
      let expected = issue.message;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          problems.push({ path: pathString([...issue.path, key]), expected: "no such key (see config.example.json)", found: describeFound(valueAt(raw, [...issue.path, key])) });
        continue;
      }
      if (issue.code === "invalid_type") expected = issue.expected;
      problems.push({ path: pathString(issue.path), expected, found: describeFound(found) });
    }
  }
  const fileToken = valueAt(raw, ["accessToken"]);
  const token = env["LAGEBOT_ACCESS_TOKEN"] || (typeof fileToken === "string" ? fileToken : undefined);
  if (!token) problems.push({ path: "accessToken", expected: "an access token (or the LAGEBOT_ACCESS_TOKEN environment variable)", found: "nothing" });
  if (problems.length > 0 || !parsed.success || !token) return { ok: false, problems };
  return { ok: true, config: { ...parsed.data, accessToken: token } };
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, problems: [{ path: "(file)", expected: `a readable config file at ${path}`, found: (e as NodeJS.ErrnoException).code ?? "unreadable" }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: "(file)", expected: "valid JSON", found: e instanceof Error ? e.message : "invalid JSON" }] };
  }
  return validateConfig(raw, env);
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  return [`Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):`, ...problems.map((p) => `  - ${p.path}: expected ${p.expected}, found ${p.found}`)].join("\n");
}
