/**
 * Changing an account's address (issue 22): the current password is required, the new address
 * gets a link, and the account moves to it only when the link is followed, confirmed.
 */
import { describe, expect, it } from "vitest";
import { Browser, ownNetwork, signUp } from "./browser";
import { nextMail, tokenOf } from "./outbox";

const PASSWORD = "correct horse battery";
const freshEmail = () => `moved-${crypto.randomUUID().slice(0, 8)}@example.com`;

const changeEmail = (browser: Browser, email: string, password = PASSWORD) => browser.fetch("/api/auth/email", { method: "POST", json: { email, password } });
const follow = (token: string) => new Browser().fetch("/api/auth/verify", { method: "POST", json: { token }, headers: { "CF-Connecting-IP": ownNetwork() } });
const login = (email: string) =>
  new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password: PASSWORD }, headers: { "CF-Connecting-IP": ownNetwork() } });

async function errorOf(res: Response) {
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

describe("changing the address", () => {
  it("moves the account to the new address once its link is followed, and only then", async () => {
    const ada = await signUp("Ada Moves");
    const email = freshEmail();
    expect(await errorOf(await changeEmail(ada, email, "not my password"))).toEqual([401, "invalid_credentials"]);
    const res = await changeEmail(ada, email);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ user: { ...ada.user, emailVerified: true, hasPassword: true } });
    const mail = await nextMail(email, "/verify");
    expect(mail.subject).toBe("Confirm your new email address");
    // Nothing changed yet: the old address still signs in.
    expect((await login(ada.user!.email)).status).toBe(200);

    const followed = await follow(tokenOf(mail));
    expect(followed.status).toBe(200);
    expect(await followed.json()).toEqual({ user: { id: ada.user!.id, name: ada.user!.name, email, emailVerified: true, hasPassword: true } });
    expect(await (await ada.fetch("/api/me")).json()).toMatchObject({ user: { email, emailVerified: true, hasPassword: true } });
    expect((await login(email)).status).toBe(200);
    expect((await login(ada.user!.email)).status).toBe(401);
    expect(await errorOf(await follow(tokenOf(mail)))).toEqual([400, "invalid_token"]);
  });

  it("answers the same for an address another account has; following the link then is 409 and changes nothing", async () => {
    const [bob, cy] = await Promise.all([signUp("Bob Stays"), signUp("Cy Taken")]);
    const res = await changeEmail(bob, cy.user!.email);
    expect(res.status).toBe(202);
    // Cy's own verification mail was the first with a /verify link; Bob's request is the second.
    const link = await nextMail(cy.user!.email, "/verify", 2);
    expect(link.subject).toBe("Confirm your new email address");
    expect(await errorOf(await follow(tokenOf(link)))).toEqual([409, "email_taken"]);
    expect(await (await bob.fetch("/api/me")).json()).toMatchObject({ user: { email: bob.user!.email } });
  });

  it("refuses the account's own address and a malformed one", async () => {
    const dee = await signUp("Dee Same");
    expect(await errorOf(await changeEmail(dee, dee.user!.email))).toEqual([400, "bad_request"]);
    expect(await errorOf(await changeEmail(dee, "not-an-address"))).toEqual([400, "bad_request"]);
  });
});
