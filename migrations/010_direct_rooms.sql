-- Direct rooms: what is for one person only (an audit export) goes to them in a room of their own
-- with the bot, never into a shared room.

-- The bot's direct room with each user, created by the bot (encrypted when the bot encrypts) and
-- reused as long as the user is in it and its encryption matches the bot's.
CREATE TABLE direct_rooms (
  user_id    TEXT PRIMARY KEY CHECK (user_id LIKE '@_%:_%'),
  room_id    TEXT NOT NULL UNIQUE CHECK (room_id LIKE '!_%'),
  encrypted  INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- The outbox gains the kind 'direct': open (or reuse, or invite again into) the direct room with the
-- user in room_id. Rows for that person wait under their user ID as room_id, behind the 'direct' row,
-- and are moved to the real room once it is open. SQLite cannot change a CHECK, so the table is
-- rebuilt; renaming the old one first keeps its self-reference on the old rows while they are copied.
ALTER TABLE outbox RENAME TO outbox_old;
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  room_id         TEXT NOT NULL,
  txn_id          TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'edit', 'reaction', 'redaction', 'upload', 'direct')),
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
  sent_at         INTEGER,
  sensitive       TEXT CHECK (sensitive IS NULL OR length(sensitive) BETWEEN 1 AND 200),
  withheld_at     INTEGER CHECK (withheld_at IS NULL OR state = 'failed'),
  -- a user's rows wait under their user ID only until their direct room is open
  CHECK (room_id LIKE '!_%' OR room_id LIKE '@_%:_%')
) STRICT;
-- In id order: an edit or reaction refers to an earlier row, which is then already there.
INSERT INTO outbox (id, room_id, txn_id, kind, event_type, content, target_outbox_id, target_event_id, file, file_name, file_mime, ref, state,
    attempts, next_attempt_at, last_error, event_id, created_at, sent_at, sensitive, withheld_at)
  SELECT id, room_id, txn_id, kind, event_type, content, target_outbox_id, target_event_id, file, file_name, file_mime, ref, state,
    attempts, next_attempt_at, last_error, event_id, created_at, sent_at, sensitive, withheld_at
  FROM outbox_old ORDER BY id;
DROP TABLE outbox_old;
CREATE INDEX outbox_pending ON outbox (state, room_id, id) WHERE state = 'pending';
CREATE INDEX outbox_ref ON outbox (ref) WHERE ref IS NOT NULL;
CREATE INDEX outbox_event ON outbox (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX outbox_failed ON outbox (id) WHERE state = 'failed';
