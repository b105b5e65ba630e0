/**
 * Which provider sends mail, and the origin mail links point to, from the environment
 * (docs/operations.md, "Mail"). Outside production, mail goes to the outbox unless a provider
 * is configured; a deployed Worker needs a provider, a sender address and PUBLIC_URL.
 */
import { isProduction } from "../auth/keys";
import type { Env } from "../env";

export type MailConfig = { provider: "outbox" } | { provider: "resend"; apiKey: string; from: string };

export const MAIL_PROVIDERS = ["outbox", "resend"] as const;

/** The configured provider; throws a message naming the variable (never its value) when it is unusable. */
export function readMailConfig(env: Partial<Env>): MailConfig {
  const provider = env.MAIL_PROVIDER || (isProduction(env) ? undefined : "outbox");
  if (provider === undefined) throw new Error("MAIL_PROVIDER is not set");
  if (provider === "outbox") {
    if (isProduction(env)) throw new Error("MAIL_PROVIDER=outbox is for development only");
    return { provider };
  }
  if (provider !== "resend") throw new Error(`MAIL_PROVIDER must be one of ${MAIL_PROVIDERS.join(", ")}`);
  if (!env.RESEND_API_KEY) throw new Error("RESEND_API_KEY is not set");
  if (!env.MAIL_FROM) throw new Error("MAIL_FROM is not set");
  return { provider, apiKey: env.RESEND_API_KEY, from: env.MAIL_FROM };
}

/**
 * The origin of the links in mail: PUBLIC_URL, or outside production the request's own origin.
 * A deployed Worker never takes it from the request: a forged Host would put an attacker's
 * site in a password-reset link.
 */
export function siteUrl(env: Partial<Env>, requestUrl: string): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  if (isProduction(env)) throw new Error("PUBLIC_URL is not set");
  return new URL(requestUrl).origin;
}
