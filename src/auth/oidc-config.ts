/**
 * The OpenID Connect providers people may sign in with: the OIDC_PROVIDERS secret, a JSON
 * list of `{ id, name, issuer, clientId, clientSecret, domains? }` (docs/operations.md,
 * "Sign-in with an identity provider"). Pure: parsing and the domain rule.
 */
import * as v from "valibot";
import type { Env } from "../env";
import { isProduction } from "./keys";

export interface OidcProvider {
  /** In our URLs: `/api/auth/oidc/<id>/start` and `/api/auth/oidc/<id>/callback`. */
  id: string;
  /** What the sign-in page's button says: "Sign in with <name>". */
  name: string;
  /** The issuer identifier; discovery is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Only addresses in these domains may sign in through this provider; empty: any. */
  domains: string[];
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const entry = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "id must be 1-32 lower-case letters, digits or dashes")),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(60, "name must be at most 60 characters")),
  issuer: v.pipe(v.string(), v.url("issuer must be a URL")),
  clientId: v.pipe(v.string(), v.minLength(1, "clientId must not be empty")),
  clientSecret: v.pipe(v.string(), v.minLength(1, "clientSecret must not be empty")),
  domains: v.optional(v.array(v.pipe(v.string(), v.toLowerCase(), v.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "domains must be domain names"))), []),
});

/**
 * The configured providers, none when OIDC_PROVIDERS is unset. Anything malformed throws a
 * message naming the entry and the problem, never a value (the list holds client secrets).
 */
export function readOidcProviders(env: Pick<Env, "OIDC_PROVIDERS" | "ENVIRONMENT">): OidcProvider[] {
  const raw = env.OIDC_PROVIDERS;
  if (raw === undefined || raw.trim() === "") return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new Error("OIDC_PROVIDERS is not JSON");
  }
  if (!Array.isArray(list)) throw new Error("OIDC_PROVIDERS must be a JSON list");
  const providers = list.map((item, i) => {
    const parsed = v.safeParse(entry, item);
    if (!parsed.success) throw new Error(`OIDC_PROVIDERS[${i}]: ${parsed.issues[0].message}`);
    const issuerProblem = issuerUrlProblem(parsed.output.issuer, isProduction(env));
    if (issuerProblem) throw new Error(`OIDC_PROVIDERS[${i}]: ${issuerProblem}`);
    return parsed.output;
  });
  const ids = new Set(providers.map((p) => p.id));
  if (ids.size !== providers.length) throw new Error("OIDC_PROVIDERS: two providers have the same id");
  return providers;
}

/**
 * Why `url` cannot be an issuer's (or one of its endpoints') URL, or null: https, or plain
 * http to this machine outside production (a provider in the test harness).
 */
export function issuerUrlProblem(url: string, production: boolean): string | null {
  const parsed = new URL(url);
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return "issuer URLs carry no credentials, query or fragment";
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && !production && LOOPBACK.has(parsed.hostname)) return null;
  return "issuer URLs must use https";
}

/** Whether `email` may sign in through `provider`: its domain is one of the provider's, or the provider names none. */
export function domainAllowed(provider: Pick<OidcProvider, "domains">, email: string): boolean {
  if (provider.domains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return provider.domains.includes(domain);
}
