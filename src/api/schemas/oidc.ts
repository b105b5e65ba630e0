/** Query strings of `/api/auth/oidc/*`: where to go after signing in, and the provider's answer. */
import * as v from "valibot";

const param = v.pipe(v.string("must be a string"), v.maxLength(4096, "is too long"));

/**
 * `GET /api/auth/oidc/:provider/start?next=&reauth=1`: `next` is checked by domain/next.ts,
 * anything else becomes `/`; `reauth=1` signs in again to confirm a change to the account.
 */
export const oidcStartQuery = v.object({ next: v.optional(param), reauth: v.optional(v.literal("1", 'must be "1"')) });

/** `GET /api/auth/oidc/:provider/callback`: a code and our state, or the provider's error; `iss` per RFC 9207. */
export const oidcCallbackQuery = v.object({
  code: v.optional(param),
  state: v.optional(param),
  iss: v.optional(param),
  error: v.optional(param),
});
