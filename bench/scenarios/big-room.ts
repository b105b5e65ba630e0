/**
 * One big room (issue 6, "Load"): 200 clients join at once; connect→synced and full
 * presence; then 1 writer, then 5 writers, making 20 edits/s in total for 5 s each (the same
 * load), with per-edit delivery to every other client and, on our room, durable-ack latency;
 * a presence ping baseline (relayed, never stored); and the room process's memory before
 * clients, with everyone connected and at its peak while editing. Knobs: BENCH_CLIENTS (200),
 * BENCH_RATE (20), BENCH_SECONDS (5), BENCH_WRITERS (5), BENCH_CONNECT_TIMEOUT (s, 60),
 * BENCH_STOCK_AWARENESS=0 (diagnostic: clients stop echoing presence; no longer stock).
 */
import { type BenchClient, convergence } from "../clients";
import { writeLoad } from "../load";
import type { TargetRun } from "../measure";
import { connectProblems, errorProblems, lower, type Scenario, size } from "../scenario";
import { type Summary, sleep, summarize, waitFor } from "../stats";

const int = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};

export const bigRoom: Scenario = {
  id: "big-room",
  title: "1 room × 200 clients joining at once; 1 then 5 writers at 20 edits/s in total",
  metrics: [
    lower("synced_p50", "connect→synced p50 ms"),
    lower("synced_p99", "connect→synced p99 ms"),
    lower("not_synced", "clients never synced"),
    lower("presence_ms", "full presence after last sync ms"),
    lower("one_p99", "edit delivery p99 ms, 1 writer"),
    lower("five_p99", "edit delivery p99 ms, 5 writers"),
    lower("ack_p99", "durable ack p99 ms, 5 writers"),
    lower("ping_p99", "presence ping p99 ms"),
    lower("rss_before", "server RSS before clients MiB"),
    lower("rss_connected", "server RSS with everyone connected MiB"),
    lower("rss_peak", "server RSS peak while editing MiB"),
    lower("connect_server_cpu_s", "server CPU to connect s"),
    lower("connect_runtime_cpu_s", "…of which the room's process s"),
  ],
  prepare: async (cfg) => {
    const shape = {
      clients: size(cfg, int("BENCH_CLIENTS", 200), 30),
      rate: int("BENCH_RATE", 20),
      seconds: size(cfg, int("BENCH_SECONDS", 5), 2),
      writers: int("BENCH_WRITERS", 5),
      connectTimeoutMs: int("BENCH_CONNECT_TIMEOUT", 60) * 1000,
      stockAwareness: process.env.BENCH_STOCK_AWARENESS !== "0",
    };
    return (run) => bigRoomOn(run, shape);
  },
};

type Shape = { clients: number; rate: number; seconds: number; writers: number; connectTimeoutMs: number; stockAwareness: boolean };

async function bigRoomOn(run: TargetRun, shape: Shape) {
  const room = `big-${Date.now()}`;
  await run.prepareRooms([room], shape.clients);
  const before = run.snapshot("before clients");
  const clients = Array.from({ length: shape.clients }, (_, i) =>
    run.open(room, i, { acks: i < shape.writers, watchAwareness: true, stockAwareness: shape.stockAwareness }),
  );
  const connect = await run.phase("connect", async () => {
    const result = await run.connectAll(clients, shape.connectTimeoutMs);
    const t = performance.now();
    const full = result.notSynced === 0 && (await waitFor(() => clients.every((c) => c.provider.awareness.getStates().size >= clients.length), 20_000));
    return { ...result, presenceMs: full ? Math.round(performance.now() - t) : null };
  });
  const statsAfterConnect = await run.roomStats(room);
  const connected = run.snapshot("connected");
  const problems = connectProblems("connect", connect, clients.length);
  if (connect.notSynced === 0 && connect.presenceMs === null) problems.push("presence incomplete 20 s after everyone synced");
  const server = run.costs.find((c) => c.phase === "connect")!;
  const values: Record<string, number | null> = {
    rss_before: before.runtimeRssMiB,
    rss_connected: connected.runtimeRssMiB,
    synced_p50: connect.synced.p50,
    synced_p99: connect.synced.p99,
    not_synced: connect.notSynced,
    presence_ms: connect.presenceMs,
    connect_server_cpu_s: Math.round(server.serverCpuMs / 100) / 10,
    connect_runtime_cpu_s: Math.round(server.runtimeCpuMs / 100) / 10,
  };
  if (connect.notSynced > 0) {
    problems.push(...errorProblems(run));
    return { values, problems, notes: ["edits skipped: not every client synced", ...statsNote(statsAfterConnect)], details: { connect, statsAfterConnect } };
  }

  const one = await editPhase(run, clients, clients.slice(0, 1), "1 writer", shape);
  const five = await editPhase(run, clients, clients.slice(0, shape.writers), `${shape.writers} writers`, shape);
  const ping = await run.phase("presence ping", async () => {
    const pinger = clients[clients.length - 1]!;
    for (let i = 0; i < 10; i++) {
      run.tracker.send(`ping.${i}`, "ping");
      pinger.provider.awareness.setLocalStateField("ping", `ping.${i}`);
      await sleep(200); // 5/s, under our room's 20/s presence limit
    }
    await waitFor(() => run.tracker.count("ping") >= 10 * (clients.length - 1), 10_000);
    return summarize(run.tracker.delivery.get("ping") ?? []);
  });
  const conv = convergence(clients, one.edits + five.edits);
  const statsAtEnd = await run.roomStats(room);
  const cut = await run.phase("disconnect", () => run.disconnect(clients));
  for (const p of [one, five]) if (p.delivered < p.expected) problems.push(`${p.name}: delivered ${p.delivered}/${p.expected}`);
  if (!conv.converged) problems.push(`not converged: ${conv.distinctTexts} distinct texts, ${conv.markers}/${one.edits + five.edits} edits`);
  problems.push(...errorProblems(run));
  return {
    values: {
      ...values,
      rss_peak: Math.max(...run.costs.filter((c) => c.phase === one.name || c.phase === five.name).map((c) => c.peakRuntimeRssMiB)),
      one_p99: nan(one.delivery.p99),
      five_p99: nan(five.delivery.p99),
      ack_p99: nan(five.ack.p99),
      ping_p99: nan(ping.p99),
    },
    problems,
    notes: [
      `${clients.length} clients; ${cut.open > 0 ? `${cut.open} sockets still open 3 s after close()` : "all sockets closed cleanly"}`,
      ...statsNote(statsAfterConnect),
    ],
    details: { connect, one, five, ping, convergence: conv, unclosed: cut, statsAfterConnect, statsAtEnd },
  };
}

async function editPhase(run: TargetRun, clients: BenchClient[], writers: BenchClient[], name: string, shape: Shape) {
  return run.phase(name, async () => {
    const perWriter = Math.max(1, Math.round((shape.rate / writers.length) * shape.seconds));
    const expected = writers.length * perWriter * (clients.length - 1);
    const rate = await writeLoad(run.tracker, writers, shape.rate / writers.length, perWriter, name);
    await waitFor(() => run.tracker.count(name) >= expected, 30_000);
    await waitFor(() => writers.every((w) => w.ackPending.length === 0 || !run.target.acks), 5_000);
    const delivery: Summary = summarize(run.tracker.delivery.get(name) ?? []);
    const ack: Summary = summarize(run.tracker.ackLatency.get(name) ?? []);
    return { name, edits: writers.length * perWriter, rate: Math.round(rate * 10) / 10, expected, delivered: run.tracker.count(name), delivery, ack };
  });
}

/** What the room counted while everyone joined (our room only). */
const statsNote = (stats: Record<string, unknown> | null) =>
  stats ? [`the room received ${stats.messagesIn} messages and sent ${stats.messagesOut} while ${stats.socketsOpened} sockets joined`] : [];

const nan = (x: number) => (Number.isNaN(x) ? null : x);
