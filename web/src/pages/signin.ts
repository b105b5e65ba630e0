/** Sign in, or create an account, then go back to the page that sent the visitor here. */
import "../styles/base.css";
import "../styles/auth.css";
import { safeNext } from "../../../src/domain/next";
import { isOidcFailure, type OidcFailure } from "../../../src/domain/oidc";
import { ApiError, client } from "../lib/api";
import { byId, h } from "../lib/dom";

type Mode = "signin" | "signup";

const form = byId<HTMLFormElement>("form");
const error = byId("error");
const submit = byId<HTMLButtonElement>("submit");
const field = (id: string) => byId<HTMLInputElement>(id);
let mode: Mode = new URLSearchParams(location.search).get("mode") === "signup" ? "signup" : "signin";

function show(next: Mode): void {
  mode = next;
  const signup = mode === "signup";
  byId("heading").textContent = signup ? "Create your account" : "Welcome back";
  byId("subheading").textContent = signup ? "Write and draw together, live." : "Sign in to your documents and whiteboards.";
  byId("name-field").hidden = !signup;
  byId("password-hint").hidden = !signup;
  field("password").autocomplete = signup ? "new-password" : "current-password";
  submit.textContent = signup ? "Create account" : "Sign in";
  byId("switch-text").textContent = signup ? "Already have an account?" : "New here?";
  byId("switch").textContent = signup ? "Sign in" : "Create an account";
  byId("forgot-line").hidden = signup;
  error.hidden = true;
}

function messageOf(err: unknown): string {
  if (!(err instanceof ApiError)) return "Could not reach the server. Check your connection and try again.";
  switch (err.code) {
    case "invalid_credentials":
      return "Wrong email or password.";
    case "email_taken":
      return "An account with this email already exists: sign in with it, or choose “Forgot your password?” below.";
    case "too_many_requests":
      return `Too many attempts. Try again in ${Math.ceil((err.retryAfter ?? 60) / 60)} minute(s).`;
    default:
      // The server's messages for bad input are written for people ("password must be at least 10 characters").
      return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  }
}

/** After signup: the link to confirm the address is in the mail; the account works meanwhile. */
function checkYourMail(email: string, next: string): void {
  byId("heading").textContent = "Check your mail";
  byId("subheading").textContent = `We sent a link to ${email}. Open it to confirm your address, so people can share rooms with you by email.`;
  form.hidden = true;
  byId("switch-line").hidden = true;
  byId("forgot-line").hidden = true;
  byId<HTMLAnchorElement>("continue").href = next;
  byId("continue-line").hidden = false;
}

byId("switch").addEventListener("click", (event) => {
  event.preventDefault();
  show(mode === "signin" ? "signup" : "signin");
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  submit.disabled = true;
  error.hidden = true;
  const credentials = { email: field("email").value.trim(), password: field("password").value };
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  try {
    if (mode === "signup") {
      await client.auth.signup({ ...credentials, name: field("name").value.trim() });
      checkYourMail(credentials.email, next);
    } else {
      await client.auth.login(credentials);
      location.assign(next);
    }
  } catch (err) {
    // The account exists: the form becomes the sign-in form, with what was typed still in it.
    if (err instanceof ApiError && err.code === "email_taken") show("signin");
    error.textContent = messageOf(err);
    error.hidden = false;
    submit.disabled = false;
  }
});

/** Why a sign-in with an identity provider came back here (`?oidc=`, see docs/api.md). */
const PROVIDER_FAILURES: Record<OidcFailure, string> = {
  state: "That sign-in could not be matched to this browser, or took too long. Please try again.",
  denied: "The identity provider did not sign you in.",
  token: "The identity provider's answer could not be verified. Please try again.",
  email_unverified: "The identity provider did not confirm your email address, so it cannot sign you in here.",
  domain: "Your email address is not one this identity provider may sign in with.",
  account_unverified:
    "An account with your email address exists but never confirmed it. Sign in with its password and confirm the address, or reset the password, then try again.",
  stale:
    "Your identity provider did not ask you to sign in again just now, so the change to your account is not confirmed. Go back to your account and try again.",
  too_many_requests: "Too many sign-ins from your network. Try again in a few minutes.",
  unavailable: "The identity provider cannot be reached right now. Try again later.",
};

/** A button per configured identity provider, under the form; nothing when there are none. */
async function showProviders(): Promise<void> {
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  const providers = await client.auth.providers().catch(() => []);
  const box = byId("providers");
  for (const p of providers) {
    box.append(h("a", { class: "btn btn-block", href: client.auth.providerSignInPath(p.id, next) }, `Sign in with ${p.name}`));
  }
  box.hidden = providers.length === 0;
}

show(mode);
const failure = new URLSearchParams(location.search).get("oidc");
if (isOidcFailure(failure)) {
  error.textContent = PROVIDER_FAILURES[failure];
  error.hidden = false;
} else if (new URLSearchParams(location.search).has("deleted")) {
  byId("subheading").textContent = "Your account has been deleted.";
}
void showProviders();
