-- Core machinery: inbox, outbox, schedule, audit log, SDK key-value storage, served rooms.

-- Every incoming event we may act on, stored before it is handled (dedupe on event_id).
CREATE TABLE inbox (
  seq         INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,
  room_id     TEXT NOT NULL,
  sender      TEXT NOT NULL,
  type        TEXT NOT NULL,
  origin_ts   INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  -- the raw event while pending; cleared once handled so message text is not kept
  event       TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'done', 'skipped')),
  outcome     TEXT,
  handled_at  INTEGER
) STRICT;
CREATE INDEX inbox_pending ON inbox (state, seq) WHERE state = 'pending';

-- Every event the bot sends: a row with a stable txn_id first, then PUT /send/{type}/{txn_id}.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  room_id         TEXT NOT NULL,
  txn_id          TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'edit', 'reaction', 'redaction', 'upload')),
  event_type      TEXT NOT NULL,
  content         TEXT NOT NULL,
  -- edits and reactions on our own messages: the target's event_id is known only once it is sent
  target_outbox_id INTEGER REFERENCES outbox (id),
  target_event_id TEXT,
  file            BLOB,
  file_name       TEXT,
  file_mime       TEXT,
  ref             TEXT,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  event_id        TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, room_id, id) WHERE state = 'pending';
CREATE INDEX outbox_ref ON outbox (ref) WHERE ref IS NOT NULL;
CREATE INDEX outbox_event ON outbox (event_id) WHERE event_id IS NOT NULL;

-- Every future post (reminders, agendas, releases, nudges).
CREATE TABLE schedule (
  id         INTEGER PRIMARY KEY,
  job        TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  due_at     INTEGER NOT NULL,
  ref        TEXT,
  payload    TEXT NOT NULL DEFAULT '{}',
  state      TEXT NOT NULL CHECK (state IN ('pending', 'done', 'cancelled', 'missed')),
  created_at INTEGER NOT NULL,
  done_at    INTEGER,
  late       INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1))
) STRICT;
CREATE INDEX schedule_due ON schedule (state, due_at) WHERE state = 'pending';
CREATE INDEX schedule_ref ON schedule (ref) WHERE ref IS NOT NULL;

-- Append-only, hash-chained record of every state change and every refused attempt.
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  agency    TEXT,
  action    TEXT NOT NULL,
  target    TEXT,
  room_id   TEXT,
  event_id  TEXT,
  outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
  details   TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- The SDK's storage (sync token, filter, arbitrary keys).
CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Rooms the bot serves beyond the configured allowlist (joined on a member's invite).
CREATE TABLE rooms (
  room_id    TEXT PRIMARY KEY,
  source     TEXT NOT NULL CHECK (source IN ('config', 'invite')),
  invited_by TEXT,
  state      TEXT NOT NULL CHECK (state IN ('joined', 'left', 'declined')),
  joined_at  INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;

-- Reactions on our own messages, so a later redaction can be traced back to what it withdrew.
CREATE TABLE reactions (
  event_id  TEXT PRIMARY KEY,
  room_id   TEXT NOT NULL,
  sender    TEXT NOT NULL,
  target    TEXT NOT NULL,
  key       TEXT NOT NULL,
  ref       TEXT,
  redacted  INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))
) STRICT;

-- Non-members get one polite refusal per room and day.
CREATE TABLE refusals (
  user_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  day     TEXT NOT NULL,
  PRIMARY KEY (user_id, room_id, day)
) STRICT;
