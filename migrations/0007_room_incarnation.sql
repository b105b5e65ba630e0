-- Which life of a room id this room is: a random id given when the room is created, so a room
-- deleted and created again under the same id is told apart from its predecessor (browsers
-- key their offline copies by it and never merge one into another incarnation). Rooms that
-- exist already get one here; copies browsers kept of them before are not merged, since they
-- cannot be told apart from a deleted predecessor's.
ALTER TABLE rooms ADD COLUMN incarnation TEXT NOT NULL DEFAULT '';
UPDATE rooms SET incarnation = lower(hex(randomblob(16))) WHERE incarnation = '';
