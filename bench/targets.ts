/**
 * The servers one run compares, all driven by the same stock y-websocket client:
 *
 *   relay        the baseline: a bare relay Durable Object (bench/relay) in our benchmark Worker
 *   ours         our Room, in the same benchmark Worker, behind our auth (cookies, D1 lookups)
 *   partyserver  y-partyserver under its own `wrangler dev`
 *   yws          the reference y-websocket server, @y/websocket-server, on Node
 *
 * Each scenario gets a fresh server per target, so that one target's leftovers (memory,
 * hibernated objects, JIT state) never count against the next.
 */
import { type Account, createRoom, share, signUp } from "../test/e2e/http-client";
import type { TargetId } from "./config";
import { type RunningServer, startNodeServer, startWrangler } from "./servers";
import { pool } from "./stats";

export interface Target {
  id: TargetId;
  label: string;
  /** Starts a fresh server; `vars` are `wrangler dev --var`s for our room, ignored by the others. */
  start(vars: Record<string, string>): Promise<RunningServer>;
  /** The provider's server URL (the room name is appended). */
  serverUrl(server: RunningServer): string;
  /** Makes the rooms usable; returns which account client number i connects with. */
  prepare(server: RunningServer, rooms: readonly string[]): Promise<(client: number) => Account>;
  /** Whether it answers `?acks=1` with durable acknowledgements (only our room does). */
  acks: boolean;
  /** Whether `vars` reach it. */
  takesVars: boolean;
}

const BENCH_WORKER = { path: "bench/wrangler.bench.toml", d1: true };
const PARTYSERVER = { path: "bench/peers/partyserver/wrangler.toml", d1: false };

const anonymous: Account = { user: { id: "anonymous", email: "", name: "Bench" }, cookie: "" };

/** A target without auth or room creation, deaf to our `--var`s and without acks. */
const bare = (id: TargetId, label: string, start: () => Promise<RunningServer>, serverUrl: (s: RunningServer) => string): Target => ({
  id,
  label,
  start,
  serverUrl,
  prepare: async () => () => anonymous,
  acks: false,
  takesVars: false,
});

export const TARGETS: Record<TargetId, Target> = {
  relay: bare(
    "relay",
    "relay (baseline)",
    () => startWrangler(BENCH_WORKER, {}),
    (s) => `${s.site.wsUrl}/relay`,
  ),
  ours: {
    id: "ours",
    label: "edge-rooms",
    start: (vars) => startWrangler(BENCH_WORKER, vars),
    serverUrl: (s) => `${s.site.wsUrl}/rooms`,
    prepare: prepareOurRooms,
    acks: true,
    takesVars: true,
  },
  partyserver: bare(
    "partyserver",
    "y-partyserver",
    () => startWrangler(PARTYSERVER, {}),
    (s) => `${s.site.wsUrl}/parties/document`,
  ),
  yws: bare("yws", "y-websocket-server", startNodeServer, (s) => s.site.wsUrl),
};

/**
 * Our rooms exist only once created: one user creates each and shares it with a second,
 * and clients alternate between the two, as people sharing a document would.
 */
async function prepareOurRooms(server: RunningServer, rooms: readonly string[]): Promise<(client: number) => Account> {
  const owner = await withTimeout(signUp(server.site, "BenchOwner"), "signup");
  const editor = await withTimeout(signUp(server.site, "BenchEditor"), "signup");
  await pool([...rooms], 8, async (room) => {
    await withTimeout(createRoom(server.site, owner, room), "create room");
    await withTimeout(share(server.site, owner, room, editor.user.email, "editor"), "share");
  });
  return (client) => (client % 2 === 0 ? owner : editor);
}

function withTimeout<T>(p: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
