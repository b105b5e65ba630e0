/** Inputs of `/api/rooms/:id/history`, `/api/rooms/:id/versions/:from/diff/:to` and `/api/rooms/:id/authorship`. */
import * as v from "valibot";
import { limit, text } from "./fields";

const SEQ = /^\d{1,15}$/;
const seqMessage = "must be a sequence number";

/** A sequence number in a path or query (at most 15 digits, so it stays a safe integer). */
const seq = v.pipe(v.string(seqMessage), v.regex(SEQ, seqMessage), v.transform(Number));

/** `?before=` (only sessions that end before this edit) and `?limit=` sessions per page. */
export const historyQuery = v.object({
  before: v.optional(seq),
  limit: limit(20, 100),
});

/** A point of the history: an edit's sequence number, or `current` (null: the latest). */
const point = v.union(
  [
    v.pipe(
      v.literal("current"),
      v.transform(() => null),
    ),
    seq,
  ],
  "must be a sequence number or current",
);

export const diffParams = v.object({ id: v.string(), from: point, to: point });

/** `?root=`: the root type to read (without it, each endpoint says which: docs/api.md, "History"). */
export const rootQuery = v.object({ root: v.optional(v.pipe(text(100), v.nonEmpty("must not be empty"))) });

/** `:seq` of a version or of any edit still in the history. */
export const seqParams = v.object({ id: v.string(), seq });
