-- Hotspots (HS-n): places where safety or order may be at risk, with dated notes by both agencies.
-- Operations link to them through operations.spot_id (since 002). Also: when retention anonymised a
-- record, so the daily run skips it (purged_at on operations and press drafts).
CREATE TABLE spots (
  id         INTEGER PRIMARY KEY,
  room_id    TEXT NOT NULL,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  place      TEXT CHECK (place IS NULL OR length(place) <= 200),
  field      TEXT CHECK (field IS NULL OR length(field) <= 100),
  state      TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  created_by TEXT NOT NULL,
  agency     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  closed_by  TEXT CHECK (closed_by IS NULL OR state = 'closed'),
  closed_at  INTEGER CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
  -- the notes were deleted when their retention period after closing had passed
  purged_at  INTEGER CHECK (purged_at IS NULL OR state = 'closed'),
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX spots_state ON spots (state, id);

CREATE TABLE spot_notes (
  id         INTEGER PRIMARY KEY,
  spot_id    INTEGER NOT NULL REFERENCES spots (id),
  author     TEXT NOT NULL,
  agency     TEXT NOT NULL,
  text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX spot_notes_spot ON spot_notes (spot_id, id);

ALTER TABLE operations ADD COLUMN purged_at INTEGER;
ALTER TABLE press_drafts ADD COLUMN purged_at INTEGER;
