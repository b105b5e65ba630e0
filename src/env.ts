import type { Room } from "./room/room";

/** Bindings and variables declared in wrangler.toml. */
export interface Env {
  ROOM: DurableObjectNamespace<Room>;
  SNAPSHOTS: R2Bucket;
  DB: D1Database;
  /** Compaction thresholds; see docs/protocol.md "Limits". */
  COMPACT_MAX_ROWS?: string;
  COMPACT_MAX_BYTES?: string;
}

/** The Hono environment: bindings plus the context variables our middleware sets. */
export interface AppEnv {
  Bindings: Env;
}
