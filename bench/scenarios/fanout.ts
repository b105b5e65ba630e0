/**
 * Fan-out and presence (issue 7): one room, one writer at 50 edits/s for 10 s, everyone
 * else watching; optionally every client also moving its cursor. Edit latency is measured
 * from the writer's insert to each other client's text observer.
 */
import { convergence } from "../clients";
import { moveCursors, writeLoad } from "../load";
import type { TargetRun } from "../measure";
import {
  connectProblems,
  cpuMetrics,
  cpuPerEditMetric,
  cpuPerEditValue,
  cpuValues,
  errorProblems,
  higher,
  intakeNote,
  latencyMetrics,
  latencyValues,
  lower,
  type Outcome,
  type Scenario,
  size,
  writesNote,
} from "../scenario";
import { sleep, summarize, waitFor } from "../stats";

interface Shape {
  id: string;
  title: string;
  clients: [full: number, quick: number];
  /** Cursor moves per second per client; 0 for none. */
  cursorHz: number;
  perMessageDeflate?: boolean;
  vars?: Scenario["vars"];
}

const RATE = 50;
const SECONDS = 10;

export function fanoutScenario(shape: Shape): Scenario {
  const presence = shape.cursorHz > 0;
  return {
    id: shape.id,
    title: shape.title,
    perMessageDeflate: shape.perMessageDeflate,
    vars: shape.vars,
    metrics: [
      lower("synced_p50", "connect→synced p50 ms"),
      ...latencyMetrics("edit", "edit delivery"),
      higher("delivered_pct", "edits delivered %"),
      ...(presence
        ? [
            ...latencyMetrics("presence", "cursor delivery").filter((m) => /p50|p99/.test(m.key)),
            higher("presence_pct", "cursor moves delivered % (ours: a move superseded within a presence batch is not sent)"),
          ]
        : []),
      ...cpuMetrics,
      cpuPerEditMetric("delivered edit"),
    ],
    prepare: async (cfg) => {
      const clients = size(cfg, shape.clients[0], shape.clients[1]);
      const seconds = size(cfg, SECONDS, 3);
      return (run) => fanout(run, clients, seconds, shape.cursorHz);
    },
  };
}

async function fanout(run: TargetRun, n: number, seconds: number, cursorHz: number): Promise<Outcome> {
  const room = `fanout-${Date.now()}`;
  await run.prepareRooms([room], n);
  const clients = Array.from({ length: n }, (_, i) => run.open(room, i, { watchAwareness: cursorHz > 0 }));
  const connect = await run.phase("connect", () => run.connectAll(clients, 60_000));
  const problems = connectProblems("connect", connect, n);
  if (problems.length > 0) return { values: { synced_p50: null }, problems: [...problems, ...errorProblems(run)], notes: [], details: { connect } };
  // Let the joining presence storm settle before timing anything.
  await sleep(1_000);

  const edits = RATE * seconds;
  const expected = edits * (n - 1);
  const load = await run.phase("load", async () => {
    const [rate, moves] = await Promise.all([
      writeLoad(run.tracker, clients.slice(0, 1), RATE, edits, "edits"),
      cursorHz > 0 ? moveCursors(run.tracker, clients, cursorHz, seconds * 1000, "presence") : Promise.resolve(0),
    ]);
    await waitFor(() => run.tracker.count("edits") >= expected, 30_000);
    if (moves > 0) await waitFor(() => run.tracker.count("presence") >= moves * (n - 1), 5_000);
    return { rate: Math.round(rate * 10) / 10, moves };
  });
  const delivered = run.tracker.count("edits");
  const conv = convergence(clients, edits);
  const stats = await run.roomStats(room);
  const cut = await run.phase("disconnect", () => run.disconnect(clients));

  if (delivered < expected) problems.push(`delivered ${delivered}/${expected} edits`);
  if (!conv.converged) problems.push(`not converged: ${conv.distinctTexts} distinct texts, ${conv.markers}/${edits} edits`);
  problems.push(...errorProblems(run));
  const presenceExpected = load.moves * (n - 1);
  const presenceDelivered = run.tracker.count("presence");
  return {
    values: {
      synced_p50: connect.synced.p50,
      ...latencyValues("edit", summarize(run.tracker.delivery.get("edits") ?? [])),
      delivered_pct: pct(delivered, expected),
      ...(cursorHz > 0
        ? { ...latencyValues("presence", summarize(run.tracker.delivery.get("presence") ?? [])), presence_pct: pct(presenceDelivered, presenceExpected) }
        : {}),
      ...cpuValues(run, ["load"]),
      ...cpuPerEditValue(run, ["load"], delivered),
    },
    problems,
    notes: [
      `${n} clients, ${edits} edits at ${load.rate}/s${cursorHz > 0 ? `, ${load.moves} cursor moves` : ""}; permessage-deflate accepted for ${connect.deflated}/${n}`,
      ...(cut.open > 0 ? [`${cut.open} sockets still open 3 s after close()`] : []),
      ...intakeNote("room", stats),
      ...writesNote("room", stats),
    ],
    details: { connect, load, delivered, expected, presenceDelivered, presenceExpected, convergence: conv, unclosed: cut },
  };
}

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
