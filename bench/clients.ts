/**
 * Stock y-websocket clients (via test/e2e/http-client's `connect`) instrumented for the
 * benchmark: connect→open and connect→synced times, every error and unexpected close,
 * per-edit delivery latency (edits carry an id in their text: ⟦id⟧), durable-ack latency
 * for writers opened with `?acks=1`, and presence delivery latency (states carry a `ping` id).
 */
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { MESSAGE_ACK, readAck } from "../src/wire/protocol";
import { type Account, connect } from "../test/e2e/http-client";
import { push, type Tracker } from "./tracker";

/** Where and as whom a client connects. */
export interface Endpoint {
  site: { url: string; wsUrl: string };
  /** The provider's server URL; the room name is appended. */
  serverUrl: string;
  account: Account;
  perMessageDeflate: boolean;
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
  /** Set when the benchmark closes it: its closes are then ours, not errors. */
  closing: boolean;
  /** The WebSocket extensions the server accepted (permessage-deflate or none). */
  extensions?: string;
  /** Edit / ping ids this client has seen arrive from others. */
  seen: Set<string>;
  /** Send times (and phase) of this writer's messages the room has not acknowledged yet. */
  ackPending: Array<{ t: number; phase: string } | null>;
  acks: number;
}

const MARK = /\u27e6([^\u27e7]+)\u27e7/g;
export const marker = (id: string) => `\u27e6${id}\u27e7`;

export function openClient(
  tracker: Tracker,
  endpoint: Endpoint,
  room: string,
  index: number,
  opts: {
    acks?: boolean;
    watchAwareness?: boolean;
    stockAwareness?: boolean;
    doc?: Y.Doc;
    /**
     * Look for edit markers in what arrives (default true). Off for replays: a Y.Text event's
     * delta walks the whole text, which on a 100k-character trace costs more than the edit.
     */
    watchEdits?: boolean;
  } = {},
): BenchClient {
  const startedAt = performance.now();
  const { doc, provider, text } = connect(endpoint.site, endpoint.account, room, {
    serverUrl: endpoint.serverUrl,
    perMessageDeflate: endpoint.perMessageDeflate,
    doc: opts.doc,
    ...(opts.acks ? { params: { acks: "1" } } : {}),
  });
  const c: BenchClient = {
    index,
    room,
    doc,
    provider,
    text,
    startedAt,
    connects: 0,
    closing: false,
    seen: new Set(),
    // The first ack answers the sync step 2 the provider sends on connecting, not an edit.
    ackPending: opts.acks ? [null] : [],
    acks: 0,
  };
  provider.on("status", ({ status }: { status: string }) => {
    if (status !== "connected") return;
    c.connects++;
    c.openAt ??= performance.now();
    c.extensions ??= (provider.ws as unknown as { extensions?: string } | null)?.extensions ?? "";
    if (c.connects > 1) tracker.error({ client: index, room, kind: "reconnect", message: `connection #${c.connects}` });
  });
  provider.on("sync", (synced: boolean) => {
    if (synced) c.syncedAt ??= performance.now();
  });
  provider.on("connection-error", (e: Event | null) => {
    if (c.closing) return;
    const event = e as { message?: string; error?: unknown } | null;
    tracker.error({ client: index, room, kind: "error", message: event?.message ?? String(event?.error ?? event) });
  });
  provider.on("connection-close", (event: { code?: number; reason?: string } | null) => {
    // null: the provider closed it itself (disconnect(), or 30 s without any message).
    if (c.closing) return;
    tracker.error({
      client: index,
      room,
      kind: "close",
      code: event?.code,
      reason: event?.reason || (event === null ? "closed by the client (message timeout)" : ""),
    });
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
  if (opts.watchEdits !== false) {
    text.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== "string") continue;
        for (const m of op.insert.matchAll(MARK)) tracker.arrive(c, m[1]!, now);
      }
    });
  }
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

/** Every replica equal, holding each of the `edits` markers exactly once, still connected. */
export function convergence(clients: readonly BenchClient[], edits: number): { converged: boolean; distinctTexts: number; markers: number } {
  const texts = clients.map((c) => c.text.toString());
  const markers = [...(texts[0] ?? "").matchAll(/\u27e6/g)].length;
  const converged = texts.every((t) => t === texts[0]) && markers === edits && clients.every((c) => c.provider.wsconnected);
  return { converged, distinctTexts: new Set(texts).size, markers };
}

/**
 * Destroys the providers (a normal close handshake). Returns a function that cuts whatever
 * socket has not finished closing, so a server still flushing a backlog at us cannot keep
 * the client busy (or buffering) after the scenario.
 */
type NodeSocket = { readyState: number; terminate?: () => void; _closeFrameReceived?: boolean };

export function destroyAll(clients: BenchClient[]): () => { open: number; noCloseFrame: number } {
  const sockets: NodeSocket[] = [];
  for (const c of clients) {
    c.closing = true;
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
