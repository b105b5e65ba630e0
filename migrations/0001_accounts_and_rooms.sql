-- Accounts, refresh-token sessions, login throttling, rooms and their members.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,          -- stored lower-cased
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,                 -- pbkdf2-sha256$iterations$salt$hash (base64url)
  created_at    INTEGER NOT NULL               -- ms since epoch
);

-- One row per refresh token. Rotation inserts a new row in the same family and marks the
-- old one rotated; presenting a rotated token revokes the whole family.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id    TEXT NOT NULL,
  refresh_hash TEXT NOT NULL UNIQUE,           -- SHA-256 of the refresh token; the token itself is never stored
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  rotated_at   INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX sessions_family ON sessions(family_id);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins per key ("email:<address>" or "client:<ip>").
CREATE TABLE login_failures (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  first_at     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rooms (
  id             TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  owner_id       TEXT NOT NULL REFERENCES users(id),
  general_access TEXT NOT NULL DEFAULT 'none' CHECK (general_access IN ('none', 'viewer', 'editor')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX rooms_owner ON rooms(owner_id);

CREATE TABLE room_members (
  room_id  TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user ON room_members(user_id);
