/** Bodies and queries of `/api/me/preferences` and the digest's one-click unsubscribe. */
import * as v from "valibot";

/** `PATCH /api/me/preferences`. */
export const preferencesBody = v.object({ mentionDigests: v.boolean("must be true or false") });

/** `POST /api/mail/unsubscribe?user=&sig=`: what the digest's `List-Unsubscribe` URL carries. */
export const unsubscribeQuery = v.object({
  user: v.pipe(v.string("must be a string"), v.minLength(1, "is required"), v.maxLength(100, "is too long")),
  sig: v.pipe(v.string("must be a string"), v.regex(/^[A-Za-z0-9_-]{43}$/, "is not a signature from a mail we sent")),
});
