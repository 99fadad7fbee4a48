-- Who was greeted in which room (issue 20): one notice per person and room, also after a leave and
-- rejoin or a restart. Only the fact and its time are kept, no content.
CREATE TABLE greetings (
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL CHECK (user_id LIKE '@_%:_%'),
  greeted_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
) STRICT;
