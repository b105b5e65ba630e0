-- A room being deleted: set before its object is wiped, so no new socket is admitted while
-- the deletion runs, and kept if a step fails so the owner can retry the DELETE.
ALTER TABLE rooms ADD COLUMN deleting_at INTEGER;
