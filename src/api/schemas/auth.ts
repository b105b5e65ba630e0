/** Bodies of `/api/auth/*`: signing up and in, mailed links, passwords; and accepting an invitation. */
import * as v from "valibot";
import { accountEmail, email, password, requiredText } from "./fields";

const MIN_PASSWORD = 10;

/** A password being chosen: at least 10 characters. */
const newPassword = v.pipe(password, v.minLength(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`));

export const signupBody = v.object({ email: accountEmail, name: requiredText(100), password: newPassword });

export const loginBody = v.object({ email: accountEmail, password });

/** A token from a mailed link: 32 random bytes in base64url (anything else cannot match one). */
const mailedToken = v.pipe(v.string("must be a string"), v.trim(), v.regex(/^[A-Za-z0-9_-]{43}$/, "is not a token from a link we sent"));

/** `POST /api/auth/verify`, `POST /api/invitations/accept`. */
export const tokenBody = v.object({ token: mailedToken });

export const forgotBody = v.object({ email });

export const resetBody = v.object({ token: mailedToken, password: newPassword });

/** `POST /api/auth/password`: the current password confirms it; an account without one sets its first after a sign-in again (`confirmIdentity`). */
export const changePasswordBody = v.object({ currentPassword: v.optional(password), newPassword });

/** `POST /api/auth/email`: the current password confirms it; an account without one (made by a provider) signs in again instead (`confirmIdentity`). */
export const changeEmailBody = v.object({ email: accountEmail, password: v.optional(password) });

/** `GET /api/dev/outbox?to=`. */
export const outboxQuery = v.object({ to: email });

/** `DELETE /api/me`: the current password confirms it, as for `changeEmailBody`. */
export const deleteAccountBody = v.object({ password: v.optional(password) });
