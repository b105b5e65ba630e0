/**
 * Verified email (issue 22): signup mails a single-use link that expires; following it marks
 * the address verified; a new link can be asked for, within a budget.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BUDGETS } from "../../src/api/budgets";
import { sha256 } from "../../src/auth/encoding";
import { Browser, ownNetwork, signUp } from "./browser";
import { mailsTo, nextMail, tokenOf, verifyEmail } from "./outbox";

const verify = (browser: Browser, token: string) =>
  browser.fetch("/api/auth/verify", { method: "POST", json: { token }, headers: { "CF-Connecting-IP": ownNetwork() } });

const meVerified = async (browser: Browser) => ((await (await browser.fetch("/api/me")).json()) as { user: { emailVerified: boolean } }).user.emailVerified;

async function errorOf(res: Response) {
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

describe("verifying an address", () => {
  it("mails a link at signup (text and HTML), which verifies the address once", async () => {
    const ada = await signUp("Ada Verify", { verified: false });
    expect(await meVerified(ada)).toBe(false);
    const mail = await nextMail(ada.user!.email, "/verify");
    expect(mail).toMatchObject({ to: ada.user!.email, subject: "Confirm your email address", sentAt: expect.any(String) });
    expect(mail.links).toEqual([expect.stringMatching(/^http:\/\/rooms\.test\/verify#token=[\w-]{43}$/)]);
    expect(mail.text).toContain(mail.links[0]);
    expect(mail.html).toContain(`href="${mail.links[0]}"`);
    // The token is stored only as a hash.
    const token = tokenOf(mail);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = ?").bind(token).first("n")).toBe(0);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = ?")
        .bind(await sha256(token))
        .first("n"),
    ).toBe(1);

    // Anyone holding the link may follow it, signed in or not (it proves the mailbox, not the browser).
    const res = await verify(new Browser(), token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { ...ada.user, emailVerified: true, hasPassword: true } });
    expect(await meVerified(ada)).toBe(true);
    expect(await errorOf(await verify(ada, token))).toEqual([400, "invalid_token"]);
  });

  it("refuses an expired link, an unknown one and a malformed one", async () => {
    const bob = await signUp("Bob Expired", { verified: false });
    const token = tokenOf(await nextMail(bob.user!.email, "/verify"));
    await env.DB.prepare("UPDATE account_tokens SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, await sha256(token))
      .run();
    expect(await errorOf(await verify(bob, token))).toEqual([400, "invalid_token"]);
    expect(await errorOf(await verify(bob, "A".repeat(43)))).toEqual([400, "invalid_token"]);
    expect(await errorOf(await verify(bob, "not a token"))).toEqual([400, "bad_request"]);
    expect(await meVerified(bob)).toBe(false);
  });

  it("a resent link replaces the first one", async () => {
    const cy = await signUp("Cy Resend", { verified: false });
    const first = tokenOf(await nextMail(cy.user!.email, "/verify"));
    const resend = await cy.fetch("/api/auth/verify/resend", { method: "POST" });
    expect(resend.status).toBe(202);
    expect(await resend.json()).toEqual({ user: { ...cy.user, emailVerified: false, hasPassword: true } });
    await verifyEmail(cy, 2);
    expect(await errorOf(await verify(cy, first))).toEqual([400, "invalid_token"]);
    expect(await meVerified(cy)).toBe(true);
    // Verified: nothing more is sent.
    const again = await cy.fetch("/api/auth/verify/resend", { method: "POST" });
    expect(again.status).toBe(200);
    expect(await mailsTo(cy.user!.email)).toHaveLength(2);
  });

  it("limits resending per account with 429 and Retry-After", async () => {
    const dee = await signUp("Dee Resend", { verified: false });
    const allowed = Math.min(BUDGETS.verificationMails.allowed, BUDGETS.mailToAddress.allowed);
    for (let i = 0; i < allowed; i++) expect((await dee.fetch("/api/auth/verify/resend", { method: "POST" })).status).toBe(202);
    const refused = await dee.fetch("/api/auth/verify/resend", { method: "POST" });
    expect(await errorOf(refused)).toEqual([429, "too_many_requests"]);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("limits link checks per client network", async () => {
    const network = ownNetwork();
    const guess = () => new Browser().fetch("/api/auth/verify", { method: "POST", json: { token: "B".repeat(43) }, headers: { "CF-Connecting-IP": network } });
    for (let i = 0; i < BUDGETS.tokenChecks.allowed; i++) expect((await guess()).status).toBe(400);
    const refused = await guess();
    expect(await errorOf(refused)).toEqual([429, "too_many_requests"]);
    expect(refused.headers.get("Retry-After")).not.toBeNull();
  });
});
