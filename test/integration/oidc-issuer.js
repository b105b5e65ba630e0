// An OpenID Connect issuer for the workerd tests, at https://issuer.test (the webhook receiver,
// which every outbound fetch of the Worker reaches, hands it that host's requests): the real
// provider of the browser tests (oidc-provider) runs in Node, which this pool cannot host.
// It serves discovery and its JWKS (the public half of the key vitest.config.mts made), and
// exchanges a code the test arranged (`POST /__code`) only for the configured client, with
// the redirect URI and the PKCE verifier whose S256 challenge the authorization request
// carried; each code works once. What the tokens say is the test's to choose, which is the
// point: the Worker must refuse the bad ones.
const codes = new Map();
const userinfo = new Map();
const ISSUER = "https://issuer.test";

const s256 = async (text) => {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/.well-known/openid-configuration":
        return Response.json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/authorize`,
          token_endpoint: `${ISSUER}/token`,
          jwks_uri: `${ISSUER}/jwks`,
          userinfo_endpoint: `${ISSUER}/userinfo`,
        });
      case "/jwks":
        return Response.json({ keys: JSON.parse(env.PUBLIC_JWKS) });
      case "/__code": {
        const grant = await request.json();
        codes.set(grant.code, grant);
        return new Response(null, { status: 204 });
      }
      case "/token": {
        const form = new URLSearchParams(await request.text());
        const grant = codes.get(form.get("code"));
        codes.delete(form.get("code"));
        const client = `Basic ${btoa(`${encodeURIComponent(env.CLIENT_ID)}:${encodeURIComponent(env.CLIENT_SECRET)}`)}`;
        const valid =
          grant !== undefined &&
          request.headers.get("Authorization") === client &&
          form.get("grant_type") === "authorization_code" &&
          form.get("redirect_uri") === grant.redirectUri &&
          (await s256(form.get("code_verifier") ?? "")) === grant.challenge;
        if (!valid) return Response.json({ error: "invalid_grant" }, { status: 400 });
        const accessToken = crypto.randomUUID();
        if (grant.userinfo) userinfo.set(accessToken, grant.userinfo);
        return Response.json({ id_token: grant.idToken, access_token: accessToken, token_type: "Bearer", expires_in: 60 });
      }
      case "/userinfo": {
        const claims = userinfo.get((request.headers.get("Authorization") ?? "").replace(/^Bearer /, ""));
        return claims ? Response.json(claims) : Response.json({ error: "invalid_token" }, { status: 401 });
      }
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
