import { ApiError } from "../errors";

const ROOM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Returns the room id if it is well-formed (1–128 characters of `A-Za-z0-9._-`, not starting with `.`, `_` or `-`). */
export function parseRoomId(raw: string): string {
  if (!ROOM_ID.test(raw)) {
    throw new ApiError("invalid_room_id", "room ids are 1-128 characters of A-Z a-z 0-9 . _ - and start with a letter or digit");
  }
  return raw;
}
