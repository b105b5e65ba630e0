-- Webhook endpoints a room's owner registered, and the log of deliveries to them.
-- Endpoints configured for the whole deployment (the WEBHOOKS variable) have no rows here.

CREATE TABLE webhook_endpoints (
  id                  TEXT PRIMARY KEY,        -- wh_<hex>
  room_id             TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  url                 TEXT NOT NULL,
  events              TEXT NOT NULL,           -- JSON list of event types
  -- The signing secret (whsec_<base64>) must be readable to sign with: it is never listed,
  -- logged or shown again after it is created or rotated.
  secret              TEXT NOT NULL,
  -- After a rotation the previous secret also signs, until it expires.
  previous_secret     TEXT,
  previous_expires_at INTEGER,
  created_by          TEXT NOT NULL,
  created_at          INTEGER NOT NULL          -- ms since epoch
);
CREATE INDEX webhook_endpoints_room ON webhook_endpoints(room_id);

-- One row per (event, endpoint): created when the event fans out, updated after each attempt.
CREATE TABLE webhook_deliveries (
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER,                     -- the receiver's HTTP status of the last attempt
  last_error      TEXT,                        -- why the last attempt failed without a status
  last_attempt_at INTEGER,
  next_attempt_at INTEGER,                     -- when a pending delivery is tried again
  delivered_at    INTEGER,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries(endpoint_id, created_at);
