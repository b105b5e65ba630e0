/**
 * Throughput (issue 7): 8 writers in one room, each keeping at most WINDOW edits in flight
 * (sent, not yet seen by the observer), for 10 s: edits per second arriving at an observer,
 * and each edit's latency. Our room stores every edit durably before relaying it; the
 * baseline and the peers store nothing, so the difference is what durability costs here.
 */
import { convergence } from "../clients";
import { windowedWrites } from "../load";
import {
  connectProblems,
  cpuMetrics,
  cpuPerEditMetric,
  cpuPerEditValue,
  cpuValues,
  errorProblems,
  higher,
  latencyMetrics,
  latencyValues,
  type Scenario,
  size,
  writesNote,
} from "../scenario";
import { summarize, waitFor } from "../stats";

const WRITERS = 8;
const WINDOW = 8;

export const throughput: Scenario = {
  id: "throughput",
  title: `1 room, ${WRITERS} writers with at most ${WINDOW} edits each in flight, and 1 observer, for 10 s`,
  metrics: [
    higher("edits_per_s", "edits/s at the observer"),
    ...latencyMetrics("edit", "edit latency (every client)"),
    ...cpuMetrics,
    cpuPerEditMetric("edit"),
  ],
  prepare: async (cfg) => {
    const ms = size(cfg, 10_000, 3_000);
    return async (run) => {
      const room = `throughput-${Date.now()}`;
      await run.prepareRooms([room], WRITERS + 1);
      const clients = Array.from({ length: WRITERS + 1 }, (_, i) => run.open(room, i));
      const connect = await run.phase("connect", () => run.connectAll(clients, 30_000));
      const problems = connectProblems("connect", connect, clients.length);
      if (problems.length > 0) return { values: {}, problems: [...problems, ...errorProblems(run)], notes: [], details: { connect } };
      const writers = clients.slice(0, WRITERS);
      const observer = clients[WRITERS]!;
      const t0 = performance.now();
      const load = await run.phase("load", async () => {
        const sent = await windowedWrites(run.tracker, writers, observer, WINDOW, ms, "edits");
        await waitFor(() => observer.seen.size >= sent, 30_000);
        return { sent, atObserver: observer.seen.size, seconds: (performance.now() - t0) / 1000 };
      });
      // Every writer sees the others' edits too: all of them count for latency.
      const expected = load.sent * (clients.length - 1);
      await waitFor(() => run.tracker.count("edits") >= expected, 10_000);
      const conv = convergence(clients, load.sent);
      const stats = await run.roomStats(room);
      await run.phase("disconnect", () => run.disconnect(clients));
      if (load.atObserver < load.sent) problems.push(`the observer got ${load.atObserver}/${load.sent} edits`);
      if (!conv.converged) problems.push(`not converged: ${conv.distinctTexts} distinct texts, ${conv.markers}/${load.sent} edits`);
      problems.push(...errorProblems(run));
      return {
        values: {
          edits_per_s: Math.round(load.atObserver / load.seconds),
          ...latencyValues("edit", summarize(run.tracker.delivery.get("edits") ?? [])),
          ...cpuValues(run, ["load"]),
          ...cpuPerEditValue(run, ["load"], load.atObserver),
        },
        problems,
        notes: [`${load.sent} edits in ${load.seconds.toFixed(1)} s (until the observer had them all)`, ...writesNote("edits", stats)],
        details: { connect, load, convergence: conv },
      };
    };
  },
};
