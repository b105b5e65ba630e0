/**
 * Forgotten and changed passwords (issue 22): `forgot` answers the same for every address,
 * the mailed link works once and within its hour, and a reset or change ends every other
 * sign-in of the account, open sockets included.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BUDGETS } from "../../src/api/budgets";
import { REFRESH_COOKIE } from "../../src/auth/cookies";
import { sha256 } from "../../src/auth/encoding";
import { Browser, createRoom, ownNetwork, signUp } from "./browser";
import { clientsClosedAfterEach } from "./client";
import { mailsTo, nextMail, tokenOf } from "./outbox";

const { join } = clientsClosedAfterEach();
const NEW_PASSWORD = "a brand new passphrase";

const forgot = (email: string, network = ownNetwork()) =>
  new Browser().fetch("/api/auth/forgot", { method: "POST", json: { email }, headers: { "CF-Connecting-IP": network } });
const reset = (token: string, password = NEW_PASSWORD) =>
  new Browser().fetch("/api/auth/reset", { method: "POST", json: { token, password }, headers: { "CF-Connecting-IP": ownNetwork() } });
const login = (email: string, password: string) =>
  new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "CF-Connecting-IP": ownNetwork() } });

async function errorOf(res: Response) {
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

describe("forgotten password", () => {
  it("answers 202 with nothing more whether or not an account has the address", async () => {
    const ada = await signUp("Ada Forgets");
    const known = await forgot(ada.user!.email);
    const unknown = await forgot(`nobody-${crypto.randomUUID().slice(0, 8)}@example.com`);
    for (const res of [known, unknown]) {
      expect(res.status).toBe(202);
      expect(await res.text()).toBe("");
    }
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    const mail = await nextMail(ada.user!.email, "/reset");
    expect(mail.subject).toBe("Reset your password");
    expect(mail.links).toEqual([expect.stringMatching(/^http:\/\/rooms\.test\/reset#token=[\w-]{43}$/)]);
  });

  it("resets the password with the mailed link once, ending every sign-in and closing its sockets", async () => {
    const bob = await signUp("Bob Resets");
    const laptop = await login(bob.user!.email, "correct horse battery");
    expect(laptop.status).toBe(200);
    const socket = await join(await createRoom(bob), { headers: bob.socketHeaders() });
    const stolenRefresh = { ...bob.cookies.get(REFRESH_COOKIE)! };
    expect((await forgot(bob.user!.email)).status).toBe(202);
    const token = tokenOf(await nextMail(bob.user!.email, "/reset"));

    expect((await reset(token)).status).toBe(204);
    await socket.until(() => socket.closed !== undefined, "the reset account's socket to close");
    expect(socket.closed).toEqual({ code: 4401, reason: "session expired" });
    expect((await bob.fetch("/api/me")).status).toBe(401);
    const thief = new Browser();
    thief.cookies.set(REFRESH_COOKIE, stolenRefresh);
    expect((await thief.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(401);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL").bind(bob.user!.id).first("n")).toBe(0);

    expect(await errorOf(await login(bob.user!.email, "correct horse battery"))).toEqual([401, "invalid_credentials"]);
    expect((await login(bob.user!.email, NEW_PASSWORD)).status).toBe(200);
    expect(await errorOf(await reset(token, "yet another passphrase"))).toEqual([400, "invalid_token"]);
  });

  it("a reset proves the address: an unverified account comes out verified", async () => {
    const cy = await signUp("Cy Unverified", { verified: false });
    await forgot(cy.user!.email);
    expect((await reset(tokenOf(await nextMail(cy.user!.email, "/reset")))).status).toBe(204);
    expect((await login(cy.user!.email, NEW_PASSWORD)).status).toBe(200);
    expect(await env.DB.prepare("SELECT email_verified_at FROM users WHERE id = ?").bind(cy.user!.id).first("email_verified_at")).not.toBeNull();
  });

  it("refuses an expired link, and a newer link replaces an older one", async () => {
    const dee = await signUp("Dee Expired");
    await forgot(dee.user!.email);
    const first = tokenOf(await nextMail(dee.user!.email, "/reset"));
    await forgot(dee.user!.email);
    const second = tokenOf(await nextMail(dee.user!.email, "/reset", 2));
    expect(await errorOf(await reset(first))).toEqual([400, "invalid_token"]);
    await env.DB.prepare("UPDATE account_tokens SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, await sha256(second))
      .run();
    expect(await errorOf(await reset(second))).toEqual([400, "invalid_token"]);
    expect((await login(dee.user!.email, "correct horse battery")).status).toBe(200);
  });

  it("limits requests per address whether or not it has an account, with 429 and Retry-After", async () => {
    const ed = await signUp("Ed Flooded");
    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
    for (const email of [ed.user!.email, nobody]) {
      for (let i = 0; i < BUDGETS.mailToAddress.allowed; i++) expect((await forgot(email)).status).toBe(202);
      const refused = await forgot(email);
      expect(await errorOf(refused)).toEqual([429, "too_many_requests"]);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    await nextMail(ed.user!.email, "/reset", BUDGETS.mailToAddress.allowed);
    expect((await mailsTo(nobody)).length).toBe(0);
  });
});

describe("changing the password", () => {
  it("needs the current password, and ends every other sign-in while this one goes on", async () => {
    const fay = await signUp("Fay Changes");
    const phone = new Browser();
    expect(
      (
        await phone.fetch("/api/auth/login", {
          method: "POST",
          json: { email: fay.user!.email, password: "correct horse battery" },
          headers: { "CF-Connecting-IP": ownNetwork() },
        })
      ).status,
    ).toBe(200);
    const change = (currentPassword: string) => fay.fetch("/api/auth/password", { method: "POST", json: { currentPassword, newPassword: NEW_PASSWORD } });
    expect(await errorOf(await change("not my password"))).toEqual([401, "invalid_credentials"]);
    expect((await phone.fetch("/api/me")).status).toBe(200);
    const res = await change("correct horse battery");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { ...fay.user, emailVerified: true, hasPassword: true } });
    expect((await phone.fetch("/api/me")).status).toBe(401);
    expect((await fay.fetch("/api/me")).status).toBe(200);
    expect((await fay.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
    expect((await login(fay.user!.email, NEW_PASSWORD)).status).toBe(200);
  });
});
