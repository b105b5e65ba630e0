import type { Session } from "./auth/session";
import type { Inbox } from "./inbox/inbox";
import type { Room } from "./room/room";
import type { WebhookMessage } from "./webhooks/events";

/** Bindings, variables and secrets; see docs/operations.md for each one. */
export interface Env {
  ROOM: DurableObjectNamespace<Room>;
  /** One object per user: the live unread-notifications badge. */
  INBOX: DurableObjectNamespace<Inbox>;
  SNAPSHOTS: R2Bucket;
  DB: D1Database;
  /** Optional Workers Analytics Engine dataset for per-room metrics; see docs/operations.md. */
  METRICS?: AnalyticsEngineDataset;
  /** The built browser pages (web/dist); the Worker serves the HTML itself, see src/api/pages.ts. */
  ASSETS: Fetcher;
  /** "production" unless overridden: `npm run dev` sets "development" in .dev.vars. */
  ENVIRONMENT?: string;
  /** HS256 key for our access tokens (secret). */
  JWT_SECRET?: string;
  /** Lifetime of our access tokens in seconds (default 900, 10 to 3600); see docs/operations.md. */
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
  RATE_MESSAGES_PER_SECOND?: string;
  RATE_BYTES_PER_SECOND?: string;
  AWARENESS_PER_SECOND?: string;
  /** Snapshot policy in milliseconds; see docs/operations.md. */
  SNAPSHOT_DEBOUNCE_MS?: string;
  SNAPSHOT_MAX_INTERVAL_MS?: string;
  SNAPSHOT_MIN_INTERVAL_MS?: string;
  SNAPSHOT_RETRY_MS?: string;
  /** The webhook delivery queue (producer and consumer); see docs/webhooks.md. */
  WEBHOOK_QUEUE: Queue<WebhookMessage>;
  /** Endpoints that receive every room's events: JSON list of { url, events, secret } (secret). */
  WEBHOOKS?: string;
  WEBHOOK_MAX_ATTEMPTS?: string;
  WEBHOOK_RETRY_BASE_SECONDS?: string;
  /** "1" lets webhooks target private and loopback hosts (local receivers); refused in production. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS?: string;
}

/** The Hono environment: bindings plus the context variables our middleware sets. */
export interface AppEnv {
  Bindings: Env;
  Variables: { session: Session };
}
