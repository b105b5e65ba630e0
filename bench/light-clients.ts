/**
 * Lightweight protocol clients for the hot-room scenario: a bare `ws` socket speaking the
 * y-websocket protocol without a Y.Doc, so that thousands fit in one Node process. Each asks
 * for the document (sync step 1 with an empty state vector), counts as synced when the step 2
 * answer arrives, answers the server's step 1 with an empty step 2 (it holds nothing), finds
 * edit markers (⟦id⟧, bench/clients.ts) in the raw bytes of what arrives (Yjs writes strings as
 * UTF-8), ignores presence and never echoes it, and can move a cursor. Stock providers (a few
 * full clients per run) are what check the text; these only time deliveries.
 */
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, writeAwareness, writeSyncStep1, writeSyncStep2 } from "../src/wire/protocol";
import type { Endpoint } from "./clients";

const OPEN = Buffer.from("\u27e6");
const CLOSE = Buffer.from("\u27e7");
/** What an empty Y.Doc answers to any state vector: no structs, an empty delete set. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);
const ASK_ALL = writeSyncStep1(new Uint8Array([0]));
const ANSWER_EMPTY = writeSyncStep2(EMPTY_UPDATE);

export interface LightClient {
  index: number;
  ws: WebSocket;
  startedAt: number;
  openAt?: number;
  syncedAt?: number;
  /** The close the server (or the network) chose; undefined while open or when we closed it. */
  closed?: { code: number; reason: string };
  closing: boolean;
  error?: string;
  /** Edit ids seen, so a duplicate is told apart from a first arrival. */
  seen: Set<string>;
  clientId: number;
  clock: number;
}

export interface Arrivals {
  /** Called for every edit id found in what a client received. */
  edit(client: LightClient, id: string, now: number): void;
}

/**
 * Opens one light client on `room`. `tab` goes to the URL as `?tab=`, which our Worker hashes
 * with the user to pick a relay (src/relay/routing.ts): one tab per client spreads them.
 */
export function openLight(endpoint: Endpoint, room: string, index: number, arrivals: Arrivals): LightClient {
  const url = `${endpoint.serverUrl}/${room}?tab=${index}`;
  const headers = { Origin: endpoint.site.url, ...(endpoint.account.cookie ? { Cookie: endpoint.account.cookie } : {}) };
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  const c: LightClient = {
    index,
    ws,
    startedAt: performance.now(),
    closing: false,
    seen: new Set(),
    clientId: 1_000_000 + index,
    clock: 0,
  };
  ws.binaryType = "nodebuffer";
  ws.on("open", () => {
    c.openAt = performance.now();
    ws.send(ASK_ALL);
  });
  ws.on("message", (data: Buffer) => receive(c, data, arrivals));
  ws.on("error", (err) => {
    c.error ??= err.message;
  });
  ws.on("close", (code, reason) => {
    if (!c.closing) c.closed = { code, reason: reason.toString() };
  });
  return c;
}

function receive(c: LightClient, data: Buffer, arrivals: Arrivals): void {
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
  const step = decoding.readVarUint(decoder);
  if (step === SYNC_STEP1) {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(ANSWER_EMPTY);
    return;
  }
  if (step === SYNC_STEP2) c.syncedAt ??= performance.now();
  if (step === SYNC_STEP2 || step === SYNC_UPDATE) findMarkers(c, data, decoder.pos, arrivals);
}

/** Every ⟦id⟧ in the payload, once per client. */
function findMarkers(c: LightClient, data: Buffer, from: number, arrivals: Arrivals): void {
  const now = performance.now();
  for (let at = data.indexOf(OPEN, from); at !== -1; at = data.indexOf(OPEN, at + OPEN.length)) {
    const end = data.indexOf(CLOSE, at + OPEN.length);
    if (end === -1) return;
    const id = data.toString("utf8", at + OPEN.length, end);
    if (c.seen.has(id)) continue;
    c.seen.add(id);
    arrivals.edit(c, id, now);
  }
}

/** Announces a cursor position, as a page's awareness would (a fresh clock each time). */
export function moveCursor(c: LightClient, position: number): void {
  if (c.ws.readyState !== WebSocket.OPEN) return;
  c.clock++;
  const state = JSON.stringify({ user: { name: `light ${c.index}` }, cursor: { anchor: position, head: position } });
  c.ws.send(writeAwareness([{ clientId: c.clientId, clock: c.clock, state }]));
}

/**
 * Closes every client with a normal close handshake and waits up to `graceMs` for the
 * sockets to finish closing; returns how many had not (then cut).
 */
export async function closeLight(clients: readonly LightClient[], graceMs: number): Promise<{ unclosed: number }> {
  for (const c of clients) {
    c.closing = true;
    if (c.ws.readyState === WebSocket.CONNECTING || c.ws.readyState === WebSocket.OPEN) c.ws.close(1000);
  }
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline && clients.some((c) => c.ws.readyState !== WebSocket.CLOSED)) await new Promise((r) => setTimeout(r, 50));
  const unclosed = clients.filter((c) => c.ws.readyState !== WebSocket.CLOSED);
  for (const c of unclosed) c.ws.terminate();
  return { unclosed: unclosed.length };
}
