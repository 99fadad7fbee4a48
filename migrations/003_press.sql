-- Press statements (PR-n): drafts, their versions, and every approval or rejection of a version.
-- Nothing here is deleted: a withdrawn approval gets revoked_at, a new text gets a new version.
CREATE TABLE press_drafts (
  id              INTEGER PRIMARY KEY,
  room_id         TEXT NOT NULL,
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  author          TEXT NOT NULL,
  author_agency   TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('open', 'approved', 'released', 'withdrawn')),
  current_version INTEGER NOT NULL CHECK (current_version >= 1),
  -- the embargo time of a scheduled release; only while the draft can still be released
  release_at      INTEGER CHECK (release_at IS NULL OR state IN ('open', 'approved')),
  released_at     INTEGER CHECK ((state = 'released') = (released_at IS NOT NULL)),
  closed_by       TEXT,
  closed_reason   TEXT CHECK (closed_reason IS NULL OR length(closed_reason) <= 500),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX press_drafts_state ON press_drafts (state, id);

CREATE TABLE press_versions (
  draft_id   INTEGER NOT NULL REFERENCES press_drafts (id),
  version    INTEGER NOT NULL CHECK (version >= 1),
  text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  author     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (draft_id, version)
) STRICT;

-- An approval or rejection binds to one version; it stops counting once a newer version exists.
CREATE TABLE press_approvals (
  id                INTEGER PRIMARY KEY,
  draft_id          INTEGER NOT NULL,
  version           INTEGER NOT NULL,
  agency            TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('approve', 'reject')),
  reason            TEXT CHECK (reason IS NULL OR (kind = 'reject' AND length(reason) BETWEEN 1 AND 1000)),
  via               TEXT NOT NULL CHECK (via IN ('reaction', 'command')),
  reaction_event_id TEXT CHECK ((via = 'reaction') = (reaction_event_id IS NOT NULL)),
  created_at        INTEGER NOT NULL,
  revoked_at        INTEGER CHECK (revoked_at IS NULL OR revoked_at >= created_at),
  FOREIGN KEY (draft_id, version) REFERENCES press_versions (draft_id, version)
) STRICT;
CREATE INDEX press_approvals_version ON press_approvals (draft_id, version);
CREATE UNIQUE INDEX press_approvals_reaction ON press_approvals (reaction_event_id) WHERE reaction_event_id IS NOT NULL;
