/**
 * Sign-in with an identity provider in real Chromium against `wrangler dev` and a real
 * OpenID Connect provider (oidc-provider on 127.0.0.1, test/e2e/identity-provider.ts): the
 * button on the sign-in page, the provider's own sign-in, the code flow with PKCE, and the
 * Worker verifying the ID token against the provider's JWKS, ending signed in on the rooms list;
 * and what an account the provider made does on the account page after signing in again.
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./dev-server";
import { type IdentityProvider, startIdentityProvider } from "./identity-provider";
import { chromiumTestbed } from "./testbed";

const idpPort = await freePort();
const devPort = await freePort();
const callback = `http://127.0.0.1:${devPort}/api/auth/oidc/testidp/callback`;
// The client's secret is chosen when the provider starts, and wrangler dev needs it in its
// vars, so the provider starts first (at import) and the testbed's wrangler dev after.
const idp: IdentityProvider = await startIdentityProvider(idpPort, callback);
const providers = [{ id: "testidp", name: "Test IdP", issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }];
const bed = chromiumTestbed({ ada: "Ada Password" }, { port: devPort, vars: { OIDC_PROVIDERS: JSON.stringify(providers) } });

afterAll(() => idp.stop());

const newPage = async () => (await bed.browser.newContext({ baseURL: bed.server.url, viewport: { width: 1280, height: 800 } })).newPage();

/** From the sign-in page through the provider's own page, as a person clicks it. */
async function signInWithProvider(page: Page, email: string, next = "/"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.getByRole("heading", { name: "Sign in to Test IdP" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

const me = (page: Page) =>
  page.evaluate(async () => (await (await fetch("/api/me")).json()) as { user: { id: string; email: string; name: string; emailVerified: boolean } });

describe("sign-in with an identity provider", () => {
  it("a new person: Sign in with Test IdP → signed in, in their (empty) rooms list, with a proven address", async () => {
    const email = `grace-${Date.now()}@corp.example`;
    idp.people.set(email, { name: "Grace Hopper", emailVerified: true });
    const page = await newPage();
    await signInWithProvider(page, email);
    await page.getByRole("heading", { name: "Your rooms" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    // Neither the code nor the state stays in the address bar or the history.
    expect(new URL(page.url()).search).toBe("");
    const { user } = await me(page);
    expect(user).toMatchObject({ email, name: "Grace Hopper", emailVerified: true });
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain("__Host-er_oidc");
    await page.context().close();
  });

  it("a person with a proven password account lands in that account, among their rooms, and back where they started", async () => {
    // Ada signed up with a password and confirmed her address; she makes a room first.
    await bed.ada.page.goto("/");
    await bed.ada.page.getByRole("button", { name: "New document" }).click();
    await bed.ada.page.waitForURL(/\/rooms\/[^/]+$/);
    const roomPath = new URL(bed.ada.page.url()).pathname;
    const adaId = (await me(bed.ada.page)).user.id;
    idp.people.set(bed.ada.email, { name: "Ada at Corp", emailVerified: true });

    const page = await newPage();
    await signInWithProvider(page, bed.ada.email, roomPath);
    await page.waitForURL((url) => url.pathname === roomPath);
    expect((await me(page)).user).toMatchObject({ id: adaId, email: bed.ada.email });
    await page.goto("/");
    await page.getByRole("heading", { name: "Your rooms" }).waitFor();
    await expect.poll(() => page.locator(`a[href="${roomPath}"]`).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("an account the provider made has no password: it deletes itself after signing in with the provider again", async () => {
    const email = `hedy-${Date.now()}@corp.example`;
    idp.people.set(email, { name: "Hedy Lamarr", emailVerified: true });
    const page = await newPage();
    await signInWithProvider(page, email);
    await page.getByRole("heading", { name: "Your rooms" }).waitFor();
    await page.goto("/account");
    await page.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    // The page is ready once it shows the saved mail preference (its last request).
    await expect.poll(() => page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here").isEnabled()).toBe(true);
    const deleteForm = page.getByRole("form", { name: "Delete account" });
    expect(await deleteForm.getByLabel("Password").isVisible()).toBe(false);
    expect(await page.getByRole("form", { name: "Change password" }).isVisible()).toBe(false);
    expect(await page.getByRole("form", { name: "Set a password" }).getByLabel("Current password").isVisible()).toBe(false);

    // Without a fresh sign-in the server refuses, and the page says what to do.
    await deleteForm.getByRole("button", { name: "Delete my account" }).click();
    await expect.poll(() => deleteForm.getByRole("alert").textContent()).toContain("Sign in with your identity provider again");

    // The provider asks again even though it remembers Hedy, and she lands back here, confirmed.
    await page.getByRole("link", { name: "Sign in again with Test IdP" }).click();
    await page.getByRole("heading", { name: "Sign in to Test IdP" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/account");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Confirmed" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here").isEnabled()).toBe(true);
    await deleteForm.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.has("deleted"));
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await page.context().close();
  });

  it("an account the provider made sets a first password on the account page, after signing in again; a failed sign-in again comes back there, saying so", async () => {
    const email = `katherine-${Date.now()}@corp.example`;
    idp.people.set(email, { name: "Katherine Johnson", emailVerified: true });
    const page = await newPage();
    await signInWithProvider(page, email);
    await page.getByRole("heading", { name: "Your rooms" }).waitFor();
    await page.goto("/account");
    const passwordForm = page.getByRole("form", { name: "Set a password" });
    await passwordForm.waitFor();
    await expect.poll(() => page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here").isEnabled()).toBe(true);
    await passwordForm.getByLabel("New password").fill("katherine's own password");
    await passwordForm.getByRole("button", { name: "Set a password" }).click();
    await expect.poll(() => passwordForm.getByRole("alert").textContent()).toContain("Sign in with your identity provider again");

    // A sign-in again whose answer does not match the one this browser started (here: another
    // state) comes back to this page, which says it is not confirmed, and why.
    await page.getByRole("link", { name: "Sign in again with Test IdP" }).click();
    await page.getByRole("heading", { name: "Sign in to Test IdP" }).waitFor();
    await page.goto("/api/auth/oidc/testidp/callback?code=forged&state=not-the-one");
    await page.waitForURL((url) => url.pathname === "/account" && url.searchParams.get("oidc") === "state");
    await expect.poll(() => page.locator("#reauth").getByRole("alert").textContent()).toContain("Not confirmed. That sign-in could not be matched");
    expect((await me(page)).user.email).toBe(email);

    // The real sign-in again, then the first password.
    await page.getByRole("link", { name: "Sign in again with Test IdP" }).click();
    await page.getByRole("heading", { name: "Sign in to Test IdP" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/account" && url.searchParams.has("confirmed"));
    await expect.poll(() => page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here").isEnabled()).toBe(true);
    expect(await page.locator("#reauth").getByRole("alert").isVisible()).toBe(false);
    await passwordForm.getByLabel("New password").fill("katherine's own password");
    await passwordForm.getByRole("button", { name: "Set a password" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Password set" }).isVisible()).toBe(true);
    // The page now asks for the password where it asked for a sign-in again.
    const changeForm = page.getByRole("form", { name: "Change password" });
    await expect.poll(() => changeForm.getByLabel("Current password").isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Confirm it is you" }).isVisible()).toBe(false);
    expect(await page.getByRole("form", { name: "Delete account" }).getByLabel("Password").isVisible()).toBe(true);

    // The address and the new password sign in, in another browser.
    const elsewhere = await newPage();
    await elsewhere.goto("/signin");
    await elsewhere.getByLabel("Email").fill(email);
    await elsewhere.getByLabel("Password").fill("katherine's own password");
    await elsewhere.getByRole("button", { name: "Sign in" }).click();
    await elsewhere.getByRole("heading", { name: "Your rooms" }).waitFor();
    await elsewhere.context().close();
    await page.context().close();
  });

  it("an address the provider never verified is refused, and the page says why", async () => {
    const email = `mallory-${Date.now()}@corp.example`;
    idp.people.set(email, { name: "Mallory", emailVerified: false });
    const page = await newPage();
    await signInWithProvider(page, email);
    await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("oidc") === "email_unverified");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("did not confirm your email address");
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await page.context().close();
  });
});
