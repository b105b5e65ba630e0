/**
 * Load generators, each bounded in count and in time: paced edits, cursor moves, and
 * writers that keep a bounded window of edits in flight.
 */
import { type BenchClient, marker } from "./clients";
import { sleep } from "./stats";
import type { Tracker } from "./tracker";

/** Sends one edit from `w`, tagged `id`, remembering when (for delivery and ack latency). */
function sendEdit(tracker: Tracker, w: BenchClient, id: string, phase: string): void {
  tracker.send(id, phase);
  if (w.ackPending.length < 100_000) w.ackPending.push({ t: performance.now(), phase });
  w.text.insert(w.text.length, marker(id));
}

/**
 * Calls `fn(item, i)` for i < count, item by item at `start + i·interval` (items staggered
 * within one interval), and stops 10 s late at the latest. Returns how many calls it made.
 */
async function paced<T>(items: readonly T[], count: number, interval: number, fn: (item: T, i: number) => void): Promise<number> {
  const start = performance.now();
  const deadline = start + count * interval + 10_000;
  let calls = 0;
  await Promise.all(
    items.map(async (item, k) => {
      for (let i = 0; i < count; i++) {
        const wait = start + i * interval + (k * interval) / items.length - performance.now();
        if (wait > 0) await sleep(wait);
        if (performance.now() > deadline) break;
        fn(item, i);
        calls++;
      }
    }),
  );
  return calls;
}

/** Inserts `perWriter` edits per writer at `ratePerWriter`/s each (writers staggered); returns the achieved total rate. */
export async function writeLoad(tracker: Tracker, writers: BenchClient[], ratePerWriter: number, perWriter: number, phase: string): Promise<number> {
  const start = performance.now();
  const sent = await paced(writers, perWriter, 1000 / ratePerWriter, (w, i) => sendEdit(tracker, w, `${phase}.${w.index}.${i}`, phase));
  return (sent * 1000) / (performance.now() - start);
}

/**
 * Every client moves its cursor `hz` times a second for `ms` (clients staggered): one
 * presence update each, carrying a ping id so that its delivery can be timed. Returns the
 * number of moves.
 */
export function moveCursors(tracker: Tracker, clients: BenchClient[], hz: number, ms: number, phase: string): Promise<number> {
  return paced(clients, Math.floor((ms * hz) / 1000), 1000 / hz, (c, i) => {
    const id = `${phase}.c${c.index}.${i}`;
    tracker.send(id, phase);
    const awareness = c.provider.awareness;
    awareness.setLocalState({ ...awareness.getLocalState(), cursor: { anchor: i, head: i + 1 }, ping: id });
  });
}

/**
 * Each writer sends edits as fast as the room takes them, with at most `window` of its edits
 * not yet seen by `observer`, for `ms`. Returns the number of edits sent.
 */
export async function windowedWrites(
  tracker: Tracker,
  writers: BenchClient[],
  observer: BenchClient,
  window: number,
  ms: number,
  phase: string,
): Promise<number> {
  const inFlight = new Map(writers.map((w) => [w, 0]));
  const wake = new Map<BenchClient, () => void>();
  const author = new Map<string, BenchClient>();
  tracker.onArrive = (client, id) => {
    if (client !== observer) return;
    const w = author.get(id);
    if (w === undefined) return;
    author.delete(id);
    inFlight.set(w, inFlight.get(w)! - 1);
    wake.get(w)?.();
  };
  const end = performance.now() + ms;
  let sent = 0;
  try {
    await Promise.all(
      writers.map(async (w) => {
        for (let i = 0; performance.now() < end; i++) {
          while (inFlight.get(w)! >= window && performance.now() < end) {
            // Woken by the observer seeing one of this writer's edits; re-checks the clock at least every 100 ms.
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 100);
              wake.set(w, () => (clearTimeout(timer), resolve()));
            });
          }
          if (performance.now() >= end) break;
          const id = `${phase}.${w.index}.${i}`;
          author.set(id, w);
          inFlight.set(w, inFlight.get(w)! + 1);
          sendEdit(tracker, w, id, phase);
          sent++;
        }
      }),
    );
  } finally {
    tracker.onArrive = undefined;
  }
  return sent;
}
