/**
 * My account beyond signing in (docs/api.md): proving my address, a forgotten or changed
 * password, a new address, invitations, and API tokens for programs.
 */
import type { ApiTokenJson, InvitationJson, PreferencesJson, Role, UserJson } from "../../../src/wire/rest";
import type { Transport } from "./http";
import type { ChangeEmailBody, ChangePasswordBody, DeleteAccountBody, NewTokenBody, PreferencesBody, ResetBody } from "./server-types";

/** An account as its owner sees it; `hasPassword` is false for one an identity provider made, until it sets one (it confirms changes by signing in again). */
export type AccountJson = UserJson & { emailVerified: boolean; hasPassword: boolean };

/** A new API token: its secret is shown this once. */
export interface TokenWithSecret {
  token: ApiTokenJson;
  secret: string;
}

export function accountApi(http: Transport) {
  const post = (path: string, json?: unknown) => http.json<{ user: AccountJson }>(path, { method: "POST", json });
  return {
    /** Proves my address with the token of a mailed link (`#token=` of the link). */
    verify: async (token: string) => (await post("/api/auth/verify", { token })).user,
    /** Mails the link again (limited per hour). */
    resendVerification: async () => (await post("/api/auth/verify/resend")).user,
    /** Mails a reset link if an account has this address; answers the same (`202`, no body) either way. */
    forgotPassword: async (email: string): Promise<void> => void (await http.send("/api/auth/forgot", { method: "POST", json: { email } })),
    /** Sets a new password with a mailed link's token; every sign-in of the account ends. */
    resetPassword: async (body: ResetBody): Promise<void> => void (await http.send("/api/auth/reset", { method: "POST", json: body })),
    /** Every other sign-in ends; this one goes on. Without `currentPassword`: an account without a password sets its first, after a sign-in again with its provider. */
    changePassword: async (body: ChangePasswordBody) => (await post("/api/auth/password", body)).user,
    /** Mails a link to the new address; the account moves when it is followed. */
    changeEmail: async (body: ChangeEmailBody) => (await post("/api/auth/email", body)).user,
    /** My mail preferences: `mentionDigests`, mail of mentions and replies I have not seen in the app. */
    preferences: async () => (await http.json<{ preferences: PreferencesJson }>("/api/me/preferences")).preferences,
    setPreferences: async (body: PreferencesBody) =>
      (await http.json<{ preferences: PreferencesJson }>("/api/me/preferences", { method: "PATCH", json: body })).preferences,
    /**
     * Deletes my account for good, confirmed with my password: the rooms I own are deleted for
     * everyone; my sessions, API tokens and sockets end.
     */
    async delete(body: DeleteAccountBody): Promise<void> {
      await http.send("/api/me", { method: "DELETE", json: body });
      http.forgetCookies();
    },
  };
}

export function invitationsApi(http: Transport) {
  const list = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/invitations`;
  const one = (roomId: string, id: string) => `${list(roomId)}/${encodeURIComponent(id)}`;
  return {
    /** The room's open invitations (owner). */
    list: async (roomId: string) => (await http.json<{ invitations: InvitationJson[] }>(list(roomId))).invitations,
    /** Mails the invitation again with a new link (owner). */
    resend: async (roomId: string, id: string) => (await http.json<{ invitation: InvitationJson }>(`${one(roomId, id)}/resend`, { method: "POST" })).invitation,
    revoke: async (roomId: string, id: string): Promise<void> => void (await http.send(one(roomId, id), { method: "DELETE" })),
    /** Joins the room an invitation to my (proven) address is for. */
    accept: (token: string) => http.json<{ room: { id: string }; role: Role }>("/api/invitations/accept", { method: "POST", json: { token } }),
  };
}

export function tokensApi(http: Transport) {
  return {
    create: (body: NewTokenBody) => http.json<TokenWithSecret>("/api/tokens", { method: "POST", json: body }),
    list: async () => (await http.json<{ tokens: ApiTokenJson[] }>("/api/tokens")).tokens,
    /** Revokes at once: the next request and every socket opened with it are refused. */
    revoke: async (id: string): Promise<void> => void (await http.send(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" })),
  };
}
