/**
 * Field schemas the request schemas share. Their messages leave out the field's name:
 * `invalidInput` (../validate.ts) puts the field's path in front. The allowed roles and link
 * access are the domain's lists (src/domain/rooms.ts).
 */
import * as v from "valibot";
import { GENERAL_ACCESS, MEMBER_ROLES } from "../../domain/rooms";
import { parseRoomId } from "../room-id";

const string = () => v.string("must be a string");

/** A string, trimmed, of at most `max` characters; may be empty. */
export const text = (max: number) => v.pipe(string(), v.trim(), v.maxLength(max, `must be at most ${max} characters`));

/** A string, trimmed, of 1 to `max` characters. */
export const requiredText = (max: number) => v.pipe(text(max), v.nonEmpty("is required"));

export const MAX_TITLE = 200;
/** A room's or a version's title; may be empty (callers decide what empty means). */
export const title = text(MAX_TITLE);

/** An email address to look up: trimmed, lower-case. */
export const email = v.pipe(requiredText(254), v.toLowerCase());

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An email address an account signs up or in with: also shaped like one. */
export const accountEmail = v.pipe(email, v.regex(EMAIL, "is not a valid address"));

const MAX_PASSWORD = 1024;
/** A password as given (never trimmed). */
export const password = v.pipe(string(), v.nonEmpty("is required"), v.maxLength(MAX_PASSWORD, `must be at most ${MAX_PASSWORD} characters`));

/**
 * A room id asked for in a body: checked by the route parameter's parser, so a malformed one
 * is `400 invalid_room_id` there too. Empty, like absent, leaves the id to the server.
 */
export const requestedRoomId = v.pipe(
  string(),
  v.trim(),
  v.transform((id) => (id === "" ? undefined : parseRoomId(id))),
);

/** `one of a, b, c` as every list of allowed values says it. */
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => v.picklist(values, `must be one of ${values.join(", ")}`);

/** The roles an owner can give a member. */
export const memberRole = oneOf(MEMBER_ROLES);

/** What a room grants anyone with its link. */
export const generalAccess = oneOf(GENERAL_ACCESS);

/** A `?limit=`: `fallback` when absent, else an integer from 1 to `max`. */
export function limit(fallback: number, max: number) {
  const message = `must be an integer from 1 to ${max}`;
  return v.optional(v.pipe(v.string(message), v.transform(Number), v.integer(message), v.minValue(1, message), v.maxValue(max, message)), String(fallback));
}
