/**
 * Stock y-websocket clients (via test/e2e/http-client's `connect`) instrumented for the
 * benchmark: connect→open and connect→synced times, every error and unexpected close,
 * per-edit delivery latency (edits carry an id in their text: ⟦id⟧), durable-ack latency
 * for writers opened with `?acks=1`, and awareness delivery latency as a baseline.
 */
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { MESSAGE_ACK, readAck } from "../src/room/protocol";
import type { DevServer } from "../test/e2e/dev-server";
import { type Account, connect } from "../test/e2e/http-client";

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

export interface BenchClient {
  index: number;
  room: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  startedAt: number;
  openAt?: number;
  syncedAt?: number;
  connects: number;
  /** Edit / ping ids this client has seen arrive from others. */
  seen: Set<string>;
  /** Send times (and phase) of this writer's messages the room has not acknowledged yet. */
  ackPending: Array<{ t: number; phase: string } | null>;
  acks: number;
}

const MARK = /\u27e6([^\u27e7]+)\u27e7/g;
export const marker = (id: string) => `\u27e6${id}\u27e7`;

/** Everything shared by the clients of one run. */
export class Tracker {
  phase = "setup";
  /** While true, closes are ours (teardown) and not errors. */
  closing = false;
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

  arrive(client: BenchClient, id: string, now: number): void {
    const sent = this.sent.get(id);
    if (!sent) return void this.unknownDeliveries++;
    if (client.seen.has(id)) return void this.duplicateDeliveries++;
    client.seen.add(id);
    push(this.delivery, sent.phase, now - sent.t);
    this.delivered.set(sent.phase, (this.delivered.get(sent.phase) ?? 0) + 1);
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

function push(map: Map<string, number[]>, key: string, v: number): void {
  let arr = map.get(key);
  if (!arr) map.set(key, (arr = []));
  arr.push(v);
}

export function openClient(
  tracker: Tracker,
  server: DevServer,
  account: Account,
  room: string,
  index: number,
  opts: { acks?: boolean; watchAwareness?: boolean; stockAwareness?: boolean } = {},
): BenchClient {
  const startedAt = performance.now();
  const { doc, provider, text } = connect(server, account, room, opts.acks ? { params: { acks: "1" } } : {});
  const c: BenchClient = {
    index,
    room,
    doc,
    provider,
    text,
    startedAt,
    connects: 0,
    seen: new Set(),
    // The first ack answers the sync step 2 the provider sends on connecting, not an edit.
    ackPending: opts.acks ? [null] : [],
    acks: 0,
  };
  provider.on("status", ({ status }: { status: string }) => {
    if (status !== "connected") return;
    c.connects++;
    c.openAt ??= performance.now();
    if (c.connects > 1) tracker.error({ client: index, room, kind: "reconnect", message: `connection #${c.connects}` });
  });
  provider.on("sync", (synced: boolean) => {
    if (synced) c.syncedAt ??= performance.now();
  });
  provider.on("connection-error", (e: Event | null) => {
    if (tracker.closing) return;
    const event = e as { message?: string; error?: unknown } | null;
    tracker.error({ client: index, room, kind: "error", message: event?.message ?? String(event?.error ?? event) });
  });
  provider.on("connection-close", (event: { code?: number; reason?: string } | null) => {
    // null: the provider closed it itself (disconnect(), or 30 s without any message).
    if (tracker.closing) return;
    tracker.error({ client: index, room, kind: "close", code: event?.code, reason: event?.reason || (event === null ? "closed by the client (message timeout)" : "") });
  });
  // Count what arrives, by message type, without changing how it is handled.
  provider.messageHandlers.forEach((handler, type) => {
    if (!handler) return;
    provider.messageHandlers[type] = (...args) => {
      tracker.frame(type);
      handler(...args);
    };
  });
  if (opts.stockAwareness === false) {
    // Diagnostic only (BENCH_STOCK_AWARENESS=0): the stock provider sends every awareness
    // change it *receives* back to the server; this client sends only its own.
    const p = provider as unknown as { _awarenessUpdateHandler: (changes: unknown, origin: unknown) => void };
    const stock = p._awarenessUpdateHandler;
    provider.awareness.off("update", stock);
    p._awarenessUpdateHandler = (changes, origin) => {
      if (origin === "local") stock(changes, origin);
    };
    provider.awareness.on("update", p._awarenessUpdateHandler);
  }
  if (opts.acks) {
    provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder) => {
      const now = performance.now();
      const ack = readAck(decoder);
      c.acks++;
      tracker.frame(MESSAGE_ACK);
      const pending = c.ackPending.shift();
      if (ack.status !== 0) tracker.error({ client: index, room, kind: "error", message: `ack status ${ack.status}` });
      if (pending) push(tracker.ackLatency, pending.phase, now - pending.t);
    };
  }
  text.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const op of event.delta) {
      if (typeof op.insert !== "string") continue;
      for (const m of op.insert.matchAll(MARK)) tracker.arrive(c, m[1]!, now);
    }
  });
  if (opts.watchAwareness) {
    const awareness = provider.awareness;
    awareness.on("change", ({ added, updated }: { added: number[]; updated: number[] }) => {
      const now = performance.now();
      for (const id of [...added, ...updated]) {
        if (id === awareness.clientID) continue;
        const ping = (awareness.getStates().get(id) as { ping?: string } | undefined)?.ping;
        if (ping) tracker.arrive(c, ping, now);
      }
    });
  }
  return c;
}

/** Inserts `perWriter` edits per writer at `ratePerWriter`/s each (writers staggered); returns the achieved total rate. */
export async function writeLoad(tracker: Tracker, writers: BenchClient[], ratePerWriter: number, perWriter: number, phase: string): Promise<number> {
  const interval = 1000 / ratePerWriter;
  const start = performance.now();
  const deadline = start + perWriter * interval + 10_000;
  let sent = 0;
  await Promise.all(
    writers.map(async (w, wi) => {
      for (let i = 0; i < perWriter; i++) {
        const target = start + i * interval + (wi * interval) / writers.length;
        const wait = target - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() > deadline) break;
        const id = `${phase}.${w.index}.${i}`;
        tracker.send(id, phase);
        if (w.ackPending.length < 100_000) w.ackPending.push({ t: performance.now(), phase });
        w.text.insert(w.text.length, marker(id));
        sent++;
      }
    }),
  );
  return (sent * 1000) / (performance.now() - start);
}

/**
 * Destroys the providers (a normal close handshake). Returns a function that cuts whatever
 * socket has not finished closing, so a server still flushing a backlog at us cannot keep
 * the client busy (or buffering) after the scenario.
 */
type NodeSocket = { readyState: number; terminate?: () => void; _closeFrameReceived?: boolean };

export function destroyAll(tracker: Tracker, clients: BenchClient[]): () => { open: number; noCloseFrame: number } {
  tracker.closing = true;
  const sockets: NodeSocket[] = [];
  for (const c of clients) {
    try {
      const ws = c.provider.ws as unknown as NodeSocket | null;
      if (ws) sockets.push(ws);
      c.provider.destroy();
      c.doc.destroy();
    } catch {
      // best effort
    }
  }
  return () => {
    let open = 0;
    let noCloseFrame = 0;
    for (const ws of sockets) {
      // `ws` internals: whether the server answered our close frame with its own.
      if (ws._closeFrameReceived === false) noCloseFrame++;
      if (ws.readyState !== 3 /* CLOSED */) {
        ws.terminate?.();
        open++;
      }
    }
    return { open, noCloseFrame };
  };
}
