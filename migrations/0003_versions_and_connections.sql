-- Snapshots (versions) of each room's document in R2, the room's document metadata, and
-- connection history. Versions and connections are keyed by the room's object name (a room
-- of ours, or `ext:<id>` for an external issuer's room), so they carry no foreign key.

CREATE TABLE versions (
  room_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,                -- the room's sequence number the snapshot contains
  r2_key     TEXT NOT NULL,
  bytes      INTEGER NOT NULL,                -- compressed size in R2
  doc_bytes  INTEGER NOT NULL,                -- size of the Yjs state update
  checksum   TEXT NOT NULL,                   -- hex SHA-256 of the R2 object
  kind       TEXT NOT NULL CHECK (kind IN ('auto', 'named', 'restore')),
  label      TEXT,
  created_by TEXT,                            -- user id for named and restore versions
  created_at INTEGER NOT NULL,                 -- ms since epoch
  PRIMARY KEY (room_id, seq)
);

-- Kept current by the room when it snapshots, not per edit.
ALTER TABLE rooms ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN doc_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN edited_at INTEGER;
ALTER TABLE rooms ADD COLUMN snapshot_seq INTEGER;
ALTER TABLE rooms ADD COLUMN snapshot_at INTEGER;

-- One row per socket: inserted when it opens, completed when it closes (a room that crashes
-- leaves disconnected_at NULL).
CREATE TABLE connections (
  id              TEXT PRIMARY KEY,
  room_id         TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  role            TEXT NOT NULL,
  connected_at    INTEGER NOT NULL,
  disconnected_at INTEGER,
  close_code      INTEGER,
  updates         INTEGER NOT NULL DEFAULT 0,  -- edits the socket sent
  bytes           INTEGER NOT NULL DEFAULT 0   -- bytes the socket sent
);
CREATE INDEX connections_room ON connections(room_id, connected_at);
