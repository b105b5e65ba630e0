/**
 * `npm run bench`: load benchmark against the real `wrangler dev` on 127.0.0.1, with stock
 * y-websocket clients (test/e2e/http-client's `connect`), one fresh server per scenario.
 *
 *   1. one room × 200 clients: connect→synced; 1 writer, then 5 writers, making 20 edits/s
 *      in total for 5 s (so the two phases carry the same load): per-edit delivery latency to every other client, durable-ack latency,
 *      convergence; and an awareness (presence) delivery baseline, which the room relays
 *      from memory without storing it, for the ratio edit / presence latency.
 *   2. 200 rooms × 2 clients: connect→synced, one edit per room, convergence per room.
 *   3. RSS of the wrangler process group (the workerd running the Worker and its Durable
 *      Objects, wrangler's proxy workerd, wrangler's Node) before, while connected and after
 *      disconnecting; client and server CPU per phase, so one can tell which side was busy.
 *
 * Prints one table and writes bench/results/<timestamp>.json. Exits 1 if any scenario had
 * errors, lost deliveries, clients that never synced, or did not converge; 2 if the run
 * itself failed (server did not start, HTTP setup failed).
 *
 * Knobs (environment): BENCH_CLIENTS (200), BENCH_ROOMS (200), BENCH_RATE (edits/s in total,
 * shared by the writers: 20), BENCH_SECONDS (5), BENCH_WRITERS (5), BENCH_CONNECT_TIMEOUT (s, 60),
 * BENCH_VARS (JSON object of `wrangler dev --var`s, e.g. '{"MAX_CONNECTIONS_PER_ROOM":"1000"}';
 * none by default: the default limits admit 200 sockets per room), BENCH_STOCK_AWARENESS=0
 * (diagnostic: clients do not send received presence back; no longer stock clients).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type DevServer, startDevServer } from "../test/e2e/dev-server";
import { type Account, createRoom, share, signUp } from "../test/e2e/http-client";
import { type BenchClient, destroyAll, marker, openClient, Tracker, writeLoad } from "./clients";
import {
  cpuBetween,
  findWranglerPid,
  type MemorySnapshot,
  memorySnapshot,
  peakSampler,
  sampleServer,
  serverCpu,
  setWorkerPids,
  workerdRoles,
} from "./procs";
import { pool, sleep, type Summary, summarize, waitFor } from "./stats";

const int = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};
const CFG = {
  clients: int("BENCH_CLIENTS", 200),
  rooms: int("BENCH_ROOMS", 200),
  /** Edits per second in total, shared by the writers of a phase. */
  rate: int("BENCH_RATE", 20),
  seconds: int("BENCH_SECONDS", 5),
  writers: int("BENCH_WRITERS", 5),
  accounts: 5,
  vars: JSON.parse(process.env.BENCH_VARS ?? "{}") as Record<string, string>,
  stockAwareness: process.env.BENCH_STOCK_AWARENESS !== "0",
  connectTimeoutMs: int("BENCH_CONNECT_TIMEOUT", 60) * 1000,
  presenceTimeoutMs: 20_000,
  deliveryTimeoutMs: 30_000,
  httpTimeoutMs: 30_000,
  /** Hard stop for the whole run, whatever hangs. */
  watchdogMs: 7 * 60_000,
};

// Every provider adds an exit listener to `process`.
process.setMaxListeners(0);

const ROOT = new URL("..", import.meta.url).pathname;
const tracker = new Tracker();
/** Clients not yet destroyed, and the server of the scenario running: cleaned up on any exit. */
const open: BenchClient[] = [];
let current: { server: DevServer; pid: number; sampler: ReturnType<typeof peakSampler> } | undefined;

// ---------------------------------------------------------------- measurement helpers

interface PhaseCost {
  phase: string;
  wallMs: number;
  clientCpuMs: number;
  serverCpuMs: number;
  workerdCpuMs: number;
  loopDelayP99Ms: number;
  peakServerRssMiB: number;
  peakWorkerdRssMiB: number;
}
const costs: PhaseCost[] = [];
const memory: MemorySnapshot[] = [];
const servers: Array<{ scenario: string; url: string; startMs: number; processes: Array<{ pid: number; comm: string; role: string }>; logProblems: string[] }> = [];

async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  tracker.phase = name;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const srv0 = current ? serverCpu(current.pid) : new Map();
  current?.sampler.take();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const cpu = process.cpuUsage(cpu0);
    const srv = current ? cpuBetween(srv0, serverCpu(current.pid)) : { total: 0, workerd: 0 };
    loop.disable();
    const peak = current?.sampler.take() ?? { totalRssMiB: 0, workerdRssMiB: 0 };
    costs.push({
      phase: name,
      wallMs: Math.round(performance.now() - t0),
      clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      serverCpuMs: Math.round(srv.total),
      workerdCpuMs: Math.round(srv.workerd),
      loopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
      peakServerRssMiB: peak.totalRssMiB,
      peakWorkerdRssMiB: peak.workerdRssMiB,
    });
  }
}

function snapshot(label: string): void {
  if (current) memory.push(memorySnapshot(current.pid, label));
}

function withTimeout<T>(p: Promise<T>, what: string, ms = CFG.httpTimeoutMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const ms = (from: number, to: number | undefined) => (to === undefined ? undefined : to - from);
const defined = (xs: Array<number | undefined>) => xs.filter((x): x is number => x !== undefined);
const errorsIn = (prefix: string) => tracker.errors.filter((e) => e.phase.startsWith(prefix));

/** Starts a fresh `wrangler dev` for one scenario, and always stops it. */
async function withServer<T>(scenario: string, fn: (server: DevServer) => Promise<T>): Promise<T> {
  const t = performance.now();
  console.error(`bench: ${scenario}: starting wrangler dev${Object.keys(CFG.vars).length ? ` with --var ${JSON.stringify(CFG.vars)}` : ""} ...`);
  const server = await startDevServer({ vars: CFG.vars });
  const startMs = Math.round(performance.now() - t);
  const info = { scenario, url: server.url, startMs, processes: [] as Array<{ pid: number; comm: string; role: string }>, logProblems: [] as string[] };
  servers.push(info);
  try {
    const pid = findWranglerPid(server.port);
    if (!pid) throw new Error(`could not find the wrangler process for port ${server.port}`);
    const roles = workerdRoles(pid, server.port);
    const workerPids = new Set([...roles].filter(([, r]) => r === "worker").map(([p]) => p));
    if (workerPids.size > 0 && [...roles.values()].includes("proxy")) setWorkerPids(workerPids);
    info.processes = sampleServer(pid).map((p) => ({ pid: p.pid, comm: p.comm, role: roles.get(p.pid) ?? (p.pid === pid ? "wrangler" : p.comm) }));
    current = { server, pid, sampler: peakSampler(pid) };
    console.error(`bench: ${server.url} up in ${startMs} ms; processes: ${info.processes.map((p) => `${p.pid} ${p.role}`).join(", ")}`);
    return await fn(server);
  } catch (err) {
    console.error(`--- wrangler output (tail) ---\n${server.output().slice(-3000)}`);
    throw err;
  } finally {
    destroyAll(tracker, open.splice(0))();
    tracker.closing = false;
    current?.sampler.stop();
    current = undefined;
    // What the server logged as going wrong (bounded), beyond the known offline-dev noise.
    info.logProblems = server
      .output()
      .split("\n")
      .filter((l) => /error|warn|exception|uncaught|reloading/i.test(l) && !/Request\.cf|getaddrinfo|workers\.cloudflare\.com/.test(l))
      .slice(0, 50);
    await server.stop().catch((e) => console.error("bench: stopping wrangler:", e));
  }
}

async function connectAll(clients: BenchClient[]): Promise<{ open: Summary; synced: Summary; notOpen: number; notSynced: number; waitedMs: number }> {
  const t = performance.now();
  await waitFor(() => clients.every((c) => c.syncedAt !== undefined) || tracker.errors.length >= 5000, CFG.connectTimeoutMs);
  return {
    open: summarize(defined(clients.map((c) => ms(c.startedAt, c.openAt)))),
    synced: summarize(defined(clients.map((c) => ms(c.startedAt, c.syncedAt)))),
    notOpen: clients.filter((c) => c.openAt === undefined).length,
    notSynced: clients.filter((c) => c.syncedAt === undefined).length,
    waitedMs: Math.round(performance.now() - t),
  };
}

/** Closes every client; returns how many sockets had not finished closing after 3 s (then cut). */
async function disconnect(clients: BenchClient[], label: string): Promise<{ open: number; noCloseFrame: number }> {
  const cutRest = destroyAll(tracker, clients);
  open.splice(0);
  // Let the room process the closes (and remove presences) before measuring; sockets the
  // server has not closed by then (it may be flushing a backlog) are cut.
  await sleep(3_000);
  const cut = cutRest();
  snapshot(label);
  tracker.closing = false;
  return cut;
}

// ---------------------------------------------------------------- scenario 1: one big room

interface EditPhase {
  phase: string;
  writers: number;
  edits: number;
  achievedRate: number;
  expected: number;
  delivered: number;
  delivery: Summary;
  ack: Summary;
  drainMs: number;
  framesReceived: { sync: number; awareness: number };
}

async function editPhase(clients: BenchClient[], writers: BenchClient[], name: string): Promise<EditPhase> {
  return phase(name, async () => {
    const rate = CFG.rate / writers.length;
    const perWriter = Math.max(1, Math.round(rate * CFG.seconds));
    const expected = writers.length * perWriter * (clients.length - 1);
    const achievedRate = await writeLoad(tracker, writers, rate, perWriter, name);
    const t = performance.now();
    await waitFor(() => tracker.count(name) >= expected, CFG.deliveryTimeoutMs);
    // Acks trail deliveries by little; give them a moment so the ack summary is complete.
    await waitFor(() => writers.every((w) => w.ackPending.length === 0), 5_000);
    return {
      phase: name,
      writers: writers.length,
      edits: writers.length * perWriter,
      achievedRate: Math.round(achievedRate * 10) / 10,
      expected,
      delivered: tracker.count(name),
      delivery: summarize(tracker.delivery.get(name) ?? []),
      ack: summarize(tracker.ackLatency.get(name) ?? []),
      drainMs: Math.round(performance.now() - t),
      framesReceived: { sync: tracker.framesIn(name, 0), awareness: tracker.framesIn(name, 1) },
    };
  });
}

async function scenarioOneRoom(server: DevServer) {
  const accounts: Account[] = [];
  for (let i = 0; i < CFG.accounts; i++) accounts.push(await withTimeout(signUp(server, `Bench${i}`), "signup"));
  const room = `bench-big-${Date.now()}`;
  const owner = accounts[0]!;
  await withTimeout(createRoom(server, owner, room), "create room");
  for (const a of accounts.slice(1)) await withTimeout(share(server, owner, room, a.user.email, "editor"), "share");
  await sleep(1_000);
  snapshot("S1 before clients");

  const clients: BenchClient[] = [];
  const connect = await phase("S1 connect", async () => {
    for (let i = 0; i < CFG.clients; i++) {
      const c = openClient(tracker, server, accounts[i % accounts.length]!, room, i, {
        acks: i < CFG.writers,
        watchAwareness: true,
        stockAwareness: CFG.stockAwareness,
      });
      clients.push(c);
      open.push(c);
    }
    const result = await connectAll(clients);
    // Presence converged: everyone sees everyone (awareness is relayed to every socket).
    const t = performance.now();
    const presence =
      result.notSynced === 0 && (await waitFor(() => clients.every((c) => c.provider.awareness.getStates().size >= clients.length), CFG.presenceTimeoutMs));
    return {
      ...result,
      presenceCompleteMs: presence ? Math.round(performance.now() - t) : null,
      presenceSeen: summarize(clients.map((c) => c.provider.awareness.getStates().size)),
      framesReceived: { sync: tracker.framesIn("S1 connect", 0), awareness: tracker.framesIn("S1 connect", 1) },
    };
  });
  snapshot(`S1 ${clients.length} connected`);

  let one: EditPhase | undefined;
  let five: EditPhase | undefined;
  let awareness: { expected: number; delivered: number; delivery: Summary } | undefined;
  let skipped: string | undefined;
  if (connect.notSynced > 0) {
    skipped = `edits skipped: ${connect.notSynced}/${clients.length} clients not synced after ${connect.waitedMs / 1000} s`;
  } else {
    one = await editPhase(clients, clients.slice(0, 1), "S1 1 writer");
    five = await editPhase(clients, clients.slice(0, CFG.writers), `S1 ${CFG.writers} writers`);
    // Baseline: presence goes through the same sockets and room but is neither applied to
    // the document nor stored; edit latency minus this ≈ the document + storage cost.
    awareness = await phase("S1 awareness", async () => {
      const pinger = clients[clients.length - 1]!;
      const pings = 10;
      for (let i = 0; i < pings; i++) {
        const id = `ping.${i}`;
        tracker.send(id, "S1 awareness");
        pinger.provider.awareness.setLocalStateField("ping", id);
        await sleep(200); // 5/s, under AWARENESS_PER_SECOND (20)
      }
      const expected = pings * (clients.length - 1);
      await waitFor(() => tracker.count("S1 awareness") >= expected, 10_000);
      return { expected, delivered: tracker.count("S1 awareness"), delivery: summarize(tracker.delivery.get("S1 awareness") ?? []) };
    });
  }

  // Convergence: every replica equal, holding every edit exactly once, still connected.
  const texts = clients.map((c) => c.text.toString());
  const edits = (one?.edits ?? 0) + (five?.edits ?? 0);
  const markers = [...(texts[0] ?? "").matchAll(/\u27e6/g)].length;
  const converged = !skipped && texts.every((t) => t === texts[0]) && markers === edits && clients.every((c) => c.provider.wsconnected);
  snapshot("S1 after edits");

  const unclosed = await phase("S1 disconnect", () => disconnect(clients, "S1 after disconnect"));
  return { room, clients: clients.length, unclosed, connect, one, five, awareness, skipped, converged, distinctTexts: new Set(texts).size, textLength: texts[0]?.length ?? 0, markers, edits };
}

// ---------------------------------------------------------------- scenario 2: many small rooms

async function scenarioManyRooms(server: DevServer) {
  const a = await withTimeout(signUp(server, "BenchA"), "signup");
  const b = await withTimeout(signUp(server, "BenchB"), "signup");
  const rooms = Array.from({ length: CFG.rooms }, (_, i) => `bench-small-${Date.now()}-${i}`);
  await phase("S2 create rooms", () =>
    pool(rooms, 8, async (room) => {
      await withTimeout(createRoom(server, a, room), "create room");
      await withTimeout(share(server, a, room, b.user.email, "editor"), "share");
    }),
  );
  await sleep(1_000);
  snapshot("S2 before clients");

  const pairs: Array<[BenchClient, BenchClient]> = [];
  const connect = await phase("S2 connect", async () => {
    rooms.forEach((room, i) => {
      const x = openClient(tracker, server, a, room, 2 * i, { stockAwareness: CFG.stockAwareness });
      const y = openClient(tracker, server, b, room, 2 * i + 1, { stockAwareness: CFG.stockAwareness });
      pairs.push([x, y]);
      open.push(x, y);
    });
    return connectAll(pairs.flat());
  });
  snapshot(`S2 ${pairs.length * 2} connected`);

  const edit = await phase("S2 edit", async () => {
    pairs.forEach(([x], i) => {
      const id = `room.${i}`;
      tracker.send(id, "S2 edit");
      x.text.insert(0, marker(id));
    });
    await waitFor(() => tracker.count("S2 edit") >= pairs.length, CFG.deliveryTimeoutMs);
    return { expected: pairs.length, delivered: tracker.count("S2 edit"), delivery: summarize(tracker.delivery.get("S2 edit") ?? []) };
  });
  const diverged = pairs.filter(([x, y], i) => x.text.toString() !== y.text.toString() || x.text.toString() !== marker(`room.${i}`)).length;

  const unclosed = await phase("S2 disconnect", () => disconnect(pairs.flat(), "S2 after disconnect"));
  return { rooms: rooms.length, clients: pairs.length * 2, unclosed, connect, edit, converged: diverged === 0, diverged };
}

// ---------------------------------------------------------------- output

type Row = [string, string, string, string, string, string, string, string];
const f = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? "-" : String(x));
const latencyRow = (scenario: string, metric: string, s: Summary, notes = ""): Row => [scenario, metric, f(s.n), f(s.p50), f(s.p95), f(s.p99), f(s.max), notes];
const noteRow = (scenario: string, metric: string, notes: string): Row => [scenario, metric, "", "", "", "", "", notes];

function table(rows: Row[]): string {
  const header: Row = ["scenario", "metric", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "notes"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row) => r.map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

async function cleanupAndExit(code: number): Promise<never> {
  destroyAll(tracker, open.splice(0))();
  current?.sampler.stop();
  await current?.server.stop().catch(() => {});
  process.exit(code);
}

async function main(): Promise<number> {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.error(`bench: watchdog: still running after ${CFG.watchdogMs / 1000} s, stopping`);
    void cleanupAndExit(3);
  }, CFG.watchdogMs);
  process.once("SIGINT", () => void cleanupAndExit(130));
  process.once("SIGTERM", () => void cleanupAndExit(143));

  type S1 = Awaited<ReturnType<typeof scenarioOneRoom>>;
  type S2 = Awaited<ReturnType<typeof scenarioManyRooms>>;
  let s1: S1 | undefined;
  let s2: S2 | undefined;
  const failures: string[] = [];
  try {
    s1 = await withServer(`scenario 1 (1 room × ${CFG.clients} clients)`, scenarioOneRoom);
  } catch (err) {
    failures.push(`scenario 1 failed: ${String(err)}`);
    console.error("bench: scenario 1 failed:", err);
  }
  try {
    s2 = await withServer(`scenario 2 (${CFG.rooms} rooms × 2 clients)`, scenarioManyRooms);
  } catch (err) {
    failures.push(`scenario 2 failed: ${String(err)}`);
    console.error("bench: scenario 2 failed:", err);
  }
  clearTimeout(watchdog);
  const totalMs = Date.now() - started;

  // ---- verdicts
  const problems: string[] = [...failures];
  const warnings: string[] = [];
  for (const prefix of ["S1", "S2"]) {
    const errs = errorsIn(prefix);
    if (errs.length > 0) problems.push(`${prefix}: ${errs.length} client errors/closes`);
  }
  if (s1) {
    if (s1.connect.notSynced > 0) problems.push(`S1: ${s1.connect.notSynced}/${s1.clients} clients never synced (${s1.connect.notOpen} never opened) within ${s1.connect.waitedMs / 1000} s`);
    for (const p of [s1.one, s1.five]) if (p && p.delivered !== p.expected) problems.push(`${p.phase}: delivered ${p.delivered}/${p.expected}`);
    if (s1.awareness && s1.awareness.delivered !== s1.awareness.expected) problems.push(`S1 awareness: delivered ${s1.awareness.delivered}/${s1.awareness.expected}`);
    if (!s1.converged) problems.push(`S1: not converged (${s1.skipped ?? `${s1.distinctTexts} distinct texts, ${s1.markers}/${s1.edits} edits`})`);
    if (s1.connect.presenceCompleteMs === null) warnings.push(`S1: presence incomplete (states seen per client: p50 ${s1.connect.presenceSeen.p50}, min of max ${s1.connect.presenceSeen.max})`);
  }
  if (s2) {
    if (s2.connect.notSynced > 0) problems.push(`S2: ${s2.connect.notSynced}/${s2.clients} clients never synced`);
    if (s2.edit.delivered !== s2.edit.expected) problems.push(`S2: delivered ${s2.edit.delivered}/${s2.edit.expected}`);
    if (!s2.converged) problems.push(`S2: ${s2.diverged} rooms not converged`);
  }
  if (tracker.unknownDeliveries || tracker.duplicateDeliveries) {
    warnings.push(`unexpected deliveries: ${tracker.unknownDeliveries} unknown, ${tracker.duplicateDeliveries} duplicate`);
  }
  for (const s of servers) if (s.logProblems.length > 0) warnings.push(`${s.scenario}: wrangler logged ${s.logProblems.length} error/warn lines (see JSON)`);

  // ---- table
  const rows: Row[] = [];
  const errCell = (prefix: string) => `errors ${errorsIn(prefix).length}`;
  if (s1) {
    const S = `1 room × ${s1.clients}`;
    const c = s1.connect;
    rows.push(latencyRow(S, "connect→open", c.open, `never opened ${c.notOpen}`));
    rows.push(
      latencyRow(
        S,
        "connect→synced",
        c.synced,
        `never synced ${c.notSynced}; full presence ${c.presenceCompleteMs === null ? "NOT reached" : `+${c.presenceCompleteMs} ms`}; clients got ${c.framesReceived.awareness} awareness frames`,
      ),
    );
    if (s1.skipped) rows.push(noteRow(S, "edits", s1.skipped));
    for (const p of [s1.one, s1.five]) {
      if (!p) continue;
      const label = `${p.writers} writer${p.writers > 1 ? "s" : ""}`;
      rows.push(latencyRow(S, `edit delivery, ${label}`, p.delivery, `delivered ${p.delivered}/${p.expected}; ${p.edits} edits at ${p.achievedRate}/s; +${p.framesReceived.awareness} awareness frames`));
      rows.push(latencyRow(S, `durable ack, ${label}`, p.ack, "writer's send → ack (?acks=1)"));
    }
    if (s1.awareness) rows.push(latencyRow(S, "presence delivery (baseline)", s1.awareness.delivery, `delivered ${s1.awareness.delivered}/${s1.awareness.expected}; relayed, not stored`));
    rows.push(noteRow(S, "convergence", `${s1.converged ? "yes" : "NO"}: ${s1.distinctTexts} distinct text(s), ${s1.markers}/${s1.edits} edits; ${errCell("S1")}; still open 3 s after close(): ${s1.unclosed.open} (no close frame back: ${s1.unclosed.noCloseFrame})`));
  }
  if (s2) {
    const S = `${s2.rooms} rooms × 2`;
    rows.push(latencyRow(S, "connect→open", s2.connect.open, `never opened ${s2.connect.notOpen}`));
    rows.push(latencyRow(S, "connect→synced", s2.connect.synced, `never synced ${s2.connect.notSynced}`));
    rows.push(latencyRow(S, "edit delivery (1 per room)", s2.edit.delivery, `delivered ${s2.edit.delivered}/${s2.edit.expected}`));
    rows.push(noteRow(S, "convergence", `${s2.converged ? "yes" : "NO"}: ${s2.rooms - s2.diverged}/${s2.rooms} rooms equal; ${errCell("S2")}; still open 3 s after close(): ${s2.unclosed.open} (no close frame back: ${s2.unclosed.noCloseFrame})`));
  }
  for (const c of costs) {
    const sec = (x: number) => (x / 1000).toFixed(1);
    rows.push(
      noteRow("cpu", c.phase, `wall ${sec(c.wallMs)} s | client ${sec(c.clientCpuMs)} s | server ${sec(c.serverCpuMs)} s (Worker's workerd ${sec(c.workerdCpuMs)}) | client loop delay p99 ${c.loopDelayP99Ms} ms`),
    );
  }
  for (const m of memory) {
    rows.push(noteRow("memory RSS", m.label, `Worker's workerd ${m.workerdRssMiB} MiB | proxy workerd ${m.proxyRssMiB} | wrangler group ${m.totalRssMiB} | client ${m.clientRssMiB}`));
  }
  for (const prefix of ["S1", "S2"]) {
    const ph = costs.filter((c) => c.phase.startsWith(prefix));
    if (ph.length === 0) continue;
    const w = Math.max(...ph.map((c) => c.peakWorkerdRssMiB));
    const t = Math.max(...ph.map((c) => c.peakServerRssMiB));
    rows.push(noteRow("memory RSS", `${prefix} peak (0.5 s samples)`, `Worker's workerd ${w} MiB | wrangler group ${t}`));
  }

  console.log(table(rows));
  const starts = servers.map((s) => `${(s.startMs / 1000).toFixed(1)} s`).join(", ");
  console.log(
    `\nserver starts ${starts}; total run ${(totalMs / 1000).toFixed(1)} s; limits: ${Object.keys(CFG.vars).length ? `--var ${JSON.stringify(CFG.vars)}` : "defaults (no --var)"}; clients: ${CFG.stockAwareness ? "stock y-websocket" : "presence echo OFF (diagnostic, not stock)"}`,
  );
  const byKind = new Map<string, number>();
  for (const e of tracker.errors) {
    const key = `[${e.phase}] ${e.kind}${e.code !== undefined ? ` ${e.code}` : ""}${e.reason ? ` "${e.reason}"` : ""}${e.message ? ` ${e.message}` : ""}`;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  if (byKind.size > 0) {
    console.log(`client errors (${tracker.errors.length}):`);
    for (const [k, n] of [...byKind].slice(0, 15)) console.log(`  ${n} × ${k}`);
  }
  for (const w of warnings) console.log(`warning: ${w}`);
  console.log(problems.length === 0 ? "RESULT: ok (zero errors, all delivered, converged)" : `RESULT: FAILED\n  ${problems.join("\n  ")}`);

  // ---- JSON
  const stamp = new Date(started).toISOString().replace(/[:.]/g, "-");
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${stamp}.json`;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: new Date(started).toISOString(),
        totalMs,
        node: process.version,
        machine: { cpus: cpus().length, totalMemGiB: Math.round(totalmem() / 2 ** 30) },
        config: CFG,
        ok: problems.length === 0,
        problems,
        warnings,
        servers,
        scenario1: s1,
        scenario2: s2,
        cost: costs,
        memory,
        framesReceivedByPhase: Object.fromEntries(tracker.frames),
        errors: { total: tracker.errors.length, byKind: Object.fromEntries(byKind), first: tracker.errors.slice(0, 200) },
        unknownDeliveries: tracker.unknownDeliveries,
        duplicateDeliveries: tracker.duplicateDeliveries,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results: ${file.replace(ROOT, "")}`);
  return failures.length > 0 ? 2 : problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await cleanupAndExit(2);
  },
);
