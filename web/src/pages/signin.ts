/** Sign in, or create an account, then go back to the page that sent the visitor here. */
import "../styles/base.css";
import "../styles/auth.css";
import { safeNext } from "../../../src/domain/next";
import { ApiError, client } from "../lib/api";
import { byId, h } from "../lib/dom";
import { providerFailureText } from "../lib/oidc-failures";

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
const failure = providerFailureText(location.search);
if (failure !== null) {
  error.textContent = failure;
  error.hidden = false;
} else if (new URLSearchParams(location.search).has("deleted")) {
  byId("subheading").textContent = "Your account has been deleted.";
}
void showProviders();
