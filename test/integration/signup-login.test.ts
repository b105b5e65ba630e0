/** Signing up, in and out: the session's cookies, what signup refuses, and one answer for every failed login. */
import { env } from "cloudflare:workers";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../src/auth/cookies";
import { DEFAULT_ACCESS_TTL_SECONDS as ACCESS_TTL_SECONDS } from "../../src/config";
import { Browser, errorCode, ownNetwork, PASSWORD, signUp, uniqueEmail } from "./browser";
import { mailsTo, nextMail } from "./outbox";

describe("signup, login, refresh, logout", () => {
  it("round-trips a whole session with HttpOnly cookies scoped as documented", async () => {
    const browser = new Browser();
    const email = uniqueEmail();
    const signup = await browser.fetch("/api/auth/signup", { method: "POST", json: { email, password: PASSWORD, name: "Ada" } });
    expect(signup.status).toBe(201);
    expect(await signup.json()).toMatchObject({ user: { email, name: "Ada", id: expect.any(String) } });
    const cookies = signup.headers.getSetCookie();
    const access = cookies.find((c) => c.startsWith(`${ACCESS_COOKIE}=`))!;
    const refresh = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!;
    expect(access).toMatch(/HttpOnly/);
    expect(access).toMatch(/Secure/);
    expect(access).toMatch(/SameSite=Lax/);
    expect(access).toMatch(/Path=\/(;|$)/);
    expect(access).toMatch(new RegExp(`Max-Age=${ACCESS_TTL_SECONDS}`));
    // The token lives exactly as long as its cookie.
    const claims = decodeJwt(browser.cookies.get(ACCESS_COOKIE)!.value);
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TTL_SECONDS);
    expect(refresh).toMatch(/HttpOnly/);
    expect(refresh).toMatch(/SameSite=Strict/);
    expect(refresh).toMatch(/Path=\/api\/auth/);
    // The refresh token is stored only as a hash.
    const token = browser.cookies.get(REFRESH_COOKIE)!.value;
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE refresh_hash = ?").bind(token).first<{ n: number }>();
    expect(stored!.n).toBe(0);

    expect((await browser.fetch("/api/me")).status).toBe(200);
    const refreshed = await browser.fetch("/api/auth/refresh", { method: "POST" });
    expect(refreshed.status).toBe(200);
    expect(browser.cookies.get(REFRESH_COOKIE)!.value).not.toBe(token);
    expect(await (await browser.fetch("/api/me")).json()).toMatchObject({ user: { email } });

    const logout = await browser.fetch("/api/auth/logout", { method: "POST" });
    expect(logout.status).toBe(204);
    expect(browser.cookies.size).toBe(0);

    const login = await browser.fetch("/api/auth/login", { method: "POST", json: { email: email.toUpperCase(), password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await browser.fetch("/api/me")).status).toBe(200);
  });

  it("refuses a taken email, a bad email, a short password, and non-JSON bodies", async () => {
    const browser = new Browser();
    const email = uniqueEmail();
    const signup = (json: unknown) => browser.fetch("/api/auth/signup", { method: "POST", json });
    expect((await signup({ email, password: PASSWORD, name: "A" })).status).toBe(201);
    const taken = await signup({ email: email.toUpperCase(), password: PASSWORD, name: "B" });
    expect([taken.status, await errorCode(taken)]).toEqual([409, "email_taken"]);
    expect((await signup({ email: "not-an-email", password: PASSWORD, name: "C" })).status).toBe(400);
    const short = await signup({ email: uniqueEmail(), password: "123456789", name: "D" });
    expect([short.status, await errorCode(short)]).toEqual([400, "bad_request"]);
    const text = await browser.fetch("/api/auth/signup", { method: "POST", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
    const broken = await browser.fetch("/api/auth/signup", { method: "POST", headers: { "Content-Type": "application/json" } });
    expect([broken.status, await errorCode(broken)]).toEqual([400, "invalid_json"]);
  });

  it("mails the owner of a taken address that someone tried, with the way back in, at most three times a day", async () => {
    const owner = await signUp("Owner Taken");
    const stranger = new Browser();
    const attempt = () =>
      stranger.fetch("/api/auth/signup", {
        method: "POST",
        json: { email: owner.user!.email, password: "the stranger's password", name: "Mallory" },
        headers: { "CF-Connecting-IP": ownNetwork() },
      });
    const first = await attempt();
    expect([first.status, await errorCode(first)]).toEqual([409, "email_taken"]);
    expect(stranger.cookies.size).toBe(0);
    const notice = await nextMail(owner.user!.email, "/forgot");
    expect(notice.subject).toBe("Someone tried to create an account with your address");
    expect(notice.links).toEqual(["http://rooms.test/forgot"]);
    expect(notice.text).toContain("Hello Owner Taken,");
    // Nothing the stranger typed reaches the owner's mailbox.
    expect(notice.text + notice.html).not.toMatch(/stranger's password|Mallory/);

    // Three notices a day: the fourth attempt still answers 409, and mails nothing. The reset
    // mail the owner asks for after it is the barrier: by then a fourth notice would be there.
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(409);
    await nextMail(owner.user!.email, "/forgot", 3);
    const forgot = await new Browser().fetch("/api/auth/forgot", {
      method: "POST",
      json: { email: owner.user!.email },
      headers: { "CF-Connecting-IP": ownNetwork() },
    });
    expect(forgot.status).toBe(202);
    await nextMail(owner.user!.email, "/reset");
    const notices = (await mailsTo(owner.user!.email)).filter((m) => m.links.some((l) => new URL(l).pathname === "/forgot"));
    expect(notices).toHaveLength(3);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const user = await signUp("Same Answer");
    const browser = new Browser();
    const wrong = await browser.fetch("/api/auth/login", { method: "POST", json: { email: user.user!.email, password: "wrong password!" } });
    const unknown = await browser.fetch("/api/auth/login", { method: "POST", json: { email: uniqueEmail(), password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(browser.cookies.size).toBe(0);
  });
});
