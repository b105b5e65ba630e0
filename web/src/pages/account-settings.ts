/**
 * `/account`: the signed-in person's own settings: change the password (every other device is
 * signed out), move to a new address (through a link mailed to it), mail of what they miss,
 * and delete the account, after listing the rooms that go with it. An account without a
 * password (made by an identity provider) confirms setting its first password, the address
 * change and the deletion by signing in with its provider again instead (docs/api.md,
 * "Confirming it is you").
 */
import type { PreferencesJson, RoomJson } from "@edge-rooms/client";
import { client } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { forgetLocalData } from "../lib/local-data";
import { providerFailureText } from "../lib/oidc-failures";
import { problemText } from "../lib/problem";

const value = (id: string) => byId<HTMLInputElement>(id).value;

/** Runs `send` on the form's submit, showing its error, or `send`'s answer as the form's status. */
function handle(formId: string, send: () => Promise<string>): void {
  const form = byId<HTMLFormElement>(formId);
  const button = form.querySelector("button")!;
  const error = form.querySelector<HTMLElement>("[role=alert]")!;
  const done = form.querySelector<HTMLElement>("[role=status]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.hidden = true;
    if (done) done.hidden = true;
    try {
      const said = await send();
      form.reset();
      if (done) {
        done.textContent = said;
        done.hidden = false;
      }
    } catch (err) {
      error.textContent = problemText(err);
      error.hidden = false;
    }
    button.disabled = false;
  });
}

/** What deleting the account takes with it: the rooms I own, each deleted for everyone in it. */
function describeOwned(owned: RoomJson[]): void {
  byId("delete-rooms").textContent =
    owned.length === 0
      ? "You own no rooms. Rooms others shared with you stay with them; comments you wrote there stay, without your name."
      : `The ${owned.length === 1 ? "room" : `${owned.length} rooms`} you own ${owned.length === 1 ? "is" : "are"} deleted with it, with their files, for everyone they are shared with. Rooms others shared with you stay with them.`;
  replaceChildren(byId("owned-rooms"), ...owned.map((room) => h("li", {}, room.title)));
}

/** The digest preference: saved as soon as the box changes. */
function mailPreferences(current: PreferencesJson): void {
  const box = byId<HTMLInputElement>("mention-digests");
  const form = byId<HTMLFormElement>("mail-form");
  const error = form.querySelector<HTMLElement>("[role=alert]")!;
  const done = form.querySelector<HTMLElement>("[role=status]")!;
  box.checked = current.mentionDigests;
  // Disabled in the page until now: what it showed before was not the saved preference.
  box.disabled = false;
  box.addEventListener("change", async () => {
    error.hidden = done.hidden = true;
    try {
      const saved = await client.account.setPreferences({ mentionDigests: box.checked });
      done.textContent = saved.mentionDigests ? "We will mail you what you miss." : "No more of these mails.";
      done.hidden = false;
    } catch (err) {
      box.checked = !box.checked;
      error.textContent = problemText(err);
      error.hidden = false;
    }
  });
}

/**
 * The fields of an account with a password; or, without one, no password fields, a form that
 * sets the first password, and a way to sign in with the provider again (the server then takes
 * changes for 10 minutes): `?confirmed` is the way back, `?oidc=<reason>` the way back when it failed.
 */
async function showPasswordFields(hasPassword: boolean): Promise<void> {
  for (const id of ["current-password-field", "email-password-field", "delete-password-field"]) byId(id).hidden = !hasPassword;
  byId("password-heading").textContent = byId("password-submit").textContent = hasPassword ? "Change password" : "Set a password";
  byId("reauth").hidden = hasPassword;
  if (hasPassword) return;
  byId("reauth-done").hidden = !new URLSearchParams(location.search).has("confirmed");
  const failure = providerFailureText(location.search);
  byId("reauth-failed").textContent = `Not confirmed. ${failure ?? ""}`;
  byId("reauth-failed").hidden = failure === null;
  const providers = await client.auth.providers().catch(() => []);
  const again = (id: string) => `${client.auth.providerSignInPath(id, "/account?confirmed=1")}&reauth=1`;
  replaceChildren(byId("reauth-providers"), ...providers.map((p) => h("a", { class: "btn btn-block", href: again(p.id) }, `Sign in again with ${p.name}`)));
}

export async function showSettings(): Promise<void> {
  const user = await client.auth.me();
  byId("heading").textContent = "Your account";
  byId("message").textContent = `${user.name} · ${user.email ?? ""}${user.emailVerified === false ? " (not confirmed yet)" : ""}`;
  // The settings' fields exist on this page only: the other pages of account.html have fields of their own.
  byId("links").before(byId<HTMLTemplateElement>("settings-template").content.cloneNode(true));
  replaceChildren(byId("links"), h("a", { href: "/" }, "Your rooms"));
  describeOwned((await client.rooms.list()).filter((room) => room.role === "owner"));
  let hasPassword = user.hasPassword !== false;
  await showPasswordFields(hasPassword);
  const password = (id: string) => (hasPassword ? value(id) : undefined);

  handle("password-form", async () => {
    const first = !hasPassword;
    await client.account.changePassword({ currentPassword: password("current-password"), newPassword: value("new-password") });
    hasPassword = true;
    await showPasswordFields(true);
    return first
      ? "Password set. You can also sign in with your address and this password now. Every other device is signed out."
      : "Password changed. Every other device is signed out.";
  });
  handle("email-form", async () => {
    const email = value("new-email").trim();
    await client.account.changeEmail({ email, password: password("email-password") });
    return `We sent a link to ${email}. Your address changes when you open it.`;
  });
  mailPreferences(await client.account.preferences());
  handle("delete-form", async () => {
    await client.account.delete({ password: password("delete-password") });
    await forgetLocalData(user.id);
    location.assign("/signin?deleted=1");
    return "";
  });
}
