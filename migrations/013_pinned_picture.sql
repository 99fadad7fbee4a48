-- The pinned live situation card (!lage anheften): one per room. `state` says what the pinner
-- (matrix/pinner.ts) still has to do in the room's m.room.pinned_events: add the card ('pinning'),
-- nothing ('pinned'), take it out ('unpinning'); 'refused' when the bot may not pin there.
CREATE TABLE pinned_picture (
  room_id        TEXT PRIMARY KEY,
  card_outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  -- the card this one replaces, to come out of the pinned list when this one goes in
  replaces_event TEXT,
  -- the text last posted or edited: an edit goes out only when the rendered card differs
  last_text      TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('pinning', 'pinned', 'unpinning', 'refused')),
  -- the power level pinning needs, when refused for want of it
  needed_level   INTEGER,
  updated_at     INTEGER NOT NULL
) STRICT;

-- What pinning takes in each served room, from its m.room.power_levels (sync and full state reads).
CREATE TABLE room_pin_levels (
  room_id    TEXT PRIMARY KEY,
  needed     INTEGER NOT NULL,
  bot        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
