/**
 * A real OpenID Connect provider for the browser tests: the `oidc-provider` package (the
 * certified Node implementation) on 127.0.0.1, with one confidential client for the Worker
 * and a sign-in page of its own: a person types an address the provider knows and is signed
 * in and consents in one step. Nothing here is a mock of the protocol: discovery, the code
 * flow with PKCE, signed ID tokens, JWKS and userinfo are the package's own.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface IdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People the provider knows, by address; `emailVerified: false` for an address it never checked. */
  people: Map<string, { name: string; emailVerified: boolean }>;
  stop(): Promise<void>;
}

const readForm = async (req: IncomingMessage) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Starts the provider on `port`, its client allowed to come back to `redirectUri` only. */
export async function startIdentityProvider(port: number, redirectUri: string): Promise<IdentityProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "edge-rooms-e2e";
  const clientSecret = `secret-${crypto.randomUUID()}`;
  const people = new Map<string, { name: string; emailVerified: boolean }>();
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ["code"], grant_types: ["authorization_code"] },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "e2e-key", alg: "RS256", use: "sig" }] },
    cookies: { keys: [crypto.randomUUID()] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: id, email_verified: person.emailVerified, name: person.name }) };
    },
  });
  const handle = provider.callback();
  const server: Server = createServer(async (req, res) => {
    const interaction = /^\/interaction\/([\w-]+)$/.exec(req.url ?? "");
    if (!interaction) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const form = req.method === "POST" ? await readForm(req) : null;
      const email = form?.get("email")?.trim().toLowerCase() ?? "";
      if (form && people.has(email)) {
        const grant = new provider.Grant({ accountId: email, clientId: details.params.client_id });
        grant.addOIDCScope("openid email profile");
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { login: { accountId: email }, consent: { grantId } }, { mergeWithLastSubmission: false });
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Test IdP</title><h1>Sign in to Test IdP</h1>
        <form method="post"><label for="email">Email</label><input id="email" name="email" value="${escapeHtml(email)}">
        ${form ? "<p role=alert>Unknown address</p>" : ""}<button type="submit">Continue</button></form>`);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
