-- Files uploaded into rooms (docs/api.md, "Files"). The bytes live in R2 under
-- rooms/<room>/files/<id>, content-addressed: the id is the hex SHA-256 of the bytes, so
-- the same file uploaded twice to a room is one row and one object.
CREATE TABLE files (
  room_id      TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  content_type TEXT NOT NULL,              -- decided from the bytes (src/domain/files.ts)
  bytes        INTEGER NOT NULL,
  name         TEXT,                       -- as the uploader named it, for downloads
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,           -- ms since epoch
  -- When collection last found the file still used by the room's document or a kept
  -- version (src/storage/file-collection.ts); such a file is checked again a day later.
  checked_at   INTEGER,
  PRIMARY KEY (room_id, id)
);
