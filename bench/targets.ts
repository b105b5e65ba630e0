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
import { type Account, createRoom, openToEditors, share, signUp } from "../test/e2e/http-client";
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
  /** Makes the rooms usable for clients numbered below `clients`; returns which account client number i connects with. */
  prepare(server: RunningServer, rooms: readonly string[], clients: number): Promise<(client: number) => Account>;
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
 * The room's default MAX_CONNECTIONS_PER_USER (src/config.ts, which the Node side cannot
 * import: it needs the Worker's types).
 */
const SOCKETS_PER_USER = 20;

/** Fewer than the default budget of new rooms per account and hour (60, src/api/budgets.ts). */
const ROOMS_PER_OWNER = 50;

/**
 * Our rooms exist only once created: one user creates each and shares it with editors, and
 * clients take turns among them, as people sharing a document would: at least two people,
 * and enough that none holds more sockets of a room than the default per-user limit allows.
 */
async function prepareOurRooms(server: RunningServer, rooms: readonly string[], clients: number): Promise<(client: number) => Account> {
  const people = Math.max(2, Math.ceil(clients / SOCKETS_PER_USER));
  if (rooms.length > ROOMS_PER_OWNER) return prepareOpenRooms(server, rooms, people);
  const owner = await withTimeout(signUp(server.site, "BenchOwner"), "signup");
  const editors: Account[] = [];
  for (let i = 1; i < people; i++) editors.push(await withTimeout(signUp(server.site, `BenchEditor${i}`), "signup"));
  await pool([...rooms], 8, async (room) => {
    await withTimeout(createRoom(server.site, owner, room), "create room");
    for (const editor of editors) await withTimeout(share(server.site, owner, room, editor.user.email, "editor"), "share");
  });
  const accounts = [owner, ...editors];
  return (client) => accounts[client % accounts.length]!;
}

/**
 * More rooms than one account may create in an hour: several people create them, and each
 * opens its rooms to every signed-in account as editors, as a team's shared space would be
 * (sharing each room with each person by address would pass the budget of member changes).
 */
async function prepareOpenRooms(server: RunningServer, rooms: readonly string[], people: number): Promise<(client: number) => Account> {
  const owners = Math.max(people, Math.ceil(rooms.length / ROOMS_PER_OWNER));
  const accounts: Account[] = [];
  for (let i = 0; i < owners; i++) accounts.push(await withTimeout(signUp(server.site, `BenchOwner${i}`), "signup"));
  await pool([...rooms], 8, async (room, i) => {
    const owner = accounts[Math.floor(i / ROOMS_PER_OWNER)]!;
    await withTimeout(createRoom(server.site, owner, room), "create room");
    await withTimeout(openToEditors(server.site, owner, room), "general access");
  });
  return (client) => accounts[client % accounts.length]!;
}

function withTimeout<T>(p: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
