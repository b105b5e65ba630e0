-- What the app says a room is ("document", "whiteboard", or another app's own label), given
-- when the room is created. The server never interprets it; the rooms list shows it. NULL for
-- rooms created without one (and before this migration).
ALTER TABLE rooms ADD COLUMN kind TEXT;
