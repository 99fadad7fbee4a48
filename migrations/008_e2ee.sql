-- End-to-end encryption: what the bot knows of each room's encryption, and encrypted events that
-- wait for their room key.

-- A room's encryption as seen in sync (m.room.encryption state) or looked up before sending. A row
-- that says 'encrypted' is never changed back: once encrypted, a room stays encrypted for the bot.
-- No row: unknown, so nothing goes out until it is known.
CREATE TABLE room_encryption (
  room_id    TEXT PRIMARY KEY,
  state      TEXT NOT NULL CHECK (state IN ('encrypted', 'plain')),
  -- the m.room.encryption content (algorithm, rotation periods) when encrypted
  settings   TEXT,
  -- m.room.history_visibility as last seen: who gets the bot's room keys (invited members too, unless 'joined')
  history_visibility TEXT,
  source     TEXT NOT NULL CHECK (source IN ('sync', 'lookup')),
  updated_at INTEGER NOT NULL
) STRICT;

-- The inbox gains the state 'waiting': an encrypted event whose room key has not arrived yet. It is
-- tried again whenever keys arrive, until key_wait_until; then it is handled as undecryptable.
CREATE TABLE inbox_new (
  seq            INTEGER PRIMARY KEY,
  event_id       TEXT NOT NULL UNIQUE,
  room_id        TEXT NOT NULL,
  sender         TEXT NOT NULL,
  type           TEXT NOT NULL,
  origin_ts      INTEGER NOT NULL,
  received_at    INTEGER NOT NULL,
  event          TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('pending', 'waiting', 'done', 'skipped')),
  outcome        TEXT,
  handled_at     INTEGER,
  key_wait_until INTEGER,
  CHECK (state <> 'waiting' OR key_wait_until IS NOT NULL)
) STRICT;
INSERT INTO inbox_new (seq, event_id, room_id, sender, type, origin_ts, received_at, event, state, outcome, handled_at)
  SELECT seq, event_id, room_id, sender, type, origin_ts, received_at, event, state, outcome, handled_at FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
CREATE INDEX inbox_pending ON inbox (state, seq) WHERE state = 'pending';
CREATE INDEX inbox_waiting ON inbox (seq) WHERE state = 'waiting';
