/**
 * Accounts in real Chromium against `wrangler dev` (issue 22), reading mail from the outbox
 * as people read their inbox: sign up and confirm the address; forget the password, reset it
 * and find the old sign-in gone; be invited without an account, sign up, confirm and land in
 * the room.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Person, signUpInBrowser } from "./chromium";
import { type DevServer, startDevServer } from "./dev-server";
import { mailedLink } from "./outbox";

let server: DevServer;
let browser: Browser;
let ada: Person;

beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
  ada = await signUpInBrowser(browser, server, "Ada Accounts");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = async () => (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } })).newPage();

describe("accounts in the browser", () => {
  it("sign up → the mailed link confirms the address", async () => {
    // signUpInBrowser followed the link; the account now says so.
    const me = await ada.page.evaluate(async () => (await (await fetch("/api/me")).json()) as { user: { emailVerified: boolean } });
    expect(me.user.emailVerified).toBe(true);
  });

  it("forgot → reset → the old sign-in is gone, the new password works", async () => {
    const bob = await signUpInBrowser(browser, server, "Bob Forgets");
    const other = await newPage();
    await other.goto("/signin");
    await other.getByRole("link", { name: "Forgot your password?" }).click();
    await other.getByLabel("Email").fill(bob.email);
    await other.getByRole("button", { name: "Send link" }).click();
    await other.getByRole("heading", { name: "Check your mail" }).waitFor();
    await other.goto(await mailedLink(server, bob.email, "/reset"));
    // The token left the address bar as soon as the page read it.
    expect(new URL(other.url()).hash).toBe("");
    await other.getByLabel("New password").fill("a brand new passphrase");
    await other.getByRole("button", { name: "Set password" }).click();
    await other.getByRole("heading", { name: "Password changed" }).waitFor();

    // Bob's first browser is signed out: the rooms list sends him to sign in.
    await bob.page.goto("/");
    await bob.page.waitForURL(/\/signin\?next=/);
    await bob.page.getByLabel("Email").fill(bob.email);
    await bob.page.getByLabel("Password").fill("a brand new passphrase");
    await bob.page.getByRole("button", { name: "Sign in" }).click();
    await bob.page.getByRole("heading", { name: "Your rooms" }).waitFor();
    await other.context().close();
  });

  it("invite an address with no account → that person signs up, confirms and lands in the room", async () => {
    await ada.page.goto("/");
    await ada.page.getByRole("button", { name: "New document" }).click();
    await ada.page.waitForURL(/\/rooms\/[^/]+$/);
    const roomPath = new URL(ada.page.url()).pathname;
    const email = `carol-${Date.now()}@example.com`;
    await ada.page.getByRole("button", { name: "Share" }).click();
    const dialog = ada.page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("button", { name: "Invite" }).click();
    await expect.poll(() => dialog.getByRole("list", { name: "Invited, not joined yet" }).textContent()).toContain(email);

    const carol = await newPage();
    await carol.goto(await mailedLink(server, email, "/invitation"));
    await carol.getByRole("heading", { name: "You are invited" }).waitFor();
    await carol.getByRole("link", { name: "Create an account" }).click();
    await carol.getByLabel("Your name").fill("Carol Reed");
    await carol.getByLabel("Email").fill(email);
    await carol.getByLabel("Password").fill("correct horse battery");
    await carol.getByRole("button", { name: "Create account" }).click();
    await carol.getByRole("heading", { name: "Check your mail" }).waitFor();
    await carol.getByRole("link", { name: "Continue" }).click();
    await carol.getByRole("heading", { name: "Confirm your address first" }).waitFor();
    await carol.goto(await mailedLink(server, email, "/verify"));
    await carol.waitForURL((url) => url.pathname === roomPath);
    await carol.context().close();

    // The owner's dialog lists Carol among the people now, and no longer as invited.
    await ada.page.reload();
    await ada.page.getByRole("button", { name: "Share" }).click();
    await expect.poll(() => ada.page.getByRole("list", { name: "People with access" }).textContent()).toContain(email);
    expect(await ada.page.getByRole("list", { name: "Invited, not joined yet" }).isVisible()).toBe(false);
  });
});
