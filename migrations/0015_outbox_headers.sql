-- The outbox keeps a mail's extra headers too (JSON object, e.g. the digest's
-- List-Unsubscribe), so development and tests can do what a mail client does with them.
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';
