/**
 * Cold sync and join storms (issue 7): a fresh client joining a large document (the final
 * `automerge-paper` document, and a 20 MiB one), one at a time, connect→synced; then 150
 * clients joining the 20 MiB document at once. A seeding client made each document and stays
 * connected (the baseline relay keeps no document: its peers answer). Joiners check the
 * size they got and are closed once synced, which keeps this process's memory bounded.
 */
import * as Y from "yjs";
import type { BenchClient } from "../clients";
import type { TargetRun } from "../measure";
import { connectProblems, errorProblems, lower, type Scenario, size } from "../scenario";
import { waitFor } from "../stats";
import { finalDocument, readTrace, type SequentialTrace } from "../trace-data";

const CHUNK = 512 * 1024;

export const coldSync: Scenario = {
  id: "cold-sync",
  title: "fresh joins of the automerge-paper document and of a 20 MiB document; 150 clients joining the 20 MiB document at once",
  metrics: [
    lower("paper_p50", "automerge-paper doc: connect→synced p50 ms"),
    lower("big_p50", "20 MiB doc: connect→synced p50 ms"),
    lower("storm_p50", "storm of 150: connect→synced p50 ms"),
    lower("storm_p95", "storm of 150: p95 ms"),
    lower("storm_max", "storm of 150: max ms"),
    lower("storm_server_cpu_s", "storm: server CPU s"),
    lower("storm_client_cpu_s", "storm: client CPU s"),
    lower("storm_peak_rss", "storm: peak server RSS MiB"),
  ],
  prepare: async (cfg) => {
    const trace = readTrace<SequentialTrace>(cfg.tracesDir, "automerge-paper");
    const paper = trace ? { update: finalDocument(trace), length: trace.endContent.length } : null;
    const shape = { joins: size(cfg, 5, 2), chunks: size(cfg, 40, 4), storm: size(cfg, 150, 10) };
    return (run) => coldSyncOn(run, paper, shape, cfg.tracesDir);
  },
};

type Shape = { joins: number; chunks: number; storm: number };

async function coldSyncOn(run: TargetRun, paper: { update: Uint8Array; length: number } | null, shape: Shape, tracesDir: string) {
  const stamp = Date.now();
  const [paperRoom, bigRoom] = [`cold-paper-${stamp}`, `cold-big-${stamp}`];
  // Seeders, one-by-one joins and the storm, each a client of its own.
  await run.prepareRooms([paperRoom, bigRoom], 2 + 2 * shape.joins + shape.storm);
  const problems: string[] = [];
  const notes: string[] = [];
  let next = 0;
  const open = (room: string, doc?: Y.Doc) => run.open(room, next++, { doc, watchEdits: false });

  let paperJoins = null;
  if (paper) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, paper.update);
    // The seeder's answer to the room's sync step 1 carries the whole document.
    open(paperRoom, doc);
    paperJoins = await run.phase("paper joins", () => joinOneByOne(run, paperRoom, paper.length, shape.joins, open));
    notes.push(`automerge-paper final document: ${paper.update.byteLength} bytes of Yjs update, ${paper.length} characters`);
  } else {
    notes.push(`automerge-paper skipped: no traces in ${tracesDir}`);
  }

  const seeder = open(bigRoom);
  const seeded = await run.phase("seed 20 MiB", async () => {
    const ok = await run.connectAll([seeder], 30_000);
    if (ok.notSynced > 0) return false;
    for (let i = 0; i < shape.chunks; i++) {
      seeder.text.insert(seeder.text.length, randomText(CHUNK, i + 1));
      // Bounded back-pressure: let the socket drain before the next 512 KiB.
      await waitFor(() => (seeder.provider.ws?.bufferedAmount ?? 0) === 0, 30_000);
    }
    return true;
  });
  const bigLength = shape.chunks * CHUNK;
  const big = seeded ? await run.phase("20 MiB joins", () => joinOneByOne(run, bigRoom, bigLength, shape.joins, open)) : null;
  if (!seeded) problems.push("the 20 MiB seeder never synced");

  const storm = big ? await run.phase("storm", () => joinStorm(run, bigRoom, bigLength, shape.storm, open)) : null;
  const cost = run.costs.find((c) => c.phase === "storm");
  for (const [what, r] of [
    ["automerge-paper joins", paperJoins],
    ["20 MiB joins", big],
    ["storm", storm],
  ] as const) {
    if (r && r.wrong > 0) problems.push(`${what}: ${r.wrong} clients synced with the wrong size`);
    if (r) problems.push(...connectProblems(what, r.connect, r.clients));
  }
  problems.push(...errorProblems(run));
  const sec = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / 100) / 10);
  return {
    values: {
      paper_p50: paperJoins?.connect.synced.p50 ?? null,
      big_p50: big?.connect.synced.p50 ?? null,
      storm_p50: storm?.connect.synced.p50 ?? null,
      storm_p95: storm?.connect.synced.p95 ?? null,
      storm_max: storm?.connect.synced.max ?? null,
      storm_server_cpu_s: sec(cost?.serverCpuMs),
      storm_client_cpu_s: sec(cost?.clientCpuMs),
      storm_peak_rss: cost?.peakRuntimeRssMiB ?? null,
    },
    problems,
    notes,
    details: { paperJoins, big, storm },
  };
}

type Open = (room: string, doc?: Y.Doc) => BenchClient;

/** A probe first (not counted: it waits for the server to hold everything), then `joins` fresh clients one at a time. */
async function joinOneByOne(run: TargetRun, room: string, length: number, joins: number, open: Open) {
  const probe = open(room);
  await waitFor(() => probe.text.length === length, 120_000);
  await run.disconnect([probe], 0);
  const joined: BenchClient[] = [];
  let wrong = 0;
  for (let i = 0; i < joins; i++) {
    const c = open(room);
    await run.connectAll([c], 60_000);
    if (c.syncedAt !== undefined && c.text.length !== length) wrong++;
    joined.push(c);
    await run.disconnect([c], 0);
  }
  return { clients: joins, wrong, connect: await run.connectAll(joined, 0) };
}

/** `count` clients join at once; each is closed as soon as it synced (after checking its size). */
async function joinStorm(run: TargetRun, room: string, length: number, count: number, open: Open) {
  const clients = Array.from({ length: count }, () => open(room));
  const done = new Set<BenchClient>();
  let wrong = 0;
  const t = performance.now();
  await waitFor(() => {
    for (const c of clients) {
      if (c.syncedAt === undefined || done.has(c)) continue;
      if (c.text.length !== length) wrong++;
      done.add(c);
      void run.disconnect([c], 0);
    }
    return done.size === clients.length;
  }, 180_000);
  const connect = { ...(await run.connectAll(clients, 0)), waitedMs: Math.round(performance.now() - t) };
  await run.disconnect(clients, 1_000);
  return { clients: count, wrong, connect };
}

/** Letters and spaces from a pseudo-random sequence (xorshift, seeded): nothing for deflate or Yjs to exploit. */
function randomText(n: number, seed: number): string {
  const bytes = Buffer.allocUnsafe(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = (x >>> 0) % 27;
    bytes[i] = r === 26 ? 32 : 97 + r;
  }
  return bytes.toString("latin1");
}
