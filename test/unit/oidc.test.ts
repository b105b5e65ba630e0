/** The pure parts of sign-in with an identity provider: configuration, which account an identity reaches, the sealed flow. */
import { describe, expect, it } from "vitest";
import type { KeyRing } from "../../src/auth/keys";
import { domainAllowed, readOidcProviders } from "../../src/auth/oidc-config";
import { authorizationUrl, newFlow, openFlow, pkceChallenge, sealFlow } from "../../src/auth/oidc-flow";
import { decideLink, type IdentityFacts } from "../../src/auth/oidc-linking";

const corp = { id: "corp", name: "Corp SSO", issuer: "https://login.corp.example", clientId: "rooms", clientSecret: "s3cret-value" };

describe("OIDC_PROVIDERS", () => {
  it("reads a list of providers; unset is none", () => {
    expect(readOidcProviders({ ENVIRONMENT: "production" })).toEqual([]);
    const [p] = readOidcProviders({ ENVIRONMENT: "production", OIDC_PROVIDERS: JSON.stringify([{ ...corp, domains: ["Corp.Example"] }]) });
    expect(p).toEqual({ ...corp, domains: ["corp.example"] });
  });

  it("refuses malformed entries, naming the problem and never the secret", () => {
    const bad = [
      "not json",
      JSON.stringify({ ...corp }),
      JSON.stringify([{ ...corp, id: "Corp SSO" }]),
      JSON.stringify([{ ...corp, clientSecret: "" }]),
      JSON.stringify([{ ...corp, issuer: "http://login.corp.example" }]),
      JSON.stringify([{ ...corp, issuer: "https://login.corp.example?x=1" }]),
      JSON.stringify([corp, corp]),
    ];
    for (const raw of bad) {
      expect(() => readOidcProviders({ ENVIRONMENT: "production", OIDC_PROVIDERS: raw }), raw).toThrow(/OIDC_PROVIDERS/);
      try {
        readOidcProviders({ ENVIRONMENT: "production", OIDC_PROVIDERS: raw });
      } catch (err) {
        expect(String(err)).not.toContain("s3cret-value");
      }
    }
  });

  it("accepts plain http only to this machine, and only outside production", () => {
    const local = JSON.stringify([{ ...corp, issuer: "http://127.0.0.1:4000" }]);
    expect(readOidcProviders({ ENVIRONMENT: "development", OIDC_PROVIDERS: local })[0]!.issuer).toBe("http://127.0.0.1:4000");
    expect(() => readOidcProviders({ ENVIRONMENT: "production", OIDC_PROVIDERS: local })).toThrow(/https/);
  });

  it("admits addresses of the provider's domains only, when it names any", () => {
    expect(domainAllowed({ domains: [] }, "a@anywhere.example")).toBe(true);
    expect(domainAllowed({ domains: ["corp.example"] }, "a@corp.example")).toBe(true);
    expect(domainAllowed({ domains: ["corp.example"] }, "a@evilcorp.example")).toBe(false);
    expect(domainAllowed({ domains: ["corp.example"] }, "a@sub.corp.example")).toBe(false);
  });
});

describe("decideLink", () => {
  const facts = (f: Partial<IdentityFacts>): IdentityFacts => ({
    linkedUserId: null,
    email: "ada@corp.example",
    emailVerified: true,
    domainAllowed: true,
    accountWithEmail: null,
    ...f,
  });

  it("signs a linked identity in to its account, whatever the address says now", () => {
    expect(decideLink(facts({ linkedUserId: "u1", email: "new@corp.example", emailVerified: false }))).toEqual({ kind: "sign_in", userId: "u1" });
  });

  it("makes an account for a verified address nobody has", () => {
    expect(decideLink(facts({}))).toEqual({ kind: "create", email: "ada@corp.example" });
  });

  it("links to an existing account only when both the provider and the account proved the address", () => {
    expect(decideLink(facts({ accountWithEmail: { id: "u2", verified: true } }))).toEqual({ kind: "link", userId: "u2", email: "ada@corp.example" });
    expect(decideLink(facts({ accountWithEmail: { id: "u2", verified: false } }))).toEqual({ kind: "refuse", reason: "account_unverified" });
    expect(decideLink(facts({ emailVerified: false, accountWithEmail: { id: "u2", verified: true } }))).toEqual({ kind: "refuse", reason: "email_unverified" });
  });

  it("refuses an unverified or missing address, and one outside the provider's domains, even for a linked identity", () => {
    expect(decideLink(facts({ emailVerified: false }))).toEqual({ kind: "refuse", reason: "email_unverified" });
    expect(decideLink(facts({ email: null }))).toEqual({ kind: "refuse", reason: "email_unverified" });
    expect(decideLink(facts({ domainAllowed: false, linkedUserId: "u1" }))).toEqual({ kind: "refuse", reason: "domain" });
  });
});

describe("the sealed flow", () => {
  const ring = (secret: string): KeyRing => {
    const key = new TextEncoder().encode(secret);
    return { current: { kid: secret.slice(0, 4), key }, byKid: new Map([[secret.slice(0, 4), key]]) };
  };
  const a = ring("aaaa-0123456789abcdefghijklmnopqrstuvwxyz");
  const b = ring("bbbb-0123456789abcdefghijklmnopqrstuvwxyz");
  const now = Date.UTC(2026, 0, 1);

  it("opens with the key it was sealed with, until it expires; not with another, nor when changed", async () => {
    const flow = newFlow("corp", "/rooms/x");
    const sealed = await sealFlow(a, flow, now, 600);
    expect(sealed).not.toContain(flow.verifier);
    expect(await openFlow(a, sealed, now + 599_000)).toEqual(flow);
    expect(await openFlow(a, sealed, now + 601_000)).toBeNull();
    expect(await openFlow(b, sealed, now)).toBeNull();
    expect(await openFlow(a, `${sealed.slice(0, -3)}AAA`, now)).toBeNull();
    expect(await openFlow(a, undefined, now)).toBeNull();
    // A sign-in again stays one through the cookie.
    const again = newFlow("corp", "/account", true);
    expect(await openFlow(a, await sealFlow(a, again, now, 600), now)).toEqual({ ...again, reauth: true });
  });

  it("asks for a code with PKCE S256, our state and nonce", async () => {
    const flow = newFlow("corp", "/");
    const url = new URL(
      await authorizationUrl("https://login.corp.example/auth?tenant=1", { clientId: "rooms", redirectUri: "https://rooms.example/cb" }, flow),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "1",
      response_type: "code",
      client_id: "rooms",
      redirect_uri: "https://rooms.example/cb",
      scope: "openid email profile",
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await pkceChallenge(flow.verifier),
      code_challenge_method: "S256",
    });
    // The verifier itself stays in the sealed cookie until the code exchange.
    expect(url.toString()).not.toContain(flow.verifier);
  });

  it("asks the provider to check the person again, and to say when, for a sign-in again", async () => {
    const url = new URL(
      await authorizationUrl(
        "https://login.corp.example/auth",
        { clientId: "rooms", redirectUri: "https://rooms.example/cb" },
        newFlow("corp", "/account", true),
      ),
    );
    expect([url.searchParams.get("prompt"), url.searchParams.get("max_age")]).toEqual(["login", "0"]);
  });
});
