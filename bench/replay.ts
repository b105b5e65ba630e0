/**
 * Live replays of editing traces through stock clients, bounded in time: a sequential trace
 * typed by one writer with a bounded window of frames in flight, and a concurrent trace with
 * one client per agent, each transaction sent once its agent has seen what it depended on.
 */
import { setImmediate as yieldToIo } from "node:timers/promises";
import * as Y from "yjs";
import type { BenchClient } from "./clients";
import { type Summary, summarize, waitFor } from "./stats";
import { applyPatches, type ConcurrentReplay, type ConcurrentTrace, type SequentialTrace } from "./trace-data";

/** Resolves when `check` holds, re-checked on every update of `doc` and at least every 100 ms; false at the deadline. */
function untilDoc(doc: Y.Doc, check: () => boolean, deadline: number): Promise<boolean> {
  if (check()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      doc.off("update", onUpdate);
      clearInterval(timer);
      resolve(ok);
    };
    const onUpdate = () => check() && done(true);
    const timer = setInterval(() => (check() ? done(true) : performance.now() > deadline && done(false)), 100);
    doc.on("update", onUpdate);
  });
}

export interface ReplayResult {
  /** Transactions (keystrokes for a sequential trace) sent before the deadline, of all. */
  sent: number;
  total: number;
  seconds: number;
  perSecond: number;
  /** Whether every client ended with the trace's endContent. */
  correct: boolean;
  latency?: Summary;
}

const texts = (clients: readonly BenchClient[]) => clients.map((c) => c.text.toString());

/**
 * One writer types the trace, `batch` keystrokes per transaction (one frame each), with at
 * most `window` frames not yet integrated by the first observer; latency is per frame, to it.
 */
export async function replaySequential(
  trace: SequentialTrace,
  clients: BenchClient[],
  opts: { batch: number; window: number; ms: number },
): Promise<ReplayResult> {
  const [writer, first] = clients as [BenchClient, BenchClient];
  const writerId = writer.doc.clientID;
  const queue: Array<{ clock: number; t: number }> = [];
  const latencies: number[] = [];
  first.doc.on("update", () => {
    const clock = Y.getState(first.doc.store, writerId);
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.clock <= clock) latencies.push(now - queue.shift()!.t);
  });
  const t0 = performance.now();
  const deadline = t0 + opts.ms;
  let sent = 0;
  if (trace.startContent) writer.text.insert(0, trace.startContent);
  for (let i = 0; i < trace.txns.length && performance.now() < deadline; i += opts.batch) {
    if (queue.length >= opts.window && !(await untilDoc(first.doc, () => queue.length < opts.window, deadline))) break;
    const batch = trace.txns.slice(i, i + opts.batch);
    writer.doc.transact(() => batch.forEach((t) => applyPatches(writer.text, t.patches)));
    queue.push({ clock: Y.getState(writer.doc.store, writerId), t: performance.now() });
    sent += batch.length;
  }
  await waitFor(() => texts(clients).every((t) => t === writer.text.toString()), Math.max(5_000, deadline - performance.now()));
  const seconds = (performance.now() - t0) / 1000;
  return {
    sent,
    total: trace.txns.length,
    seconds,
    perSecond: Math.round(sent / seconds),
    correct: texts(clients).every((t) => t === trace.endContent),
    latency: summarize(latencies),
  };
}

/** One client per agent sends its transactions, each once the client holds what it required. */
export async function replayConcurrent(trace: ConcurrentTrace, replay: ConcurrentReplay, agents: BenchClient[], ms: number): Promise<ReplayResult> {
  const t0 = performance.now();
  const deadline = t0 + ms;
  let sent = 0;
  const holds = (doc: Y.Doc, required: Map<number, number>) => [...required].every(([client, clock]) => Y.getState(doc.store, client) >= clock);
  await Promise.all(
    agents.map(async (c, agent) => {
      let n = 0;
      for (let i = 0; i < trace.txns.length; i++) {
        if (trace.txns[i]!.agent !== agent) continue;
        const required = replay.requires[i]!;
        if (!(await untilDoc(c.doc, () => holds(c.doc, required), deadline))) return;
        Y.applyUpdate(c.doc, replay.updates[i]!);
        sent++;
        // Let the socket and the other agents run between bursts.
        if (++n % 64 === 0) await yieldToIo();
      }
    }),
  );
  await waitFor(() => texts(agents).every((t) => t === trace.endContent), Math.max(5_000, deadline - performance.now()));
  const seconds = (performance.now() - t0) / 1000;
  return { sent, total: trace.txns.length, seconds, perSecond: Math.round(sent / seconds), correct: texts(agents).every((t) => t === trace.endContent) };
}
