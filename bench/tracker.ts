/**
 * What the clients of one benchmark run observed: errors and unexpected closes, send times
 * of edits and presence pings, their delivery latency per phase, and frames by type.
 */
import type { BenchClient } from "./clients";

export interface ClientError {
  phase: string;
  client: number;
  room: string;
  kind: "error" | "close" | "reconnect";
  code?: number;
  reason?: string;
  message?: string;
  atMs: number;
}

/** Everything shared by the clients of one run. */
export class Tracker {
  phase = "setup";
  readonly t0 = performance.now();
  readonly errors: ClientError[] = [];
  readonly sent = new Map<string, { t: number; phase: string }>();
  readonly delivery = new Map<string, number[]>();
  readonly ackLatency = new Map<string, number[]>();
  readonly delivered = new Map<string, number>();
  /** Frames the clients received, per phase and message type (0 sync, 1 awareness, ...). */
  readonly frames = new Map<string, Record<number, number>>();
  unknownDeliveries = 0;
  duplicateDeliveries = 0;

  error(e: Omit<ClientError, "phase" | "atMs">): void {
    // Bounded: a storm of errors is summarized by its first entries and a count.
    if (this.errors.length < 5000) this.errors.push({ ...e, phase: this.phase, atMs: Math.round(performance.now() - this.t0) });
  }

  send(id: string, phase: string): void {
    this.sent.set(id, { t: performance.now(), phase });
  }

  /** Called for every first arrival of an id at a client (flow control listens here). */
  onArrive: ((client: BenchClient, id: string) => void) | undefined;

  arrive(client: BenchClient, id: string, now: number): void {
    const sent = this.sent.get(id);
    if (!sent) return void this.unknownDeliveries++;
    if (client.seen.has(id)) return void this.duplicateDeliveries++;
    client.seen.add(id);
    push(this.delivery, sent.phase, now - sent.t);
    this.delivered.set(sent.phase, (this.delivered.get(sent.phase) ?? 0) + 1);
    this.onArrive?.(client, id);
  }

  frame(type: number): void {
    let f = this.frames.get(this.phase);
    if (!f) this.frames.set(this.phase, (f = {}));
    f[type] = (f[type] ?? 0) + 1;
  }

  framesIn(phase: string, type: number): number {
    return this.frames.get(phase)?.[type] ?? 0;
  }

  count(phase: string): number {
    return this.delivered.get(phase) ?? 0;
  }
}

/** Appends a sample to the list kept under `key`. */
export function push(map: Map<string, number[]>, key: string, v: number): void {
  let arr = map.get(key);
  if (!arr) map.set(key, (arr = []));
  arr.push(v);
}
