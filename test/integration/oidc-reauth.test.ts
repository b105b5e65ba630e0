/**
 * Accounts without a password (made by an identity provider) confirm a first password, a change
 * of address or their deletion by signing in with the provider again: the start asks the
 * provider to check the person (`prompt=login`, `max_age=0`), the callback takes only an ID
 * token whose `auth_time` is recent, and leaves a proof for that account for 10 minutes; a
 * sign-in again that fails goes back to the account page that started it. Password accounts
 * go on giving their password.
 */
import { describe, expect, it } from "vitest";
import { REAUTH_COOKIE } from "../../src/auth/cookies";
import { Browser, errorCode, ownNetwork, PASSWORD, signUp, uniqueEmail } from "./browser";
import { finish, idToken, landing, me, person, start } from "./oidc-harness";
import { nextMail } from "./outbox";

const seconds = () => Math.floor(Date.now() / 1000);

/** A person the provider made an account for, signed in here. */
async function providerAccount() {
  const browser = new Browser();
  const who = person();
  const started = await start(browser);
  expect(landing(await finish(browser, started, await idToken(started, who)))).toBe("/");
  return { browser, who };
}

/** Signs in again with the provider as the account page's button does, the provider saying it checked the person `authTime`. */
async function signInAgain(browser: Browser, who: ReturnType<typeof person>, authTime: number | undefined) {
  const started = await start(browser, "fake", "/account", { reauth: true });
  expect([started.prompt, started.maxAge]).toEqual(["login", "0"]);
  return landing(await finish(browser, started, await idToken(started, authTime === undefined ? who : { ...who, auth_time: authTime })));
}

const deleteMe = (browser: Browser, json: object = {}) => browser.fetch("/api/me", { method: "DELETE", json });

describe("confirming a change to an account without a password", () => {
  it("deletion: refused until a sign-in again the provider checked just now; then it goes", async () => {
    const { browser, who } = await providerAccount();
    expect(await me(browser)).toMatchObject({ email: who.email, hasPassword: false });
    const refused = await deleteMe(browser, { password: "any password at all" });
    expect([refused.status, await errorCode(refused)]).toEqual([403, "reauthentication_required"]);

    // A plain sign-in asks the provider nothing more, and leaves no proof.
    const plain = await start(browser);
    expect([plain.prompt, plain.maxAge]).toEqual([null, null]);
    expect(landing(await finish(browser, plain, await idToken(plain, who)))).toBe("/");
    // A sign-in again whose provider does not say when it checked the person, or says an hour
    // ago, is refused, back on the account page that started it.
    expect(await signInAgain(browser, who, undefined)).toBe("/account?oidc=stale");
    expect(await signInAgain(browser, who, seconds() - 3600)).toBe("/account?oidc=stale");
    expect(browser.cookies.has(REAUTH_COOKIE)).toBe(false);
    expect((await deleteMe(browser)).status).toBe(403);

    expect(await signInAgain(browser, who, seconds() - 5)).toBe("/account");
    expect(browser.cookies.has(REAUTH_COOKIE)).toBe(true);
    expect((await deleteMe(browser)).status).toBe(204);
    expect(await me(browser)).toBeNull();
    expect(browser.cookies.has(REAUTH_COOKIE)).toBe(false);
  });

  it("the proof is for its own account: another one's browser cannot use it", async () => {
    const first = await providerAccount();
    const second = await providerAccount();
    expect(await signInAgain(first.browser, first.who, seconds())).toBe("/account");
    second.browser.cookies.set(REAUTH_COOKIE, first.browser.cookies.get(REAUTH_COOKIE)!);
    expect((await deleteMe(second.browser)).status).toBe(403);
    expect(await me(second.browser)).not.toBeNull();
  });

  it("a new address: refused until a sign-in again, then the link goes to the new address", async () => {
    const { browser, who } = await providerAccount();
    const email = uniqueEmail();
    const change = () => browser.fetch("/api/auth/email", { method: "POST", json: { email } });
    const refused = await change();
    expect([refused.status, await errorCode(refused)]).toEqual([403, "reauthentication_required"]);
    expect(await signInAgain(browser, who, seconds())).toBe("/account");
    const res = await change();
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ user: { email: who.email, hasPassword: false } });
    await nextMail(email, "/verify");
  });

  it("a failed sign-in again goes back to the account page, saying why; a plain sign-in's failure to the sign-in page", async () => {
    const { browser, who } = await providerAccount();
    const again = await start(browser, "fake", "/account?confirmed=1", { reauth: true });
    expect(landing(await finish(browser, again, await idToken(again, who), { query: { error: "access_denied" } }))).toBe("/account?oidc=denied");
    const forged = await start(browser, "fake", "/account?confirmed=1", { reauth: true });
    expect(landing(await finish(browser, forged, await idToken(forged, { ...who, nonce: "not-this-one", auth_time: seconds() })))).toBe("/account?oidc=token");
    expect(landing(await browser.fetch("/api/auth/oidc/nobody/start?next=%2Faccount&reauth=1"))).toBe("/account?oidc=unavailable");
    // Still signed in, with no proof.
    expect(await me(browser)).toMatchObject({ email: who.email });
    expect(browser.cookies.has(REAUTH_COOKIE)).toBe(false);
    const plain = await start(browser);
    expect(landing(await finish(browser, plain, await idToken(plain, who), { query: { error: "access_denied" } }))).toBe("refused:denied");
  });

  it("a first password: refused until a sign-in again; then set, every other sign-in ends, and it signs in", async () => {
    const { browser, who } = await providerAccount();
    const elsewhere = new Browser();
    const other = await start(elsewhere);
    expect(landing(await finish(elsewhere, other, await idToken(other, who)))).toBe("/");
    const setPassword = (json: object) => browser.fetch("/api/auth/password", { method: "POST", json });
    const refused = await setPassword({ newPassword: PASSWORD });
    expect([refused.status, await errorCode(refused)]).toEqual([403, "reauthentication_required"]);
    const short = await setPassword({ newPassword: "short" });
    expect([short.status, await errorCode(short)]).toEqual([400, "bad_request"]);

    expect(await signInAgain(browser, who, seconds())).toBe("/account");
    const res = await setPassword({ newPassword: PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: who.email, hasPassword: true } });
    expect(await me(browser)).toMatchObject({ hasPassword: true });
    expect(await me(elsewhere)).toBeNull();
    const login = await new Browser().fetch("/api/auth/login", {
      method: "POST",
      json: { email: who.email, password: PASSWORD },
      headers: { "CF-Connecting-IP": ownNetwork() },
    });
    expect(login.status).toBe(200);
    // From now on the password confirms changes: the proof of the sign-in again no longer does.
    expect((await deleteMe(browser)).status).toBe(400);
    const again = await setPassword({ newPassword: "another password here" });
    expect([again.status, await errorCode(again)]).toEqual([400, "bad_request"]);
  });

  it("a password account gives its password whatever else it did: a sign-in again does not replace it", async () => {
    const linda = await signUp("Linda Linked");
    const who = { ...person(linda.user!.email), name: "Linda Linked" };
    const started = await start(linda);
    expect(landing(await finish(linda, started, await idToken(started, who)))).toBe("/");
    expect(await signInAgain(linda, who, seconds())).toBe("/account");
    const refused = await deleteMe(linda);
    expect([refused.status, await errorCode(refused)]).toEqual([400, "bad_request"]);
    const wrong = await deleteMe(linda, { password: "not the password" });
    expect([wrong.status, await errorCode(wrong)]).toEqual([401, "invalid_credentials"]);
    expect(await me(linda)).toMatchObject({ hasPassword: true });
  });
});
