/**
 * Inputs of `/api/rooms/:id/threads`: a thread's anchor (a range or an object) and quote, a comment's text and
 * mentions, resolving, and how to list (anchors, pages).
 */
import * as v from "valibot";
import { decodePosition } from "../../document/anchor";
import { isObjectId } from "../../document/board-objects";
import { decodeCursor } from "../cursor";
import { limit, requiredText } from "./fields";

export const MAX_BODY = 5000;
export const MAX_QUOTE = 1000;
export const MAX_MENTIONS = 20;

const mentionsMessage = "must be an array of user ids";
/**
 * The ids of the people a comment mentions: distinct, at most MAX_MENTIONS. Ids, not names,
 * so nobody is mentioned by mistake (src/comments/mentions.ts checks they are members).
 */
export const mentions = v.pipe(
  v.nullish(v.array(v.pipe(v.string(mentionsMessage), v.minLength(1, mentionsMessage), v.maxLength(128, mentionsMessage)), mentionsMessage), []),
  v.transform((ids) => [...new Set(ids)]),
  v.maxLength(MAX_MENTIONS, `must name at most ${MAX_MENTIONS} people`),
);

export const commentBody = v.object({ body: requiredText(MAX_BODY), mentions });

const positionMessage = "must be a Yjs relative position, encoded and in base64";
const isPosition = (base64: string) => {
  try {
    decodePosition(base64);
    return true;
  } catch {
    return false;
  }
};
const position = v.pipe(v.string(positionMessage), v.check(isPosition, positionMessage));

const anchorMessage = "must be { start, end } or { object }";
const objectId = v.pipe(
  v.string("must be an object's id"),
  v.check((id: string) => isObjectId(id), "must be an object's id"),
);

/**
 * A range of the text, or a whiteboard object by its id. Whether the object is there is not
 * checked, as a range's text is not: it may have been deleted a moment before, and the
 * thread is then listed as detached (`?anchors=resolve`).
 */
const anchor = v.lazy((input) =>
  typeof input === "object" && input !== null && "object" in input
    ? v.object({ object: objectId }, anchorMessage)
    : v.object({ start: position, end: position }, anchorMessage),
);

export const newThreadBody = v.object({
  ...commentBody.entries,
  anchor,
  quote: requiredText(MAX_QUOTE),
});

export const resolveBody = v.object({ resolved: v.boolean("must be true or false") });

const cursorMessage = "must be the next of a previous answer";

/**
 * `?anchors=resolve` says where each anchor is now (it wakes the room); `?limit=` threads per
 * page, `?cursor=` the previous page's `next`.
 */
export const threadsQuery = v.object({
  anchors: v.optional(v.picklist(["resolve"], "must be resolve")),
  limit: limit(50, 100),
  cursor: v.optional(
    v.pipe(
      v.string(cursorMessage),
      v.transform(decodeCursor),
      v.check((p) => p !== null, cursorMessage),
      v.transform((p) => p!),
    ),
  ),
});
