-- Sign-in with an OpenID Connect provider (issue 22): which account each provider's user
-- signs in to. A provider identifies a person by issuer + subject (the `sub` claim), never
-- by address: addresses change and may be reassigned.
CREATE TABLE oidc_identities (
  issuer     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities(user_id);
