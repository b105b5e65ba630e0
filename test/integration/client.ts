/**
 * A y-websocket client for tests inside workerd: the same y-protocols sync and awareness
 * logic the stock WebsocketProvider runs, over a socket from the Worker's own fetch.
 * Every wait has a timeout, so a broken room fails a test instead of hanging it.
 */
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { BUDGETS } from "../../src/api/budgets";
import type { Env } from "../../src/env";
import type { Room } from "../../src/room/room";
import { type Browser, createRoom, signUp } from "./browser";

export const BASE = "http://rooms.test";

export interface ConnectInit {
  stub?: DurableObjectStub;
  headers?: Record<string, string>;
  /** Query string for the room URL, e.g. "acks=1". */
  query?: string;
}

export interface Closed {
  code: number;
  reason: string;
}

export class TestClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly received: Uint8Array[] = [];
  /** Text frames, which only the runtime's keep-alive answer ("pong") should ever be. */
  readonly texts: string[] = [];
  synced = false;
  closed: Closed | undefined;
  readonly #listeners = new Set<() => void>();
  /** Sync steps 1 this client sent, and the room's steps 2 that answered them (see roundTrip). */
  #asked = 0;
  #answered = 0;
  /** The highest clock of my own presence the room relayed back to me (see presenceRoundTrip). */
  #ownClockRelayed = -1;
  #presenceRoundTrips = 0;

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      if (typeof event.data === "string") {
        this.texts.push(event.data);
        return this.#notify();
      }
      const frame = new Uint8Array(event.data as ArrayBuffer);
      this.received.push(frame);
      this.#onFrame(frame);
      this.#notify();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.#notify();
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(encodeSync((e) => syncProtocol.writeUpdate(e, update)));
    });
    this.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin !== "local") return;
      const ids = [...added!, ...updated!, ...removed!];
      this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    });
  }

  /** Opens a socket to `room` through the Worker, or directly to `stub` with extra headers. */
  static async connect(room: string, init: ConnectInit = {}) {
    const query = init.query ? `?${init.query}` : "";
    const request = new Request(`${BASE}/rooms/${room}${query}`, { headers: { Upgrade: "websocket", ...init.headers } });
    const res = init.stub ? await init.stub.fetch(request) : await exports.default.fetch(request);
    if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
    const ws = res.webSocket;
    // As the stock provider does; the standard default under this compatibility date is "blob".
    ws.binaryType = "arraybuffer";
    ws.accept();
    const client = new TestClient(ws);
    // What the stock provider does on open: sync step 1, then its presence if it has one.
    client.#askSync();
    const me = [client.doc.clientID];
    client.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(client.awareness, me)));
    return client;
  }

  /** Connects and waits for the initial sync to finish. */
  static async synced(room: string, init?: ConnectInit) {
    const client = await TestClient.connect(room, init);
    await client.until(() => client.synced, "initial sync");
    return client;
  }

  get text(): string {
    return this.doc.getText("t").toString();
  }

  type(text: string, at = this.doc.getText("t").length): void {
    this.doc.getText("t").insert(at, text);
  }

  setPresence(state: Record<string, unknown> | null): void {
    this.awareness.setLocalState(state);
  }

  /** Client ids (other than mine) whose presence this client currently sees. */
  get peers(): number[] {
    return [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
  }

  send(frame: Uint8Array | string): void {
    if (!this.closed) this.ws.send(frame);
  }

  close(): void {
    this.awareness.destroy();
    if (!this.closed) this.ws.close(1000, "bye");
  }

  /**
   * Sends a sync step 1 and waits for the room's step 2. The room handles a socket's frames
   * in order and writes the edits it holds before answering, so once the answer is here the
   * room has handled everything this client sent before, and whatever that caused on this
   * socket (relays, acks) has arrived. The barrier before asserting that something did not
   * happen; it proves nothing about presence, which the room relays from a timer (see
   * presenceRoundTrip).
   */
  roundTrip(): Promise<void> {
    const target = this.#askSync();
    return this.until(() => this.#answered >= target, "the room's answer to a sync step 1");
  }

  /**
   * Changes my presence and waits for the room to relay it back to me. The room batches
   * presence for a window before relaying it (src/room/presence-batch.ts), so presence it
   * took in before this change (after another client's roundTrip) went out in this batch or
   * an earlier one: once mine is back, this socket has received it.
   */
  presenceRoundTrip(): Promise<void> {
    this.awareness.setLocalState({ ...this.awareness.getLocalState(), roundTrip: ++this.#presenceRoundTrips });
    const clock = this.awareness.meta.get(this.doc.clientID)!.clock;
    return this.until(() => this.#ownClockRelayed >= clock, "my presence relayed back");
  }

  /** Resolves once `check()` holds; rejects after `ms` with what was awaited. */
  until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve();
      };
      this.#listeners.add(listener);
    });
  }

  /** Sends a sync step 1; returns how many answers make it answered. */
  #askSync(): number {
    this.send(encodeSync((e) => syncProtocol.writeSyncStep1(e, this.doc)));
    return ++this.#asked;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #onFrame(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (syncType === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
        this.#answered++;
      }
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
    } else if (type === 1) {
      const update = decoding.readVarUint8Array(decoder);
      for (const { clientId, clock } of presenceEntries(update)) {
        if (clientId === this.doc.clientID) this.#ownClockRelayed = Math.max(this.#ownClockRelayed, clock);
      }
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
    } else if (type === 3) {
      const ids = [...this.awareness.getStates().keys()];
      this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
  }
}

function encodeSync(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The client ids and clocks an awareness update lists. */
function presenceEntries(update: Uint8Array): Array<{ clientId: number; clock: number }> {
  const decoder = decoding.createDecoder(update);
  const entries = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) });
    decoding.readVarString(decoder);
  }
  return entries;
}

/** The client ids a presence frame from the room lists; null for any other frame. */
export function presenceClients(frame: Uint8Array): number[] | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== 1) return null;
  return presenceEntries(decoding.readVarUint8Array(decoder)).map((e) => e.clientId);
}

/**
 * Resolves after `ms`: for pacing a sender, or letting the clock move on. Never for waiting
 * on the room: for that, wait for what it does (`until`, `eventually`), or for what it did
 * not do, on a round trip (`roundTrip`, `presenceRoundTrip`).
 */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const stubOf = (room: string) => env.ROOM.get(env.ROOM.idFromName(room));

/**
 * Replaces bindings of the room's object in memory (until it is evicted): to inject faults
 * into R2 or D1, or to observe a binding that stores nothing locally (Analytics Engine).
 */
export const replaceBindings = (room: string, patch: (current: Env) => Partial<Env>) =>
  runInDurableObject(stubOf(room), (instance: Room) => {
    const self = instance as unknown as { env: Env };
    self.env = { ...self.env, ...patch(self.env) };
  });

/** Polls `check` until it holds; rejects after `ms` with what was awaited. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await pause(50);
  }
}

let owner: Promise<Browser> | undefined;
let ownerRooms = 0;
const ownerOf = new Map<string, Promise<Browser>>();

/**
 * A fresh room per test, owned by one account per test file (a new one whenever the last has
 * spent its budget of new rooms, as a property test's many runs do); `join` connects as the
 * room's owner unless told otherwise.
 */
export async function newRoom(prefix = "room"): Promise<string> {
  if (!owner || ownerRooms === BUDGETS.rooms.allowed) {
    owner = signUp("Owner");
    ownerRooms = 0;
  }
  ownerRooms++;
  const account = owner;
  const room = await createRoom(await account, { id: `${prefix}-${crypto.randomUUID().slice(0, 12)}` });
  ownerOf.set(room, account);
  return room;
}

async function withOwnerCookies(room: string, init: ConnectInit = {}): Promise<ConnectInit> {
  if (init.stub || init.headers?.Cookie !== undefined) return init;
  owner ??= signUp("Owner");
  const account = ownerOf.get(room) ?? owner;
  return { ...init, headers: { ...(await account).socketHeaders(), ...init.headers } };
}

/**
 * Returns `join(room)`, which connects a synced client that is closed after the test.
 * Call it at the top level of a test file.
 */
export function clientsClosedAfterEach() {
  const open: TestClient[] = [];
  afterEach(async () => {
    const closing = open.splice(0);
    for (const client of closing) client.close();
    // The room logs each close it hears before it answers it: a log still on its way when a
    // file's last test is over fails the whole run, so the test ends once every close is answered.
    await Promise.all(closing.map((client) => client.until(() => client.closed !== undefined, "the room to answer the close")));
  });
  return {
    async join(room: string, init?: ConnectInit) {
      const client = await TestClient.synced(room, await withOwnerCookies(room, init));
      open.push(client);
      return client;
    },
    /** Connects without waiting for the sync, e.g. to edit first as an offline client would. */
    async connect(room: string, init?: ConnectInit) {
      const client = await TestClient.connect(room, await withOwnerCookies(room, init));
      open.push(client);
      return client;
    },
  };
}
