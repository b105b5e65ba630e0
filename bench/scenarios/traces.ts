/**
 * Real editing traces (issue 7): `automerge-paper` (259,778 keystrokes) typed by one writer
 * with two observers, and the concurrent traces with one client per agent. Each must end
 * with the trace's endContent at every client. The writer sends 4 keystrokes per frame, as
 * an editor batching what was typed within a frame would when replaying faster than a
 * person types: at one per frame even the bare relay takes minutes, since every inbound
 * frame has a fixed cost in a Durable Object (docs/benchmarks.md, "What the gaps are made of").
 */
import { type ReplayResult, replayConcurrent, replaySequential } from "../replay";
import { connectProblems, cpuMetrics, cpuValues, errorProblems, higher, lower, type Scenario, size, writesNote } from "../scenario";
import { type ConcurrentTrace, concurrentReplay, readTrace, replayGivesEndContent, type SequentialTrace } from "../trace-data";

const CONCURRENT = ["friendsforever", "clownschool"] as const;
const BATCH = 4;

export const traces: Scenario = {
  id: "traces",
  title: `automerge-paper by 1 writer (${BATCH} keystrokes per frame, ≤64 frames in flight) + 2 observers; concurrent traces, 1 client per agent`,
  metrics: [
    higher("paper_per_s", "automerge-paper keystrokes/s"),
    lower("paper_p99", "automerge-paper frame latency p99 ms"),
    ...CONCURRENT.map((t) => higher(`${t}_per_s`, `${t} transactions/s`)),
    ...cpuMetrics,
  ],
  prepare: async (cfg) => {
    const paper = readTrace<SequentialTrace>(cfg.tracesDir, "automerge-paper");
    if (paper === null) return { skip: `no traces in ${cfg.tracesDir} (--traces=DIR)` };
    const keystrokes = size(cfg, paper.txns.length, 5_000);
    const sequential = { ...paper, txns: paper.txns.slice(0, keystrokes) };
    // A quick run replays a prefix, whose final text is not the trace's: compare with the prefix typed offline.
    if (keystrokes < paper.txns.length) sequential.endContent = typedOffline(sequential);
    const concurrent = CONCURRENT.flatMap((name) => {
      const trace = readTrace<ConcurrentTrace>(cfg.tracesDir, name);
      if (trace === null) return [];
      const replay = concurrentReplay(trace);
      if (!replayGivesEndContent(trace, replay)) throw new Error(`${name}: the offline replay does not give endContent`);
      return [{ name, trace, replay }];
    });
    const ms = size(cfg, 240_000, 30_000);
    // A concurrent trace takes a large part of this on a Durable Object even in a smoke run
    // (docs/benchmarks.md, traces): less made every smoke run fail.
    const concurrentMs = size(cfg, 120_000, 60_000);
    return async (run) => {
      const rooms = [`trace-paper-${Date.now()}`, ...concurrent.map((c) => `trace-${c.name}-${Date.now()}`)];
      await run.prepareRooms(rooms, Math.max(3, ...concurrent.map((c) => c.trace.numAgents)));
      const problems: string[] = [];
      const results: Record<string, ReplayResult> = {};

      const clients = [0, 1, 2].map((i) => run.open(rooms[0]!, i, { watchEdits: false }));
      const connect = await run.connectAll(clients, 30_000);
      problems.push(...connectProblems("automerge-paper", connect, clients.length));
      if (connect.notSynced === 0) {
        results.paper = await run.phase("automerge-paper", () => replaySequential(sequential, clients, { batch: BATCH, window: 64, ms }));
      }
      const paperStats = await run.roomStats(rooms[0]!);
      await run.disconnect(clients, 1_000);

      for (const [k, { name, trace, replay }] of concurrent.entries()) {
        const agents = Array.from({ length: trace.numAgents }, (_, a) => run.open(rooms[k + 1]!, a, { watchEdits: false }));
        const c = await run.connectAll(agents, 30_000);
        problems.push(...connectProblems(name, c, agents.length));
        if (c.notSynced === 0) results[name] = await run.phase(name, () => replayConcurrent(trace, replay, agents, concurrentMs));
        await run.disconnect(agents, 1_000);
      }

      for (const [name, r] of Object.entries(results)) {
        if (r.sent < r.total) problems.push(`${name}: only ${r.sent}/${r.total} sent within the time limit`);
        if (!r.correct) problems.push(`${name}: final text differs from the trace's endContent`);
      }
      problems.push(...errorProblems(run));
      const ok = (r: ReplayResult | undefined) => (r?.correct ? r.perSecond : null);
      return {
        values: {
          paper_per_s: ok(results.paper),
          paper_p99: results.paper?.latency?.p99 ?? null,
          ...Object.fromEntries(CONCURRENT.map((t) => [`${t}_per_s`, ok(results[t])])),
          ...cpuValues(run, ["automerge-paper", ...CONCURRENT]),
        },
        problems,
        notes: [
          ...Object.entries(results).map(
            ([name, r]) => `${name}: ${r.sent} in ${r.seconds.toFixed(1)} s, final text ${r.correct ? "equals" : "DIFFERS from"} endContent`,
          ),
          ...writesNote("paper", paperStats),
        ],
        details: { results, skippedTraces: CONCURRENT.filter((t) => !concurrent.some((c) => c.name === t)) },
      };
    };
  },
};

function typedOffline(trace: SequentialTrace): string {
  let text = trace.startContent;
  for (const t of trace.txns) for (const [pos, del, ins] of t.patches) text = text.slice(0, pos) + ins + text.slice(pos + del);
  return text;
}
