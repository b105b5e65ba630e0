-- The commenter role (comments, but never edits the document), comment threads anchored to
-- the document, and each user's notification inbox.
--
-- SQLite cannot change a CHECK constraint in place: `rooms` and `room_members` are rebuilt
-- with their data. The members are set aside first and `room_members` dropped before
-- `rooms`, so dropping `rooms` cascades into nothing.

CREATE TABLE room_members_copy AS SELECT * FROM room_members;
DROP TABLE room_members;

CREATE TABLE rooms_new (
  id             TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  owner_id       TEXT NOT NULL REFERENCES users(id),
  general_access TEXT NOT NULL DEFAULT 'none' CHECK (general_access IN ('none', 'viewer', 'commenter', 'editor')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  deleting_at    INTEGER,
  seq            INTEGER NOT NULL DEFAULT 0,
  doc_bytes      INTEGER NOT NULL DEFAULT 0,
  edited_at      INTEGER,
  snapshot_seq   INTEGER,
  snapshot_at    INTEGER
);
INSERT INTO rooms_new (id, title, owner_id, general_access, created_at, updated_at, deleting_at, seq, doc_bytes, edited_at, snapshot_seq, snapshot_at)
  SELECT id, title, owner_id, general_access, created_at, updated_at, deleting_at, seq, doc_bytes, edited_at, snapshot_seq, snapshot_at FROM rooms;
DROP TABLE rooms;
ALTER TABLE rooms_new RENAME TO rooms;
CREATE INDEX rooms_owner ON rooms(owner_id);

CREATE TABLE room_members (
  room_id  TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
INSERT INTO room_members (room_id, user_id, role, added_at) SELECT room_id, user_id, role, added_at FROM room_members_copy;
DROP TABLE room_members_copy;
CREATE INDEX room_members_user ON room_members(user_id);

-- A thread is anchored to a range of the document by two Yjs relative positions (encoded,
-- base64), which move with concurrent edits; `quote` is the text it had when created.
CREATE TABLE threads (
  id           TEXT PRIMARY KEY,
  room_id      TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  author_id    TEXT NOT NULL,
  anchor_start TEXT NOT NULL,
  anchor_end   TEXT NOT NULL,
  quote        TEXT NOT NULL,
  created_at   INTEGER NOT NULL,                -- ms since epoch
  resolved_at  INTEGER,
  resolved_by  TEXT
);
CREATE INDEX threads_room ON threads(room_id, created_at);

CREATE TABLE comments (
  id         TEXT PRIMARY KEY,
  thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  room_id    TEXT NOT NULL,
  author_id  TEXT NOT NULL,
  body       TEXT NOT NULL,
  mentions   TEXT NOT NULL DEFAULT '[]',      -- JSON array of the mentioned users' ids
  created_at INTEGER NOT NULL,
  edited_at  INTEGER
);
CREATE INDEX comments_thread ON comments(thread_id, created_at);
CREATE INDEX comments_room ON comments(room_id);

-- One row per notification: a mention, a reply in a thread I took part in, being added to a room.
CREATE TABLE notifications (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'added')),
  room_id    TEXT NOT NULL,
  thread_id  TEXT,
  comment_id TEXT,
  actor_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_inbox ON notifications(user_id, read_at, created_at);
CREATE INDEX notifications_room ON notifications(room_id);
CREATE INDEX notifications_comment ON notifications(comment_id);
