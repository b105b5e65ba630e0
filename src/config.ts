import { DEFAULT_FILE_TYPES } from "./domain/files";
import { SESSION_GAP_MS } from "./domain/history-sessions";
import type { Env } from "./env";

/** Tunable limits of a room, read from the environment with documented defaults. */
export interface RoomLimits {
  /** Compact the update log into the stored state past this many log rows. */
  compactMaxRows: number;
  /** ...or past this many bytes of log. */
  compactMaxBytes: number;
  /** Largest inbound WebSocket message; the platform accepts up to 32 MiB. */
  maxMessageBytes: number;
  /** Largest message of a sync answer (larger answers are split): the inbound limit, at least 4 MiB. */
  syncFrameBytes: number;
  /** Largest stored document (state plus log not yet compacted) an edit may grow. */
  maxDocumentBytes: number;
  /** Most sockets one room accepts. */
  maxConnections: number;
  /** Most sockets one user may hold open in one room, so no one can take all of them. */
  maxConnectionsPerUser: number;
  /** Most bytes of updates a room keeps waiting for structs it has not seen (see document-store.ts). */
  maxPendingBytes: number;
  /**
   * The share of the last second (0–1] a room may spend handling frames before it is short of
   * time: then sockets over their fair share wait and presence is merged (room/fair-share.ts).
   */
  busyShare: number;
  /** Seconds in a row a held socket's backlog may grow before it is closed as a flood. */
  floodSeconds: number;
  /** Most bytes of frames held back for one socket (at least one largest message). */
  maxHeldBytes: number;
}

export const DEFAULT_LIMITS: RoomLimits = {
  compactMaxRows: 500,
  compactMaxBytes: 1024 * 1024,
  maxMessageBytes: 1024 * 1024,
  syncFrameBytes: 4 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxConnections: 500,
  maxConnectionsPerUser: 20,
  maxPendingBytes: 256 * 1024,
  busyShare: 0.4,
  floodSeconds: 5,
  maxHeldBytes: 16 * 1024 * 1024,
};

/**
 * Per-socket rates the room no longer has (a socket is slowed only when the room is short of
 * time): set, they would silently do nothing, so they stop the room like a bad value.
 */
const REMOVED_LIMITS = ["RATE_MESSAGES_PER_SECOND", "RATE_BYTES_PER_SECOND", "AWARENESS_PER_SECOND"] as const;

const PLATFORM_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * Sync answers go in messages of at least this size: every message costs a stock client
 * much more than its bytes, so a join storm costs the clients far less CPU in 4 MiB
 * messages than in 1 MiB ones (docs/benchmarks.md, "What changed since the previous run").
 */
const MIN_SYNC_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * Reads the limits from environment variables. A variable that is set but is not a
 * positive integer is a configuration error and throws, so a typo never silently
 * falls back to the default.
 */
export function readLimits(env: Partial<Env>): RoomLimits {
  for (const name of REMOVED_LIMITS) {
    if ((env as Record<string, unknown>)[name] !== undefined) {
      throw new Error(`${name} is no longer read: rooms slow sockets only when short of time (ROOM_BUSY_PERCENT, FLOOD_SECONDS, MAX_HELD_BYTES)`);
    }
  }
  const busyPercent = positiveInt("ROOM_BUSY_PERCENT", env.ROOM_BUSY_PERCENT, DEFAULT_LIMITS.busyShare * 100);
  if (busyPercent > 100) throw new Error(`ROOM_BUSY_PERCENT must be at most 100, got ${busyPercent}`);
  const maxMessageBytes = Math.min(PLATFORM_MAX_MESSAGE_BYTES, positiveInt("MAX_MESSAGE_BYTES", env.MAX_MESSAGE_BYTES, DEFAULT_LIMITS.maxMessageBytes));
  return {
    compactMaxRows: positiveInt("COMPACT_MAX_ROWS", env.COMPACT_MAX_ROWS, DEFAULT_LIMITS.compactMaxRows),
    compactMaxBytes: positiveInt("COMPACT_MAX_BYTES", env.COMPACT_MAX_BYTES, DEFAULT_LIMITS.compactMaxBytes),
    maxMessageBytes,
    syncFrameBytes: Math.max(maxMessageBytes, MIN_SYNC_FRAME_BYTES),
    maxDocumentBytes: positiveInt("MAX_DOCUMENT_BYTES", env.MAX_DOCUMENT_BYTES, DEFAULT_LIMITS.maxDocumentBytes),
    maxConnections: positiveInt("MAX_CONNECTIONS_PER_ROOM", env.MAX_CONNECTIONS_PER_ROOM, DEFAULT_LIMITS.maxConnections),
    maxConnectionsPerUser: positiveInt("MAX_CONNECTIONS_PER_USER", env.MAX_CONNECTIONS_PER_USER, DEFAULT_LIMITS.maxConnectionsPerUser),
    maxPendingBytes: positiveInt("MAX_PENDING_BYTES", env.MAX_PENDING_BYTES, DEFAULT_LIMITS.maxPendingBytes),
    busyShare: busyPercent / 100,
    floodSeconds: positiveInt("FLOOD_SECONDS", env.FLOOD_SECONDS, DEFAULT_LIMITS.floodSeconds),
    maxHeldBytes: Math.max(maxMessageBytes, positiveInt("MAX_HELD_BYTES", env.MAX_HELD_BYTES, DEFAULT_LIMITS.maxHeldBytes)),
  };
}

/** When a room writes its next snapshot to R2: storage/snapshot-policy.ts applies it. */
export interface SnapshotPolicy {
  /** Quiet time after the last edit before a snapshot. */
  debounceMs: number;
  /** Longest an edit waits for a snapshot while editing goes on. */
  maxIntervalMs: number;
  /** Shortest time between two automatic snapshots. */
  minIntervalMs: number;
  /** First retry delay after a failure; doubles per failure up to `maxIntervalMs`. */
  retryMs: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  debounceMs: 10_000,
  maxIntervalMs: 5 * 60_000,
  minIntervalMs: 30_000,
  retryMs: 5_000,
};

/** The snapshot policy from the environment, in milliseconds. */
export function readSnapshotPolicy(env: Partial<Env>): SnapshotPolicy {
  const d = DEFAULT_SNAPSHOT_POLICY;
  return {
    debounceMs: wholeNumber("SNAPSHOT_DEBOUNCE_MS", env.SNAPSHOT_DEBOUNCE_MS, d.debounceMs),
    maxIntervalMs: positiveInt("SNAPSHOT_MAX_INTERVAL_MS", env.SNAPSHOT_MAX_INTERVAL_MS, d.maxIntervalMs),
    minIntervalMs: wholeNumber("SNAPSHOT_MIN_INTERVAL_MS", env.SNAPSHOT_MIN_INTERVAL_MS, d.minIntervalMs),
    retryMs: positiveInt("SNAPSHOT_RETRY_MS", env.SNAPSHOT_RETRY_MS, d.retryMs),
  };
}

/** What a room accepts as files (docs/operations.md, "Files"). */
export interface FileLimits {
  /** Largest file (MAX_FILE_BYTES). */
  maxFileBytes: number;
  /** Most bytes of files one room keeps (ROOM_FILES_QUOTA_BYTES). */
  roomQuotaBytes: number;
  /** Types accepted, as decided from the bytes (FILE_TYPES, comma-separated). */
  types: ReadonlySet<string>;
  /** How long an uploaded file is kept before collection may find it unused (FILE_GRACE_SECONDS). */
  graceMs: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  roomQuotaBytes: 1024 * 1024 * 1024,
  types: new Set(DEFAULT_FILE_TYPES),
  graceMs: 24 * 60 * 60 * 1000,
};

/** Types that are never accepted, whatever FILE_TYPES says: served from our origin they would run script. */
const ACTIVE_TYPES = new Set(["text/html", "image/svg+xml"]);

export function readFileLimits(env: Partial<Env>): FileLimits {
  const d = DEFAULT_FILE_LIMITS;
  let types = d.types;
  if (env.FILE_TYPES !== undefined && env.FILE_TYPES.trim() !== "") {
    types = new Set(
      env.FILE_TYPES.split(",")
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ""),
    );
    for (const type of types) {
      if (ACTIVE_TYPES.has(type)) throw new Error(`FILE_TYPES may not include ${type}: it would run script from this origin`);
      if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(type)) throw new Error(`FILE_TYPES holds ${JSON.stringify(type)}, which is not a media type`);
    }
  }
  return {
    maxFileBytes: positiveInt("MAX_FILE_BYTES", env.MAX_FILE_BYTES, d.maxFileBytes),
    roomQuotaBytes: positiveInt("ROOM_FILES_QUOTA_BYTES", env.ROOM_FILES_QUOTA_BYTES, d.roomQuotaBytes),
    types,
    graceMs: wholeNumber("FILE_GRACE_SECONDS", env.FILE_GRACE_SECONDS, d.graceMs / 1000) * 1000,
  };
}

/** What a room keeps of its edit history and how much of it one request may replay (docs/operations.md, "History"). */
export interface HistoryLimits {
  /** How long archived edits are kept after their segment's last edit (HISTORY_RETENTION_DAYS; null: for good). */
  retentionMs: number | null;
  /** Most edits a diff, preview or restore replays from its base (HISTORY_MAX_REPLAY_EDITS). */
  maxReplayEdits: number;
  /** The longest pause between two edits of one session of the timeline (HISTORY_SESSION_GAP_SECONDS). */
  sessionGapMs: number;
}

export function readHistoryLimits(env: Partial<Env>): HistoryLimits {
  const days = wholeNumber("HISTORY_RETENTION_DAYS", env.HISTORY_RETENTION_DAYS, 365);
  return {
    retentionMs: days === 0 ? null : days * 24 * 60 * 60 * 1000,
    maxReplayEdits: positiveInt("HISTORY_MAX_REPLAY_EDITS", env.HISTORY_MAX_REPLAY_EDITS, 20_000),
    sessionGapMs: positiveInt("HISTORY_SESSION_GAP_SECONDS", env.HISTORY_SESSION_GAP_SECONDS, SESSION_GAP_MS / 1000) * 1000,
  };
}

/** When a room hands newcomers to relays, and how many relays may carry them (docs/scale.md). */
export interface TierConfig {
  /** Sockets the room serves itself; past this, newcomers go to relays. */
  threshold: number;
  /** Sockets one relay carries. */
  relayMaxSockets: number;
  /** Relays one room may have. */
  maxRelays: number;
}

/** 400 below the room's own 500: the room keeps headroom for the sockets already routed to it. */
export const DEFAULT_TIER: TierConfig = { threshold: 400, relayMaxSockets: 400, maxRelays: 256 };

/** Reads the tier's configuration (RELAY_THRESHOLD, RELAY_MAX_SOCKETS, RELAY_MAX_RELAYS). */
export function readTierConfig(env: Partial<Env>): TierConfig {
  return {
    threshold: wholeNumber("RELAY_THRESHOLD", env.RELAY_THRESHOLD, DEFAULT_TIER.threshold),
    relayMaxSockets: positiveInt("RELAY_MAX_SOCKETS", env.RELAY_MAX_SOCKETS, DEFAULT_TIER.relayMaxSockets),
    maxRelays: positiveInt("RELAY_MAX_RELAYS", env.RELAY_MAX_RELAYS, DEFAULT_TIER.maxRelays),
  };
}

/** Access tokens live 15 minutes unless configured. */
export const DEFAULT_ACCESS_TTL_SECONDS = 15 * 60;
/**
 * Shorter would send every page to refresh its cookie (and every socket to reconnect) all the
 * time; longer keeps a revoked session's open sockets alive longer (they close at expiry).
 */
const ACCESS_TTL_RANGE = { min: 10, max: 60 * 60 };

/** The lifetime of an access token (and its cookie), in seconds. */
export function readAccessTtl(env: Partial<Env>): number {
  const seconds = integer("ACCESS_TOKEN_TTL_SECONDS", env.ACCESS_TOKEN_TTL_SECONDS, DEFAULT_ACCESS_TTL_SECONDS, ACCESS_TTL_RANGE.min);
  if (seconds > ACCESS_TTL_RANGE.max) throw new Error(`ACCESS_TOKEN_TTL_SECONDS must be at most ${ACCESS_TTL_RANGE.max}, got ${seconds}`);
  return seconds;
}

/** A sign-in lasts at most 90 days unless configured, however often its session is refreshed. */
export const DEFAULT_SESSION_MAX_DAYS = 90;

/** How long a refresh-token family may be refreshed after its sign-in, in milliseconds (SESSION_MAX_DAYS). */
export function readSessionMaxAge(env: Partial<Env>): number {
  return positiveInt("SESSION_MAX_DAYS", env.SESSION_MAX_DAYS, DEFAULT_SESSION_MAX_DAYS) * 24 * 60 * 60 * 1000;
}

/** An integer variable of at least 1, or `fallback` when unset; throws on anything else. */
export const positiveInt = (name: string, raw: string | undefined, fallback: number) => integer(name, raw, fallback, 1);
const wholeNumber = (name: string, raw: string | undefined, fallback: number) => integer(name, raw, fallback, 0);

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
