/**
 * Accounts in real Chromium against `wrangler dev` (issue 22), reading mail from the outbox
 * as people read their inbox: sign up and confirm the address; sign up with a taken address
 * and be sent to sign in while the owner is told; forget the password, reset it
 * and find the old sign-in gone; be invited without an account, sign up, confirm and land in
 * the room; on the account page, change the password and the address, then delete the account.
 */
import { describe, expect, it } from "vitest";
import { signUpInBrowser } from "./chromium";
import { mailedLink } from "./outbox";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Accounts" });

const newPage = async () => (await bed.browser.newContext({ baseURL: bed.server.url, viewport: { width: 1280, height: 800 } })).newPage();

describe("accounts in the browser", () => {
  it("sign up → the mailed link confirms the address", async () => {
    // signUpInBrowser followed the link; the account now says so.
    const me = await bed.ada.page.evaluate(async () => (await (await fetch("/api/me")).json()) as { user: { emailVerified: boolean } });
    expect(me.user.emailVerified).toBe(true);
  });

  it("signing up with a taken address → the form turns to sign-in, and the owner is told by mail, with the reset page", async () => {
    const page = await newPage();
    await page.goto("/signin?mode=signup");
    await page.getByLabel("Your name").fill("Not Ada");
    await page.getByLabel("Email").fill(bed.ada.email);
    await page.getByLabel("Password").fill("someone else's password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("An account with this email already exists");
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe(bed.ada.email);
    expect(await page.getByRole("link", { name: "Forgot your password?" }).isVisible()).toBe(true);
    expect((await page.request.get("/api/me")).status()).toBe(401);

    await page.goto(await mailedLink(bed.server, bed.ada.email, "/forgot"));
    await page.getByRole("button", { name: "Send link" }).waitFor();
    await page.context().close();
  });

  it("forgot → reset → the old sign-in is gone, the new password works", async () => {
    const bob = await signUpInBrowser(bed.browser, bed.server, "Bob Forgets");
    const other = await newPage();
    await other.goto("/signin");
    await other.getByRole("link", { name: "Forgot your password?" }).click();
    await other.getByLabel("Email").fill(bob.email);
    await other.getByRole("button", { name: "Send link" }).click();
    await other.getByRole("heading", { name: "Check your mail" }).waitFor();
    await other.goto(await mailedLink(bed.server, bob.email, "/reset"));
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

  it("invite an address with no account (and revoke or resend invitations in the Share dialog) → that person signs up, confirms and lands in the room", async () => {
    await bed.ada.page.goto("/");
    await bed.ada.page.getByRole("button", { name: "New document" }).click();
    await bed.ada.page.waitForURL(/\/rooms\/[^/]+$/);
    const roomPath = new URL(bed.ada.page.url()).pathname;
    const email = `carol-${Date.now()}@example.com`;
    await bed.ada.page.getByRole("button", { name: "Share" }).click();
    const dialog = bed.ada.page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("button", { name: "Invite" }).click();
    const invited = dialog.getByRole("list", { name: "Invited, not joined yet" });
    await expect.poll(() => invited.textContent()).toContain(email);
    // The owner takes back an invitation to a mistyped address, and mails Carol's again.
    const typo = `crol-${Date.now()}@example.com`;
    await dialog.getByLabel("Email").fill(typo);
    await dialog.getByRole("button", { name: "Invite" }).click();
    await expect.poll(() => invited.textContent()).toContain(typo);
    await dialog.getByRole("button", { name: `Revoke the invitation of ${typo}` }).click();
    await expect.poll(() => invited.textContent()).not.toContain(typo);
    await mailedLink(bed.server, email, "/invitation");
    await invited.getByRole("listitem").filter({ hasText: email }).getByRole("button", { name: "Resend" }).click();
    const link = await mailedLink(bed.server, email, "/invitation", 2);

    const carol = await newPage();
    await carol.goto(link);
    await carol.getByRole("heading", { name: "You are invited" }).waitFor();
    await carol.getByRole("link", { name: "Create an account" }).click();
    await carol.getByLabel("Your name").fill("Carol Reed");
    await carol.getByLabel("Email").fill(email);
    await carol.getByLabel("Password").fill("correct horse battery");
    await carol.getByRole("button", { name: "Create account" }).click();
    await carol.getByRole("heading", { name: "Check your mail" }).waitFor();
    await carol.getByRole("link", { name: "Continue" }).click();
    await carol.getByRole("heading", { name: "Confirm your address first" }).waitFor();
    await carol.goto(await mailedLink(bed.server, email, "/verify"));
    await carol.waitForURL((url) => url.pathname === roomPath);
    await carol.context().close();

    // The owner's dialog lists Carol among the people now, and no longer as invited.
    await bed.ada.page.reload();
    await bed.ada.page.getByRole("button", { name: "Share" }).click();
    await expect.poll(() => bed.ada.page.getByRole("list", { name: "People with access" }).textContent()).toContain(email);
    expect(await bed.ada.page.getByRole("list", { name: "Invited, not joined yet" }).isVisible()).toBe(false);
  });

  it("account page: change the password, move to a new address through its link, then delete the account and its rooms", async () => {
    const dan = await signUpInBrowser(bed.browser, bed.server, "Dan Settings");
    await dan.page.getByRole("button", { name: "New document" }).click();
    await dan.page.waitForURL(/\/rooms\/[^/]+$/);
    const roomPath = new URL(dan.page.url()).pathname;
    await dan.page.goto("/");
    await dan.page.locator('a[href="/account"]').click();
    await dan.page.getByRole("heading", { name: "Your account" }).waitFor();

    const passwordForm = dan.page.getByRole("form", { name: "Change password" });
    await passwordForm.getByLabel("Current password").fill("correct horse battery");
    await passwordForm.getByLabel("New password").fill("a much better passphrase");
    await passwordForm.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => passwordForm.getByRole("status").textContent()).toContain("Password changed");

    const newEmail = `dan-moved-${Date.now()}@example.com`;
    const emailForm = dan.page.getByRole("form", { name: "Change email" });
    await emailForm.getByLabel("New email").fill(newEmail);
    await emailForm.getByLabel("Password").fill("wrong password here");
    await emailForm.getByRole("button", { name: "Send confirmation link" }).click();
    await expect.poll(() => emailForm.getByRole("alert").textContent()).toContain("The current password is wrong");
    await emailForm.getByLabel("Password").fill("a much better passphrase");
    await emailForm.getByRole("button", { name: "Send confirmation link" }).click();
    await expect.poll(() => emailForm.getByRole("status").textContent()).toContain(newEmail);
    await dan.page.goto(await mailedLink(bed.server, newEmail, "/verify"));
    await dan.page.getByRole("heading", { name: "Email confirmed" }).waitFor();

    // Both changes hold: the new address and the new password sign in elsewhere.
    const elsewhere = await newPage();
    await elsewhere.goto("/signin");
    await elsewhere.getByLabel("Email").fill(newEmail);
    await elsewhere.getByLabel("Password").fill("a much better passphrase");
    await elsewhere.getByRole("button", { name: "Sign in" }).click();
    await elsewhere.getByRole("heading", { name: "Your rooms" }).waitFor();

    // Mail of what Dan misses: on by default, off with one click, and it stays off.
    await dan.page.goto("/account");
    const digests = dan.page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here");
    // The box is enabled once it shows the saved preference.
    await expect.poll(async () => (await digests.isEnabled()) && (await digests.isChecked())).toBe(true);
    await digests.uncheck();
    await expect.poll(() => dan.page.getByRole("form", { name: "Mail" }).getByRole("status").textContent()).toContain("No more of these mails");
    await dan.page.reload();
    await expect.poll(async () => (await digests.isEnabled()) && !(await digests.isChecked())).toBe(true);

    // Deleting: the page names the room that goes with the account, and asks for the password.
    const deleteForm = dan.page.getByRole("form", { name: "Delete account" });
    await expect.poll(() => deleteForm.getByRole("list", { name: "Rooms that will be deleted" }).textContent()).toContain("Untitled");
    await deleteForm.getByLabel("Password").fill("a much better passphrase");
    await deleteForm.getByRole("button", { name: "Delete my account" }).click();
    await dan.page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.has("deleted"));
    await dan.page.getByText("Your account has been deleted.").waitFor();

    // The other sign-in has ended, and the room is gone.
    await elsewhere.goto("/");
    await elsewhere.waitForURL(/\/signin\?next=/);
    expect((await bed.ada.page.request.get(`/api/rooms${roomPath.slice("/rooms".length)}`)).status()).toBe(404);
    await elsewhere.context().close();
  });
});
