/**
 * The Worker's environment and the Hono context, typed once for every layer.
 *
 * What wrangler.toml declares comes from worker-configuration.d.ts (`WranglerEnv`), which
 * `npm run types` generates and `npm run types:check` keeps current:
 *   ROOM, INBOX      the room objects, and one inbox object per user (the unread badge)
 *   SNAPSHOTS, DB    R2 for document snapshots, D1 for everything else
 *   ASSETS           the built pages (web/dist); the Worker serves the HTML itself (src/api/pages.ts)
 *   WEBHOOK_QUEUE    webhook deliveries (docs/webhooks.md) and outgoing mail (src/mail/), produced
 *                    and consumed by this Worker
 *   ENVIRONMENT      "production" unless `npm run dev` sets "development" in .dev.vars
 *   JWT_SECRET       the HS256 key of our access tokens (a secret deployments require)
 * The optional configuration and secrets below are not in wrangler.toml, so they are
 * declared here. docs/operations.md is the reference for every one of them.
 */
import type { TokenScope } from "./domain/api-tokens";
import type { Role } from "./domain/rooms";

/** Bindings, variables and secrets. */
export interface Env extends WranglerEnv {
  /** Optional Workers Analytics Engine dataset for per-room metrics. */
  METRICS?: AnalyticsEngineDataset;
  /** Lifetime of our access tokens in seconds (default 900, 10 to 3600). */
  ACCESS_TOKEN_TTL_SECONDS?: string;
  /** Days a sign-in may be refreshed before the user signs in again (default 90); see docs/operations.md. */
  SESSION_MAX_DAYS?: string;
  /** The previous JWT_SECRET during a key rotation: still verifies, never signs. */
  JWT_SECRET_PREVIOUS?: string;
  /** Bearer token for the operator endpoints under /api/ops (secret); unset, they do not exist. */
  OPERATOR_TOKEN?: string;
  /** Extra origins allowed to make state-changing requests and open sockets, comma-separated. */
  ALLOWED_ORIGINS?: string;
  /** External issuer: an HS256 secret and/or a JWK set (JSON) for tokens minted by your backend. */
  AUTH_ISSUER_SECRET?: string;
  AUTH_ISSUER_JWKS?: string;
  /** The `iss` external tokens must carry (default "external"), and the `aud` (default "edge-rooms"). */
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  /** Room limits; see docs/protocol.md "Limits". */
  COMPACT_MAX_ROWS?: string;
  COMPACT_MAX_BYTES?: string;
  MAX_MESSAGE_BYTES?: string;
  MAX_DOCUMENT_BYTES?: string;
  MAX_CONNECTIONS_PER_ROOM?: string;
  MAX_CONNECTIONS_PER_USER?: string;
  MAX_PENDING_BYTES?: string;
  ROOM_BUSY_PERCENT?: string;
  FLOOD_SECONDS?: string;
  MAX_HELD_BYTES?: string;
  /** The relay tier of hot rooms; see docs/scale.md. */
  RELAY_THRESHOLD?: string;
  RELAY_MAX_SOCKETS?: string;
  RELAY_MAX_RELAYS?: string;
  /** Files in rooms; see docs/operations.md "Files". */
  MAX_FILE_BYTES?: string;
  ROOM_FILES_QUOTA_BYTES?: string;
  FILE_TYPES?: string;
  FILE_GRACE_SECONDS?: string;
  /** Days archived edit history is kept (default 365; 0 keeps it for good); see docs/operations.md "History". */
  HISTORY_RETENTION_DAYS?: string;
  /** Most edits one diff, preview or restore of the history replays (default 20000). */
  HISTORY_MAX_REPLAY_EDITS?: string;
  /** Seconds of pause that end a session of the history's timeline (default 300). */
  HISTORY_SESSION_GAP_SECONDS?: string;
  /** Snapshot policy in milliseconds. */
  SNAPSHOT_DEBOUNCE_MS?: string;
  SNAPSHOT_MAX_INTERVAL_MS?: string;
  SNAPSHOT_MIN_INTERVAL_MS?: string;
  SNAPSHOT_RETRY_MS?: string;
  /** Endpoints that receive every room's events: JSON list of { url, events, secret } (secret); see docs/webhooks.md. */
  WEBHOOKS?: string;
  WEBHOOK_MAX_ATTEMPTS?: string;
  WEBHOOK_RETRY_BASE_SECONDS?: string;
  /** "1" lets webhooks target private and loopback hosts (local receivers); refused in production. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS?: string;
  /** Who sends mail: "resend", or "outbox" (development and tests: GET /api/dev/outbox); see docs/operations.md. */
  MAIL_PROVIDER?: string;
  /** The sender of every mail, e.g. "edge-rooms <rooms@example.com>" (a domain the provider verified). */
  MAIL_FROM?: string;
  /** Resend's API key (secret). */
  RESEND_API_KEY?: string;
  /** The site's origin, e.g. https://rooms.example.com: links in mail point there (required in production). */
  PUBLIC_URL?: string;
  /** Seconds a mention or reply waits unseen before it is mailed in a digest (default 900); see docs/operations.md. */
  DIGEST_DELAY_SECONDS?: string;
  /** OpenID Connect providers to sign in with: JSON list of { id, name, issuer, clientId, clientSecret, domains? } (secret); see docs/operations.md. */
  OIDC_PROVIDERS?: string;
}

/** Who is calling, as src/auth/session.ts verified it. */
export interface Session {
  user: { id: string; name: string; email?: string };
  /** Seconds since epoch when the token expires; open sockets are closed then. */
  expiresAt: number;
  /** Our session id, for logout; absent for external tokens. */
  sessionId?: string;
  /** Per-room grants from an external issuer's token. */
  grants: Record<string, Exclude<Role, "owner">>;
  /** Set when an API token made the request: it acts for `user` within this scope only. */
  apiToken?: TokenScope;
}

/** The Hono environment: bindings plus the context variables our middleware sets. */
export interface AppEnv {
  Bindings: Env;
  Variables: { session: Session };
}
