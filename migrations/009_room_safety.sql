-- Room safety (!raum): who is in each served room, the room state that decides who else can read
-- along, what the bot last reported about it, and which outgoing messages must not reach someone
-- of no agency.

-- Members who can read what the bot posts now or once they join: joined and invited. A leave, ban
-- or knock deletes the row, so nothing is kept about people who are gone.
CREATE TABLE room_members (
  room_id      TEXT NOT NULL,
  user_id      TEXT NOT NULL CHECK (user_id LIKE '@_%:_%'),
  membership   TEXT NOT NULL CHECK (membership IN ('join', 'invite')),
  display_name TEXT CHECK (display_name IS NULL OR length(display_name) <= 256),
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
) STRICT;

-- The state events that decide who may come in and read: m.room.join_rules, m.room.guest_access,
-- m.room.history_visibility and m.room.server_acl (its content as JSON). NULL: no such event (the
-- spec's default applies) once the full state was read (complete_at), else not seen yet.
CREATE TABLE room_safety (
  room_id            TEXT PRIMARY KEY,
  -- whether the room state had m.room.encryption, for the report only: how the bot sends is decided
  -- by room_encryption (008), which sync and the outbox's own lookup fill, failing closed
  encrypted          INTEGER CHECK (encrypted IN (0, 1)),
  join_rule          TEXT CHECK (join_rule IS NULL OR length(join_rule) BETWEEN 1 AND 64),
  guest_access       TEXT CHECK (guest_access IS NULL OR length(guest_access) BETWEEN 1 AND 64),
  history_visibility TEXT CHECK (history_visibility IS NULL OR length(history_visibility) BETWEEN 1 AND 64),
  server_acl         TEXT CHECK (server_acl IS NULL OR json_valid(server_acl)),
  -- when the whole room state (GET /state) was last read; before that only what sync brought is known
  complete_at        INTEGER,
  -- the findings last posted into the room, as a canonical JSON list; NULL: none posted (clean)
  reported           TEXT CHECK (reported IS NULL OR json_valid(reported)),
  reported_at        INTEGER CHECK ((reported IS NULL) = (reported_at IS NULL)),
  updated_at         INTEGER NOT NULL
) STRICT;

-- What made an outgoing message sensitive (e.g. "Erinnerung OP-3 (1 Std. vorher)"), in words safe
-- to show in the notice that replaces it; NULL for harmless messages. A sensitive message for a room
-- that holds someone of no agency is withheld (roomSafety "withhold"): a notice goes out instead,
-- the row ends 'failed' with withheld_at set and its content emptied.
ALTER TABLE outbox ADD COLUMN sensitive TEXT CHECK (sensitive IS NULL OR length(sensitive) BETWEEN 1 AND 200);
ALTER TABLE outbox ADD COLUMN withheld_at INTEGER CHECK (withheld_at IS NULL OR state = 'failed');
