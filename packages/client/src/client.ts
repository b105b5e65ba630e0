/**
 * The typed REST client: one method per documented endpoint (docs/api.md), grouped by what
 * it acts on. Bodies are the server's own schemas' input types, answers the server's JSON
 * types (src/wire), errors `ApiError` with the API's `code`.
 */
import type { OidcProviderJson, UserJson } from "../../../src/wire/rest";
import { type ClientOptions, createTransport, type Transport } from "./http";
import { type AccountJson, accountApi, invitationsApi, tokensApi } from "./rest-account";
import { notificationsApi, threadsApi } from "./rest-comments";
import { contentApi, filesApi, membersApi, roomsApi, versionsApi, webhooksApi } from "./rest-rooms";
import type { LoginBody, SignupBody } from "./server-types";

function authApi(http: Transport) {
  return {
    /** Creates an account and signs in. */
    signup: async (body: SignupBody) => (await http.json<{ user: UserJson }>("/api/auth/signup", { method: "POST", json: body })).user,
    login: async (body: LoginBody) => (await http.json<{ user: UserJson }>("/api/auth/login", { method: "POST", json: body })).user,
    /** Rotates the session's tokens, at most once at a time across tabs; false when the session is over. */
    refresh: () => http.refreshSession(),
    /** Ends the session everywhere it was used; its sockets close with 4401. */
    async logout(): Promise<void> {
      await http.send("/api/auth/logout", { method: "POST" });
      http.forgetCookies();
    },
    /** The identity providers this server offers for signing in (none when it offers none). */
    providers: async () => (await http.json<{ providers: OidcProviderJson[] }>("/api/auth/oidc/providers")).providers,
    /**
     * Where a browser goes to sign in with a provider (a navigation, not a request): it comes
     * back signed in at `next`, or at `/signin?oidc=<reason>` when the sign-in failed.
     */
    providerSignInPath: (providerId: string, next = "/") => `/api/auth/oidc/${encodeURIComponent(providerId)}/start?next=${encodeURIComponent(next)}`,
    /** Who I am (401 `unauthorized` when signed out); `emailVerified` and `hasPassword` for accounts of this server. */
    me: async () => (await http.json<{ user: UserJson & Partial<Pick<AccountJson, "emailVerified" | "hasPassword">> }>("/api/me")).user,
  };
}

export function createClient(opts: ClientOptions = {}) {
  const http = createTransport(opts);
  return {
    /** The transport, for rooms opened with this client (openRoom) and endpoints added later. */
    http,
    auth: authApi(http),
    account: accountApi(http),
    tokens: tokensApi(http),
    invitations: invitationsApi(http),
    rooms: roomsApi(http),
    members: membersApi(http),
    versions: versionsApi(http),
    content: contentApi(http),
    files: filesApi(http),
    threads: threadsApi(http),
    notifications: notificationsApi(http),
    webhooks: webhooksApi(http),
  };
}

export type Client = ReturnType<typeof createClient>;
export type { ClientOptions };
