-- The personal calendar feed (!kalender abo): one secret URL per user, served by the bot's own
-- listener. Only the SHA-256 of the token is kept, so the database alone gives no feed away; a new
-- subscription replaces the row (the old URL then answers 404), a revocation deletes it.
CREATE TABLE calendar_feeds (
  user_id    TEXT PRIMARY KEY CHECK (user_id LIKE '@_%:_%'),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_at INTEGER NOT NULL
) STRICT;
