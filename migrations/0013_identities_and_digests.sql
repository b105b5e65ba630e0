-- Sign-in with an OpenID Connect provider, and mail digests of unseen mentions (issue 22).

-- Which account each identity provider's user signs in to. A provider identifies a person
-- by issuer + subject (the `sub` claim), never by address: addresses change and may be
-- reassigned.
CREATE TABLE oidc_identities (
  issuer     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities(user_id);

-- Mail digests of mentions and replies not seen in the app (issue 22). The preference: 1
-- mails them (the default), 0 never; the one-click unsubscribe link sets 0.
ALTER TABLE users ADD COLUMN mention_digests INTEGER NOT NULL DEFAULT 1;

-- A digest window open for the user: the first notification since the last digest opened it,
-- and a queued message closes it after DIGEST_DELAY_SECONDS, mailing what is still unread.
-- One row per user, so each window sends at most one mail.
CREATE TABLE digest_windows (
  user_id   TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  opened_at INTEGER NOT NULL
);
