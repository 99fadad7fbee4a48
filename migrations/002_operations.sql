-- Joint operations (OP-n): planning, staffing per agency, roster, after-action report.
CREATE TABLE operations (
  id            INTEGER PRIMARY KEY,
  room_id       TEXT NOT NULL,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER CHECK (ends_at IS NULL OR ends_at > starts_at),
  zone          TEXT NOT NULL,
  place         TEXT CHECK (place IS NULL OR length(place) <= 200),
  type          TEXT CHECK (type IS NULL OR type IN ('patrol', 'control', 'event')),
  field         TEXT CHECK (field IS NULL OR length(field) <= 100),
  spot_id       INTEGER,
  state         TEXT NOT NULL CHECK (state IN ('planned', 'cancelled', 'done')),
  cancel_reason TEXT,
  report        TEXT,
  reported_by   TEXT,
  reported_at   INTEGER,
  sequence      INTEGER NOT NULL DEFAULT 0,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX operations_start ON operations (starts_at);
CREATE INDEX operations_spot ON operations (spot_id) WHERE spot_id IS NOT NULL;

CREATE TABLE operation_staffing (
  operation_id INTEGER NOT NULL REFERENCES operations (id),
  agency_id    TEXT NOT NULL,
  needed       INTEGER NOT NULL CHECK (needed BETWEEN 0 AND 500),
  PRIMARY KEY (operation_id, agency_id)
) STRICT;

CREATE TABLE operation_roster (
  operation_id INTEGER NOT NULL REFERENCES operations (id),
  user_id      TEXT NOT NULL,
  agency_id    TEXT NOT NULL,
  joined_at    INTEGER NOT NULL,
  PRIMARY KEY (operation_id, user_id)
) STRICT;
