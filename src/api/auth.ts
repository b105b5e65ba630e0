/** `/api/auth/*` and `/api/me`: accounts and cookie sessions. */

import { type Context, Hono } from "hono";
import { clearSessionCookies, REFRESH_TTL_SECONDS, readRefreshCookie, setSessionCookies } from "../auth/cookies";
import { randomToken, sha256 } from "../auth/encoding";
import { keyRing } from "../auth/keys";
import { admitLoginAttempt, forgiveLoginAttempt, loginKeys } from "../auth/login-throttle";
import { DECOY_HASH, hashPassword, verifyPassword } from "../auth/password";
import { readSession, requireSession } from "../auth/session";
import { signAccessToken } from "../auth/tokens";
import { readAccessTtl, readSessionMaxAge } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import {
  findSessionByRefreshHash,
  findUser,
  findUserByEmail,
  insertSession,
  insertUser,
  revokeFamily,
  revokeSessionFamilyOf,
  rotateSession,
  type User,
} from "../storage/accounts";
import type { UserJson } from "../wire/rest";
import { accountJson } from "./account";
import { networkOf, spendBudget } from "./budgets";
import { mailVerificationLink } from "./email-verification";
import { loginBody, signupBody } from "./schemas/auth";
import { closeSessionSockets } from "./session-sockets";
import { mailAccountExists } from "./signup-taken";
import { jsonBody } from "./validate";

interface NewSession {
  id: string;
  userId: string;
  familyId: string;
  refreshHash: string;
  expiresAt: number;
}

/** A fresh refresh token and its session row (not yet stored). */
async function newSession(userId: string, familyId: string, now: number): Promise<{ refresh: string; row: NewSession }> {
  const refresh = randomToken();
  const row = { id: crypto.randomUUID(), userId, familyId, refreshHash: await sha256(refresh), expiresAt: now + REFRESH_TTL_SECONDS * 1000 };
  return { refresh, row };
}

/** Sets the cookies of a stored session: its refresh token and a new access token. */
async function issueCookies(c: Context<AppEnv>, user: User, session: { id: string; refresh: string }, now: number): Promise<void> {
  const ttl = readAccessTtl(c.env);
  const { token } = await signAccessToken(await keyRing(c.env), { sub: user.id, name: user.name, email: user.email, sid: session.id }, now, ttl);
  setSessionCookies(c, { access: token, accessTtl: ttl, refresh: session.refresh });
}

/** Starts a new session family (signup, login, a changed password). */
export async function startSession(c: Context<AppEnv>, user: User): Promise<void> {
  const now = Date.now();
  const { refresh, row } = await newSession(user.id, crypto.randomUUID(), now);
  await insertSession(c.env.DB, row, now);
  await issueCookies(c, user, { id: row.id, refresh }, now);
}

const publicUser = (u: User) => ({ id: u.id, email: u.email, name: u.name }) satisfies UserJson;

export const auth = new Hono<AppEnv>()
  .post("/signup", jsonBody(signupBody), async (c) => {
    const { email, name, password } = c.req.valid("json");
    // Fail on a missing signing key or a bad token lifetime before anything is written.
    await keyRing(c.env);
    readAccessTtl(c.env);
    await spendBudget(c.env.DB, "signup", networkOf(c.req.header("CF-Connecting-IP")));
    const user = { id: crypto.randomUUID(), email, name };
    if (!(await insertUser(c.env.DB, { ...user, passwordHash: await hashPassword(password) }, Date.now()))) {
      // The owner hears of it, with the way back in: a person who forgot their account, or a warning.
      c.executionCtx.waitUntil(mailAccountExists(c.env, c.req.url, email));
      throw new ApiError("email_taken", "an account with this email exists: sign in, or reset its password");
    }
    await startSession(c, user);
    c.executionCtx.waitUntil(mailVerificationLink(c.env, c.req.url, user));
    return c.json({ user: publicUser(user) }, 201);
  })
  .post("/login", jsonBody(loginBody), async (c) => {
    const { email, password } = c.req.valid("json");
    const now = Date.now();
    const keys = loginKeys(email, c.req.header("CF-Connecting-IP"));
    await admitLoginAttempt(c.env.DB, keys, now);
    const found = await findUserByEmail(c.env.DB, email);
    // Unknown emails, and accounts without a password (made by an identity provider), cost one
    // hash too, so timing does not tell which accounts exist.
    const ok = await verifyPassword(password, found?.password_hash || DECOY_HASH);
    if (!found || !ok) throw new ApiError("invalid_credentials", "wrong email or password");
    await forgiveLoginAttempt(c.env.DB, keys);
    const user = publicUser(found);
    await startSession(c, user);
    return c.json({ user });
  })
  .post("/refresh", async (c) => {
    const token = readRefreshCookie(c);
    const fail = (message: string) => {
      clearSessionCookies(c);
      return new ApiError("unauthorized", message);
    };
    if (!token) throw fail("no refresh token: sign in");
    const now = Date.now();
    const session = await findSessionByRefreshHash(c.env.DB, await sha256(token));
    if (!session || session.revoked_at !== null || session.expires_at <= now) throw fail("this session has ended: sign in again");
    // However often it is refreshed, a sign-in ends: a stolen family cannot live forever.
    if (now - session.family_started_at >= readSessionMaxAge(c.env)) throw fail("this session is too old: sign in again");
    const user = await findUser(c.env.DB, session.user_id);
    if (!user) throw fail("this account no longer exists");
    const next = await newSession(user.id, session.family_id, now);
    if (session.rotated_at !== null || !(await rotateSession(c.env.DB, session.id, next.row, now))) {
      // A refresh token works once. Seeing it again means two holders: end every session
      // descended from that sign-in, the thief's and the user's.
      await revokeFamily(c.env.DB, session.family_id, now);
      await closeSessionSockets(c.env, { sessionId: session.id, userId: session.user_id }, now);
      logEvent("warn", "refresh_token_reuse", { user: session.user_id, family: session.family_id });
      throw fail("this refresh token was already used: sign in again");
    }
    await issueCookies(c, user, { id: next.row.id, refresh: next.refresh }, now);
    return c.json({ user: publicUser(user) });
  })
  .post("/logout", async (c) => {
    const token = readRefreshCookie(c);
    const now = Date.now();
    const session = token ? await findSessionByRefreshHash(c.env.DB, await sha256(token)) : null;
    if (session) {
      await revokeFamily(c.env.DB, session.family_id, now);
      await closeSessionSockets(c.env, { sessionId: session.id, userId: session.user_id }, now);
    } else {
      // No refresh cookie (e.g. a client that kept only the access token): end its family.
      const current = await readSession(c).catch(() => null);
      if (current?.sessionId) {
        await revokeSessionFamilyOf(c.env.DB, current.sessionId, now);
        await closeSessionSockets(c.env, { sessionId: current.sessionId, userId: current.user.id }, now);
      }
    }
    clearSessionCookies(c);
    return c.body(null, 204);
  });

export const me = new Hono<AppEnv>().get("/", requireSession, async (c) => {
  const { session } = c.var;
  if (session.sessionId === undefined) return c.json({ user: session.user satisfies UserJson });
  const user = await findUser(c.env.DB, session.user.id);
  if (!user) throw new ApiError("unauthorized", "this account no longer exists");
  return c.json({ user: accountJson(user) });
});
