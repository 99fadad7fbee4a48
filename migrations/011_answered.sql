-- Questions the bot asked back (a reason is missing): the person asked may answer by replying to the
-- question, once and within its time, and the command is completed with the reply's text (issue 17).
-- No foreign key to outbox: sent outbox rows are trimmed and deleted by their own retention.
CREATE TABLE questions (
  outbox_id   INTEGER PRIMARY KEY,
  room_id     TEXT NOT NULL CHECK (room_id LIKE '!_%'),
  person      TEXT NOT NULL CHECK (person LIKE '@_%:_%'),
  -- the command text without its prefix, English or German, that the reply completes
  command     TEXT NOT NULL CHECK (length(command) BETWEEN 1 AND 4000),
  asked_at    INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL CHECK (expires_at > asked_at),
  -- what the question is about, e.g. "press:PR-1:2" (draft and version): a change to that record
  -- (a revision, withdrawal, release, the ❌ taken back) closes its open questions, so a late reply
  -- cannot decide on a text the person did not see; it is told the question no longer applies
  about       TEXT CHECK (about IS NULL OR length(about) BETWEEN 1 AND 200),
  closed_at   INTEGER,
  answered_at INTEGER
) STRICT;

-- An edit of a command is told apart by what the command left in the audit log (its event ID); a
-- reaction hint is given once per person and message (their earlier reactions on it).
CREATE INDEX audit_event ON audit (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX reactions_target_sender ON reactions (target, sender);
