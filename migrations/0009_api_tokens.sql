-- API tokens: secrets an account holder gives a program (docs/api.md, "API tokens"). Only a
-- SHA-256 hash of each secret is stored; the secret is shown once, when the token is made.
-- A room token (room_id set) goes with its room; every token goes with its account.

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor')),
  room_id      TEXT REFERENCES rooms(id) ON DELETE CASCADE,
  secret_hash  TEXT NOT NULL,                  -- base64url SHA-256 of the whole secret
  created_at   INTEGER NOT NULL,               -- ms since epoch
  expires_at   INTEGER NOT NULL,
  last_used_at INTEGER                         -- written at most once a minute
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);
CREATE INDEX api_tokens_room ON api_tokens(room_id);
