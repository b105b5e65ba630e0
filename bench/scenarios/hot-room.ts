/**
 * Hot room (issue 19): one document, thousands of sockets. Lightweight protocol clients
 * (bench/light-clients.ts, no Y.Doc each) join in a storm; then a few stock writers type
 * while some light clients move their cursors, and every edit's delivery to every socket is
 * timed; a few stock clients check the text. On our room the sockets past RELAY_THRESHOLD go
 * through the relay tier at its default settings (docs/scale.md).
 *
 * Knobs: BENCH_HOT_SOCKETS (light clients on our room, default below), BENCH_HOT_PEER_SOCKETS
 * (on the other targets, which serve every socket from one object: default 1,000),
 * BENCH_HOT_JOIN_S (the storm's spread, 5), BENCH_HOT_WRITERS (1), BENCH_HOT_RATE (edits/s in
 * all, 10), BENCH_HOT_SECONDS (10), BENCH_HOT_CURSORS (light clients moving at 10 Hz, 100; 0 for none),
 * BENCH_HOT_DIRECT (1: on our room the light clients reach the Worker's own workerd, not
 * through wrangler's proxy, which stops near 4,900 sockets; that workerd stops near 9,900:
 * bench/servers.ts, directSite).
 */
import { convergence } from "../clients";
import { closeLight, type LightClient, moveCursor, openLight } from "../light-clients";
import { writeLoad } from "../load";
import type { TargetRun } from "../measure";
import { errorProblems, higher, latencyMetrics, latencyValues, lower, type Outcome, type Scenario, size } from "../scenario";
import { sleep, summarize, waitFor } from "../stats";

/**
 * The most sockets this machine held reliably (every one synced, every edit delivered) while
 * shared (docs/benchmarks.md, "Hot room"). Through wrangler's proxy the hard ceiling is about
 * 4,900: it holds four descriptors per client socket under the 20,000 open-files limit.
 */
const DEFAULT_SOCKETS = 2_000;
const CHECKERS = 2;
const CURSOR_HZ = 10;

/** A whole-number knob from the environment; `least` 0 lets it turn a load off. */
const int = (name: string, fallback: number, least = 1) => {
  const raw = process.env[name];
  const v = Number(raw);
  return raw !== undefined && raw !== "" && Number.isSafeInteger(v) && v >= least ? v : fallback;
};

interface Shape {
  sockets: number;
  peerSockets: number;
  joinMs: number;
  writers: number;
  rate: number;
  seconds: number;
  cursors: number;
  direct: boolean;
}

export const hotRoom: Scenario = {
  id: "hot-room",
  title: "1 room × thousands of light sockets joining in a storm; writers at 10 edits/s, 100 cursors at 10 Hz",
  vars: {
    values: { MAX_CONNECTIONS_PER_USER: "100000" },
    why: "the light clients share two accounts (signing up one per 20 sockets would dominate the run); the relay tier runs at its defaults",
  },
  metrics: [
    higher("sockets", "light sockets"),
    lower("not_synced", "never synced"),
    lower("join_p50", "join→synced p50 ms"),
    lower("join_p99", "join→synced p99 ms"),
    lower("join_s", "storm: all synced after s"),
    lower("join_server_cpu_s", "server CPU for the storm s"),
    ...latencyMetrics("edit", "edit delivery to every socket").filter((m) => /p50|p99|max/.test(m.key)),
    higher("delivered_pct", "edit deliveries %"),
    lower("closed", "sockets closed by the server"),
    lower("edit_server_cpu_s", "server CPU while editing s"),
  ],
  prepare: async (cfg) => {
    const shape: Shape = {
      sockets: size(cfg, int("BENCH_HOT_SOCKETS", DEFAULT_SOCKETS), 600),
      peerSockets: size(cfg, int("BENCH_HOT_PEER_SOCKETS", 1_000), 300),
      joinMs: int("BENCH_HOT_JOIN_S", 5) * 1000,
      writers: int("BENCH_HOT_WRITERS", 1),
      rate: int("BENCH_HOT_RATE", 10),
      seconds: size(cfg, int("BENCH_HOT_SECONDS", 10), 3),
      cursors: int("BENCH_HOT_CURSORS", 100, 0),
      direct: process.env.BENCH_HOT_DIRECT === "1",
    };
    return (run) => hotRoomOn(run, shape);
  },
};

async function hotRoomOn(run: TargetRun, shape: Shape): Promise<Outcome> {
  const room = `hot-${Date.now()}`;
  const n = run.target.id === "ours" ? shape.sockets : Math.min(shape.sockets, shape.peerSockets);
  const fullCount = shape.writers + CHECKERS;
  await run.prepareRooms([room], fullCount);
  // The stock clients first: they hold the text the light ones never parse.
  const full = Array.from({ length: fullCount }, (_, i) => run.open(room, i, { acks: i < shape.writers }));
  const fullConnect = await run.connectAll(full, 30_000);
  const problems: string[] = [];
  if (fullConnect.notSynced > 0)
    return { values: {}, problems: [`${fullConnect.notSynced} stock clients never synced`, ...errorProblems(run)], notes: [], details: {} };
  const stats0 = await run.roomStats(room);
  const site = shape.direct && run.target.id === "ours" && run.server.direct ? await run.server.direct() : undefined;

  const latencies: number[] = [];
  const arrivals = {
    edit: (_c: LightClient, id: string, now: number) => {
      const sent = run.tracker.sent.get(id);
      if (sent) latencies.push(now - sent.t);
    },
  };
  const light: LightClient[] = [];
  const join = await run.phase("join", async () => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const due = t0 + (i * shape.joinMs) / n - performance.now();
      if (due > 0) await sleep(due);
      light.push(openLight(run.endpoint(fullCount + i, site), room, fullCount + i, arrivals));
    }
    await waitFor(() => light.every((c) => c.syncedAt !== undefined || c.closed !== undefined || c.error !== undefined), 60_000 + shape.joinMs);
    const synced = light.filter((c) => c.syncedAt !== undefined);
    return {
      times: summarize(synced.map((c) => c.syncedAt! - c.startedAt)),
      notSynced: n - synced.length,
      allSyncedS: Math.round((Math.max(...synced.map((c) => c.syncedAt!)) - t0) / 100) / 10,
      firstError: light.find((c) => c.error !== undefined || c.closed !== undefined),
    };
  });
  if (join.notSynced > 0) {
    const e = join.firstError;
    problems.push(`join: ${join.notSynced}/${n} never synced${e ? ` (first: ${e.error ?? `close ${e.closed?.code} ${e.closed?.reason}`})` : ""}`);
  }
  const stats1 = await run.roomStats(room);
  // Presence of the storm settles before anything is timed.
  await sleep(2_000);

  const edits = shape.writers * Math.max(1, Math.round((shape.rate / shape.writers) * shape.seconds));
  const live = light.filter((c) => c.syncedAt !== undefined);
  const expected = edits * live.length;
  // Spread over the sockets, so that on our room most move through relays as most people would.
  const every = Math.max(1, Math.floor(live.length / Math.max(1, shape.cursors)));
  const movers = live.filter((_, i) => i % every === 0).slice(0, shape.cursors);
  const load = await run.phase("edits", async () => {
    let moving = true;
    const cursors = (async () => {
      for (let tick = 0; moving; tick++) {
        for (const c of movers) moveCursor(c, tick);
        await sleep(1000 / CURSOR_HZ);
      }
    })();
    const rate = await writeLoad(run.tracker, full.slice(0, shape.writers), shape.rate / shape.writers, edits / shape.writers, "edits");
    await waitFor(() => latencies.length >= expected, 30_000);
    moving = false;
    await cursors;
    return { rate: Math.round(rate * 10) / 10 };
  });
  // The stock clients may still be taking the last edits in.
  await waitFor(() => convergence(full, edits).converged, 10_000);
  // Past a few thousand sockets the one local thread is still sending the last edits out.
  const stats2 = await run.roomStats(room, 60_000);
  const conv = convergence(full, edits);
  const closedByServer = light.filter((c) => c.closed !== undefined);
  const closing = await run.phase("close", async () => ({ light: await closeLight(light, 10_000), full: await run.disconnect(full) }));

  if (latencies.length < expected) problems.push(`edits: delivered ${latencies.length}/${expected} to light sockets`);
  if (!conv.converged) problems.push(`stock clients not converged: ${conv.distinctTexts} distinct texts, ${conv.markers}/${edits} edits`);
  if (closedByServer.length > 0) problems.push(`${closedByServer.length} sockets closed by the server (first: ${JSON.stringify(closedByServer[0]!.closed)})`);
  problems.push(...errorProblems(run));
  const cpu = (phase: string) => Math.round((run.costs.find((c) => c.phase === phase)?.serverCpuMs ?? 0) / 100) / 10;
  return {
    values: {
      sockets: n,
      not_synced: join.notSynced,
      join_p50: nan(join.times.p50),
      join_p99: nan(join.times.p99),
      join_s: join.allSyncedS,
      join_server_cpu_s: cpu("join"),
      ...latencyValues("edit", summarize(latencies)),
      delivered_pct: expected === 0 ? null : Math.round((1000 * latencies.length) / expected) / 10,
      closed: closedByServer.length,
      edit_server_cpu_s: cpu("edits"),
    },
    problems,
    notes: [
      `${n} light sockets${site ? " (straight to the Worker's workerd)" : ""} + ${fullCount} stock clients; ${edits} edits at ${load.rate}/s; ${movers.length} cursors at ${CURSOR_HZ} Hz`,
      ...tierNotes(stats0, stats1, stats2, n, edits),
      ...(closing.light.unclosed + closing.full.open > 0 ? [`${closing.light.unclosed + closing.full.open} sockets still open after close`] : []),
    ],
    details: { join, load, expected, delivered: latencies.length, convergence: conv, closing, stats: [stats0, stats1, stats2] },
  };
}

type Stats = Record<string, unknown> | null;
const num = (s: Stats, key: string) => (typeof s?.[key] === "number" ? (s[key] as number) : 0);
const tier = (s: Stats) => (s?.tier ?? null) as { relays: number; relaySockets: number; maxLag: number; presenceBatches: number } | null;

/** What our room's own counters say: its frames per join and per edit, and the tier it built. */
function tierNotes(before: Stats, joined: Stats, after: Stats, joins: number, edits: number): string[] {
  if (before === null || joined === null || after === null) return [];
  const frames = (a: Stats, b: Stats) => num(b, "messagesIn") + num(b, "messagesOut") - num(a, "messagesIn") - num(a, "messagesOut");
  const t = tier(after);
  return [
    `the room's socket frames (in + out): ${frames(before, joined)} during the storm of ${joins} joins, ${frames(joined, after)} for ${edits} edits`,
    t
      ? `tier: ${t.relays} relays carrying ${t.relaySockets} sockets, max lag ${t.maxLag}; the room took ${t.presenceBatches - (tier(joined)?.presenceBatches ?? 0)} relay presence batches while editing`
      : "no tier",
  ];
}

const nan = (x: number) => (Number.isNaN(x) ? null : x);
