-- Committees with recurring meetings, one-off exceptions to a series, agenda items (TOP-n) and
-- action items (AI-n). Meetings are not stored: they are computed from the rule and its zone.
CREATE TABLE committees (
  id           INTEGER PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*'),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  room_id      TEXT NOT NULL,
  -- the rhythm as written, and its normalised form: an RRULE (with local time and first date) or cron
  every_text   TEXT NOT NULL CHECK (length(every_text) BETWEEN 1 AND 200),
  rule_kind    TEXT NOT NULL CHECK (rule_kind IN ('rrule', 'cron')),
  rule         TEXT NOT NULL,
  at_time      TEXT CHECK ((rule_kind = 'rrule') = (at_time IS NOT NULL)),
  anchor       TEXT CHECK ((rule_kind = 'rrule') = (anchor IS NOT NULL)),
  zone         TEXT NOT NULL,
  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
  place        TEXT CHECK (place IS NULL OR length(place) <= 200),
  -- how long before a meeting its agenda is posted, a duration such as "3d"
  agenda_lead  TEXT NOT NULL,
  -- reminder offsets as a JSON array of durations; NULL means config reminders.meetings
  remind       TEXT CHECK (remind IS NULL OR json_valid(remind)),
  sequence     INTEGER NOT NULL DEFAULT 0,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

-- One meeting of a series skipped or moved; `occurrence` is the series' local start "YYYYMMDDTHHmm".
CREATE TABLE committee_exceptions (
  committee_id INTEGER NOT NULL REFERENCES committees (id),
  occurrence   TEXT NOT NULL CHECK (length(occurrence) = 13),
  kind         TEXT NOT NULL CHECK (kind IN ('skipped', 'moved')),
  moved_to     INTEGER CHECK ((kind = 'moved') = (moved_to IS NOT NULL)),
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (committee_id, occurrence)
) STRICT;

-- AUTOINCREMENT: numbers of deleted items (retention) are never given out again.
CREATE TABLE agenda_items (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  committee_id INTEGER NOT NULL REFERENCES committees (id),
  meeting      TEXT NOT NULL CHECK (length(meeting) = 13),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  owner        TEXT,
  minutes      INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 600),
  state        TEXT NOT NULL CHECK (state IN ('open', 'done', 'removed')),
  -- how many meetings it was carried over from
  carried      INTEGER NOT NULL DEFAULT 0 CHECK (carried >= 0),
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  closed_by    TEXT,
  closed_at    INTEGER CHECK ((state = 'open') = (closed_at IS NULL))
) STRICT;
CREATE INDEX agenda_items_meeting ON agenda_items (committee_id, meeting, state);

CREATE TABLE action_items (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id      TEXT NOT NULL,
  committee_id INTEGER REFERENCES committees (id),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  owner        TEXT NOT NULL,
  -- the local due date; due_at only when a time of day was given
  due_date     TEXT NOT NULL CHECK (length(due_date) = 10),
  due_at       INTEGER,
  zone         TEXT NOT NULL,
  -- how often an overdue item is brought up again, a duration such as "1d"
  nudge        TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('open', 'done')),
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  done_by      TEXT,
  done_at      INTEGER CHECK ((state = 'done') = (done_at IS NOT NULL))
) STRICT;
CREATE INDEX action_items_open ON action_items (state, due_date);
