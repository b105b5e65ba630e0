/**
 * Sign-in with an identity provider: what the callback accepts and what it refuses. The
 * provider is test/integration/oidc-issuer.js at https://issuer.test (discovery, JWKS, a code
 * exchange that checks the client, the redirect URI and PKCE); the tests sign the ID tokens it
 * hands out, so each refusal changes one thing of a token the happy path accepts. The whole
 * flow against a real provider (oidc-provider) runs in Chromium: test/e2e/oidc.e2e.test.ts.
 */
import { env } from "cloudflare:workers";
import { generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Browser, PASSWORD, signUp, uniqueEmail } from "./browser";
import { CLIENT_ID, finish, ISSUER, idToken, landing, me, person, type Started, start } from "./oidc-harness";

afterEach(() => vi.restoreAllMocks());

describe("sign-in with an identity provider", () => {
  it("lists the configured providers by id and name only", async () => {
    const res = await new Browser().fetch("/api/auth/oidc/providers");
    expect(await res.json()).toEqual({
      providers: [
        { id: "fake", name: "Fake IdP" },
        { id: "corp", name: "Corp SSO" },
      ],
    });
  });

  it("a verified address nobody has: a new account, its address proven, signed in, back at `next`; the same subject signs in again", async () => {
    const browser = new Browser();
    const started = await start(browser, "fake", "/rooms/plans");
    expect(browser.cookies.has("__Host-er_oidc")).toBe(true);
    const who = person();
    const res = await finish(browser, started, await idToken(started, who));
    expect(landing(res)).toBe("/rooms/plans");
    expect(browser.cookies.has("__Host-er_oidc")).toBe(false);
    const user = await me(browser);
    expect(user).toMatchObject({ email: who.email, name: "Pat Provider", emailVerified: true });

    // Later the provider says another address (the person's changed): the subject decides.
    const again = new Browser();
    const second = await start(again);
    expect(landing(await finish(again, second, await idToken(second, { ...who, email: uniqueEmail() })))).toBe("/");
    expect((await me(again))?.id).toBe(user!.id);
  });

  it("a `next` that leaves the site becomes the rooms list", async () => {
    const browser = new Browser();
    const started = await start(browser, "fake", "//evil.example/x");
    expect(landing(await finish(browser, started, await idToken(started, person())))).toBe("/");
  });

  it("takes the address from userinfo when the ID token has none, for the same subject only", async () => {
    const who = person();
    const browser = new Browser();
    const started = await start(browser);
    const token = await idToken(started, { sub: who.sub });
    expect(landing(await finish(browser, started, token, { userinfo: { sub: who.sub, email: who.email, email_verified: true } }))).toBe("/");
    expect((await me(browser))?.email).toBe(who.email);

    const other = new Browser();
    const next = await start(other);
    const stranger = person();
    const answer = { sub: "someone-else", email: stranger.email, email_verified: true };
    expect(landing(await finish(other, next, await idToken(next, { sub: stranger.sub }), { userinfo: answer }))).toBe("refused:email_unverified");
  });

  it("links to a password account only when that account proved the address", async () => {
    const proven = await signUp("Linda Linked");
    const browser = new Browser();
    const started = await start(browser);
    expect(landing(await finish(browser, started, await idToken(started, person(proven.user!.email))))).toBe("/");
    expect((await me(browser))?.id).toBe(proven.user!.id);

    // Someone signed up with this address and never received its mail: the provider's user
    // does not land in an account whose password that someone knows.
    const squatter = await signUp("Sam Squatter", { verified: false });
    const victim = new Browser();
    const next = await start(victim);
    expect(landing(await finish(victim, next, await idToken(next, person(squatter.user!.email))))).toBe("refused:account_unverified");
    expect(await me(victim)).toBeNull();
    // The squatter's password still opens only the squatter's unproven account, unlinked.
    const login = await new Browser().fetch("/api/auth/login", { method: "POST", json: { email: squatter.user!.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM oidc_identities WHERE user_id = ?").bind(squatter.user!.id).first("n")).toBe(0);
  });

  it("refuses an address the provider did not verify", async () => {
    for (const verified of [false, "true", undefined]) {
      const browser = new Browser();
      const started = await start(browser);
      const res = await finish(browser, started, await idToken(started, { ...person(), email_verified: verified }));
      expect(landing(res), String(verified)).toBe("refused:email_unverified");
      expect(await me(browser)).toBeNull();
    }
  });

  it("admits only the domains a provider names", async () => {
    const outside = new Browser();
    const started = await start(outside, "corp");
    expect(landing(await finish(outside, started, await idToken(started, person("eve@elsewhere.example")), { provider: "corp" }))).toBe("refused:domain");
    const inside = new Browser();
    const next = await start(inside, "corp");
    expect(landing(await finish(inside, next, await idToken(next, person(`${crypto.randomUUID()}@corp.example`)), { provider: "corp" }))).toBe("/");
  });

  describe("refuses a callback that is not this browser's sign-in", () => {
    it("without the flow cookie (another browser), with another state, or for another provider", async () => {
      const browser = new Browser();
      const started = await start(browser);
      const token = await idToken(started, person());
      expect(landing(await finish(new Browser(), started, token))).toBe("refused:state");

      const again = new Browser();
      const second = await start(again);
      expect(landing(await finish(again, { ...second, state: started.state }, await idToken(second, person())))).toBe("refused:state");

      const corp = new Browser();
      const third = await start(corp, "corp");
      expect(landing(await finish(corp, third, await idToken(third, person(`x-${crypto.randomUUID()}@corp.example`)), { provider: "fake" }))).toBe(
        "refused:state",
      );
    });

    it("a second time: the flow cookie is gone after the first callback, whatever came of it", async () => {
      const browser = new Browser();
      const started = await start(browser);
      const cookie = browser.cookies.get("__Host-er_oidc")!;
      expect(landing(await finish(browser, started, await idToken(started, { ...person(), email_verified: false })))).toBe("refused:email_unverified");
      expect(browser.cookies.has("__Host-er_oidc")).toBe(false);
      // Replaying the old cookie with a fresh code: the state matches, the code was the provider's to spend once.
      browser.cookies.set("__Host-er_oidc", cookie);
      const replay = await browser.fetch(`/api/auth/oidc/fake/callback?${new URLSearchParams({ code: "spent", state: started.state })}`);
      expect(landing(replay)).toBe("refused:token");
    });

    it("an answer naming another issuer (RFC 9207 mix-up), and the provider's own error", async () => {
      const browser = new Browser();
      const started = await start(browser);
      expect(landing(await finish(browser, started, await idToken(started, person()), { query: { iss: "https://evil.example" } }))).toBe("refused:state");
      const other = new Browser();
      const next = await start(other);
      expect(landing(await finish(other, next, await idToken(next, person()), { query: { error: "access_denied" } }))).toBe("refused:denied");
    });
  });

  describe("refuses an ID token that does not verify", () => {
    const cases: Array<[string, (s: Started) => Promise<string>]> = [
      ["another nonce", (s) => idToken(s, { ...person(), nonce: "not-this-sign-in" })],
      ["another audience", (s) => idToken(s, { ...person(), aud: "someone-else" })],
      ["several audiences without azp naming us", (s) => idToken(s, { ...person(), aud: [CLIENT_ID, "someone-else"] })],
      ["another issuer", (s) => idToken(s, { ...person(), iss: "https://evil.example" })],
      ["an expired one", (s) => idToken(s, { ...person(), iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 60 })],
      ["one issued long ago", (s) => idToken(s, { ...person(), iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) + 3600 })],
      ["one signed with another key under the provider's key id", async (s) => idToken(s, person(), { key: (await generateKeyPair("ES256")).privateKey })],
      ["one signed with the client secret (HS256)", (s) => idToken(s, person(), { key: new TextEncoder().encode("client-secret-0123456789"), alg: "HS256" })],
    ];
    for (const [what, make] of cases) {
      it(what, async () => {
        const browser = new Browser();
        const started = await start(browser);
        expect(landing(await finish(browser, started, await make(started)))).toBe("refused:token");
        expect(await me(browser)).toBeNull();
      });
    }

    it("an unsigned one (alg none)", async () => {
      const browser = new Browser();
      const started = await start(browser);
      const b64 = (o: object) => btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: "none" })}.${b64({ ...person(), iss: ISSUER, aud: CLIENT_ID, nonce: started.nonce, iat: now, exp: now + 60 })}.`;
      expect(landing(await finish(browser, started, unsigned))).toBe("refused:token");
    });
  });

  it("logs the refusal's reason, never a token, a code or an address", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((...args) => void lines.push(args.join(" ")));
    const browser = new Browser();
    const started = await start(browser);
    const who = person();
    const token = await idToken(started, { ...who, nonce: "wrong" });
    expect(landing(await finish(browser, started, token))).toBe("refused:token");
    const ok = new Browser();
    const next = await start(ok);
    expect(landing(await finish(ok, next, await idToken(next, who)))).toBe("/");
    const log = lines.join("\n");
    expect(log).toContain('"event":"oidc_refused"');
    expect(log).toContain('"event":"oidc_sign_in"');
    for (const secret of [token, who.email, started.state, started.nonce, next.state]) expect(log).not.toContain(secret);
  });

  it("sends the browser back to sign in when the provider is unknown", async () => {
    const res = await new Browser().fetch("/api/auth/oidc/nobody/start");
    expect(landing(res)).toBe("refused:unavailable");
  });
});
