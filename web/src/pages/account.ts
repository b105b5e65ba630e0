/**
 * The pages mailed links open, and the forgotten-password form: `/verify` confirms an address,
 * `/forgot` asks for a reset link, `/reset` sets a new password, `/invitation` joins a room;
 * and `/account`, the signed-in person's settings (account-settings.ts).
 * A link's token is in its fragment (`#token=`), which never reaches a server; an invitation's
 * is kept in localStorage while its visitor signs up, confirms the address and comes back.
 */
import "../styles/base.css";
import "../styles/auth.css";
import { ApiError, client } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { problemText } from "../lib/problem";
import { showSettings } from "./account-settings";

const PENDING_INVITATION = "edge-rooms:invitation";

const heading = byId("heading");
const message = byId("message");
const form = byId<HTMLFormElement>("form");
const submit = byId<HTMLButtonElement>("submit");
const error = byId("error");
const links = byId("links");
const input = (id: string) => byId<HTMLInputElement>(id);

const token = new URLSearchParams(location.hash.slice(1)).get("token");
// The token has been read: it leaves the address bar (and the history) at once.
if (location.hash) history.replaceState(null, "", location.pathname);

function show(title: string, text: string, ...actions: Array<[label: string, href: string]>): void {
  heading.textContent = title;
  message.textContent = text;
  form.hidden = true;
  replaceChildren(links, ...actions.flatMap(([label, href], i) => [i > 0 ? " · " : null, h("a", { href }, label)]));
}

/** Shows a one-field form; `send` runs on submit, and its errors show under the field. */
function ask(title: string, text: string, field: "email" | "password", label: string, send: (value: string) => Promise<void>): void {
  show(title, text);
  form.hidden = false;
  byId(`${field}-field`).hidden = false;
  submit.textContent = label;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await send(input(field).value);
    } catch (err) {
      error.textContent = problemText(err);
      error.hidden = false;
      submit.disabled = false;
    }
  });
}

async function verify(): Promise<void> {
  try {
    await client.account.verify(token ?? "");
  } catch (err) {
    return show("This link does not work", problemText(err), ["Your rooms", "/"]);
  }
  if (localStorage.getItem(PENDING_INVITATION)) return location.assign("/invitation");
  show("Email confirmed", "People can now share rooms with you by this address.", ["Your rooms", "/"]);
}

async function join(invitation: string): Promise<void> {
  localStorage.setItem(PENDING_INVITATION, invitation);
  if (!(await client.auth.refresh())) {
    const next = encodeURIComponent("/invitation");
    return show(
      "You are invited",
      "Sign in, or create an account, with the address this invitation was sent to. You come back here afterwards.",
      ["Create an account", `/signin?mode=signup&next=${next}`],
      ["Sign in", `/signin?next=${next}`],
    );
  }
  try {
    const { room } = await client.invitations.accept(invitation);
    localStorage.removeItem(PENDING_INVITATION);
    location.assign(`/rooms/${encodeURIComponent(room.id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.code === "email_unverified") {
      return show("Confirm your address first", "We mailed you a link when you signed up: open it, and you come back here to join.", ["Your rooms", "/"]);
    }
    if (!(err instanceof ApiError && err.code === "forbidden")) localStorage.removeItem(PENDING_INVITATION);
    show("This invitation does not work", problemText(err), ["Your rooms", "/"]);
  }
}

switch (location.pathname) {
  case "/account":
    void showSettings();
    break;
  case "/verify":
    void verify();
    break;
  case "/invitation": {
    const invitation = token ?? localStorage.getItem(PENDING_INVITATION);
    if (invitation) void join(invitation);
    else show("No invitation here", "Open the link in the invitation mail again.", ["Your rooms", "/"]);
    break;
  }
  case "/reset":
    ask("Choose a new password", "Resetting signs you out on every device.", "password", "Set password", async (password) => {
      await client.account.resetPassword({ token: token ?? "", password });
      show("Password changed", "Sign in with your new password.", ["Sign in", "/signin"]);
    });
    break;
  default:
    ask("Forgot your password?", "We will mail you a link to choose a new one.", "email", "Send link", async (email) => {
      await client.account.forgotPassword(email.trim());
      show("Check your mail", "If an account uses this address, a link to reset its password is on its way. It works for one hour.", ["Sign in", "/signin"]);
    });
}
