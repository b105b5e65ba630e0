-- Accounts people can trust (issue 22): verified addresses, single-use tokens mailed for
-- verification and password reset, invitations by address, and the development outbox.

-- When the account proved it receives mail at its address (null: never). Accounts made
-- before this migration start unverified: nothing proved their address.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;

-- Single-use tokens mailed to an account: only their SHA-256 is stored. `email` is the
-- address the token was mailed to: verifying proves that address, not a later one; for
-- 'email' (a change of address) it is the new address, which the account takes on confirming.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email')),
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- Pending invitations to a room by address. Accepting one turns it into a room_members
-- row and deletes it; inviting the same address again replaces its token and role.
CREATE TABLE invitations (
  id         TEXT PRIMARY KEY,
  room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  email      TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  UNIQUE (room_id, email)
);

-- Mail as the development and test provider "sends" it (GET /api/dev/outbox); a deployed
-- Worker sends through its mail provider and never writes here.
CREATE TABLE outbox (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  subject   TEXT NOT NULL,
  text      TEXT NOT NULL,
  html      TEXT NOT NULL,
  links     TEXT NOT NULL,                     -- JSON array of the links in the mail
  sent_at   INTEGER NOT NULL
);
CREATE INDEX outbox_recipient ON outbox(recipient, id);
