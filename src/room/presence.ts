/**
 * Presence (awareness) in a room: who owns which awareness client, what is relayed and when,
 * which frames are only echoes, and what a socket leaving removes. Generic over the socket
 * type: it talks to sockets through a small port, so tests use plain objects.
 *
 * Edits before cursors: while the room is short of time (fair-share.ts), presence a socket
 * sends waits, merged (the latest state of each client replaces an earlier one), and is
 * taken in and relayed once per longer window. A cursor moving at 10 Hz costs the room
 * one state per window then, and no client's latest state is lost.
 */

import { type AwarenessEntry, readAwarenessClocks, writeAwareness, writeQueryAwareness } from "../wire/protocol";
import { AwarenessStore, removalsFor, trackOwnedClients } from "./awareness";
import { type Clock, systemClock } from "./clock";
import { PresenceBatch, presenceWindowMs } from "./presence-batch";

/**
 * Awareness client ids one socket may own: a stock client announces one. The cap keeps the
 * attachment under its 2 KiB limit whatever a client claims.
 */
export const MAX_OWNED_CLIENTS = 8;
/**
 * Entries one presence frame may carry; a frame with more is dropped whole. A stock client
 * answers a query with every state it knows, one per person in the room, so this stays well
 * above a room's people.
 */
export const MAX_PRESENCE_ENTRIES = 1024;
/** Characters of JSON one client's state may have; a larger state is dropped (a cursor and a name need far less). */
export const MAX_PRESENCE_STATE_CHARS = 8 * 1024;

/** How presence reaches sockets and where each socket's owned clients are kept. */
export interface PresencePort<S> {
  /** The room's sockets. */
  all(): readonly S[];
  send(socket: S, frame: Uint8Array): void;
  /**
   * The awareness clients `socket` owns (client id → last clock), kept where they survive
   * hibernation (the socket's attachment). The record is changed in place, then saved.
   */
  owned(socket: S): Record<string, number>;
  saveOwned(socket: S, owned: Record<string, number>): void;
  /**
   * Most awareness clients `socket` may own (default MAX_OWNED_CLIENTS): a relay's link
   * speaks for every person on that relay.
   */
  maxOwned?(socket: S): number;
}

export class Presence<S> {
  readonly #port: PresencePort<S>;
  readonly #clock: Clock;
  /** Whether the room is short of time. */
  readonly #short: () => boolean;
  #store = new AwarenessStore();
  /** Presence waiting to be relayed; a pending flush keeps the object awake for at most a second. */
  readonly #batch = new PresenceBatch();
  #flushDue = false;
  /** Presence received while the room was short of time, latest per client, by socket. */
  readonly #waiting = new Map<S, Map<number, AwarenessEntry>>();
  /** Awareness client id → owning socket; derived from the owned records, rebuilt after a wake-up. */
  #owners: Map<number, S> | undefined;

  constructor(port: PresencePort<S>, clock: Clock = systemClock, short: () => boolean = () => false) {
    this.#port = port;
    this.#clock = clock;
    this.#short = short;
  }

  #ownerIndex(): Map<number, S> {
    if (this.#owners) return this.#owners;
    const owners = new Map<number, S>();
    for (const socket of this.#port.all()) {
      for (const id of Object.keys(this.#port.owned(socket))) owners.set(Number(id), socket);
    }
    this.#owners = owners;
    return owners;
  }

  /**
   * Whether a presence frame only repeats what the room holds about clients other sockets
   * own. Stock clients send back every presence they receive; recognised from ids and clocks
   * alone, such frames are dropped before any JSON is parsed. An echo never lists more
   * clients than the room knows, which bounds the reading.
   */
  isEcho(socket: S, frame: Uint8Array): boolean {
    const owners = this.#ownerIndex();
    const clocks = readAwarenessClocks(frame, owners.size);
    if (clocks === null || clocks.length === 0) return false;
    return (
      clocks.every(({ clientId }) => {
        const owner = owners.get(clientId);
        return owner !== undefined && owner !== socket;
      }) && this.#store.changesNothing(clocks)
    );
  }

  /**
   * Presence a socket sent: it owns the clients it announces first (while it is connected,
   * nobody else may speak for them), and only what it says about its own clients is kept and
   * relayed. Claims on another socket's clients, clients past its cap and oversized states
   * are dropped, so nobody can show their content under someone else's name and cursor.
   */
  receive(socket: S, received: AwarenessEntry[]): void {
    if (received.length > MAX_PRESENCE_ENTRIES) return;
    if (this.#short()) return this.#wait(socket, received);
    this.#apply(socket, received);
  }

  /**
   * Keeps presence for the next flush, the latest entry per client. Only entries the socket
   * may speak for are kept (its own clients, or ones nobody else owns, up to its cap), so a
   * stock client's answer to a query (everyone's states) keeps its own.
   */
  #wait(socket: S, received: AwarenessEntry[]): void {
    const owners = this.#ownerIndex();
    const waiting = this.#waiting.get(socket) ?? new Map<number, AwarenessEntry>();
    this.#waiting.set(socket, waiting);
    for (const entry of received) {
      const owner = owners.get(entry.clientId);
      if ((owner !== undefined && owner !== socket) || entry.state.length > MAX_PRESENCE_STATE_CHARS) continue;
      if (waiting.has(entry.clientId) || waiting.size < MAX_OWNED_CLIENTS) waiting.set(entry.clientId, entry);
    }
    this.#flushSoon();
  }

  #apply(socket: S, received: AwarenessEntry[]): void {
    const owned = this.#port.owned(socket);
    const ownedBefore = new Set(Object.keys(owned));
    const owners = this.#ownerIndex();
    const sized = received.filter(({ state }) => state.length <= MAX_PRESENCE_STATE_CHARS);
    const changed = trackOwnedClients(owned, sized, this.#port.maxOwned?.(socket) ?? MAX_OWNED_CLIENTS, (id) => {
      const owner = owners.get(id);
      return owner !== undefined && owner !== socket;
    });
    // Its own clients: those it owned before this frame (a removal gives one up) or owns now.
    const entries = sized.filter(({ clientId }) => ownedBefore.has(String(clientId)) || Object.hasOwn(owned, String(clientId)));
    if (changed) {
      this.#port.saveOwned(socket, owned);
      for (const { clientId, state } of entries) {
        if (state === "null") {
          if (owners.get(clientId) === socket) owners.delete(clientId);
        } else if (String(clientId) in owned) {
          owners.set(clientId, socket);
        }
      }
    }
    const { applied, outdated } = this.#store.apply(entries, this.#clock.now());
    // A stock client re-announces itself after a reconnect with its old clock, which peers
    // ignore because they saw it removed at that clock. Telling it about the removal makes
    // y-protocols bump its clock and announce again, so its presence returns at once.
    const stale = outdated.filter((id) => String(id) in owned);
    if (stale.length > 0) this.#port.send(socket, writeAwareness(this.#store.entriesFor(stale)));
    // Only what changed is relayed: relaying echoes would turn one cursor move into N²
    // frames. The sender gets it too, as from the reference server: a stock client that
    // hears nothing for 30 s reconnects, and the echo of its own 15 s renewal keeps a lone
    // client connected.
    this.#relay(applied);
  }

  /** A socket left: the presence it owned is removed, for everyone still here. */
  leave(socket: S): void {
    this.#waiting.delete(socket);
    const removals = removalsFor(this.#port.owned(socket));
    if (removals.length === 0) return;
    const owners = this.#ownerIndex();
    for (const { clientId } of removals) if (owners.get(clientId) === socket) owners.delete(clientId);
    this.#port.saveOwned(socket, {});
    this.#relay(this.#store.apply(removals, this.#clock.now()).applied);
  }

  /**
   * Forgets every state and owner (the room was deleted and its sockets closed): a room
   * created again under the same id starts without the old one's presence.
   */
  reset(): void {
    this.#store = new AwarenessStore();
    this.#owners = undefined;
    this.#batch.take();
    this.#waiting.clear();
  }

  /** A newcomer hears who is here; sockets whose presence a wake-up lost are asked again. */
  join(socket: S): void {
    const states = [...this.#store.live(this.#clock.now())];
    if (states.length > 0) this.#port.send(socket, writeAwareness(states));
    this.#queryLost();
  }

  /** Every live state: what a relay subscribing starts from. */
  states(): AwarenessEntry[] {
    return [...this.#store.live(this.#clock.now())];
  }

  /** The answer to a query-awareness: every live state (none is an answer too). */
  answerQuery(socket: S): void {
    this.#port.send(socket, writeAwareness(this.#store.live(this.#clock.now())));
  }

  /**
   * After a wake-up the in-memory awareness is empty while the owned records still list who
   * is present: ask those sockets to send their states again so a newcomer sees them.
   */
  #queryLost(): void {
    const query = writeQueryAwareness();
    const asked = new Set<S>();
    for (const [clientId, socket] of this.#ownerIndex()) {
      if (this.#store.has(clientId) || asked.has(socket)) continue;
      asked.add(socket);
      this.#port.send(socket, query);
    }
  }

  /** Queues presence for everyone; the first entries of a batch schedule its flush. */
  #relay(entries: AwarenessEntry[]): void {
    if (this.#batch.add(entries)) this.#flushSoon();
  }

  #flushSoon(): void {
    if (this.#flushDue) return;
    this.#flushDue = true;
    this.#clock.later(this.#flush, presenceWindowMs(this.#port.all().length, this.#short()));
  }

  /** Takes in the presence that waited (whether or not the room is still short), then relays the batch. */
  readonly #flush = (): void => {
    if (this.#waiting.size > 0) {
      const here = new Set(this.#port.all());
      for (const [socket, entries] of this.#waiting) if (here.has(socket)) this.#apply(socket, [...entries.values()]);
      this.#waiting.clear();
    }
    this.#flushDue = false;
    const batch = this.#batch.take();
    if (batch.length === 0) return;
    const frame = writeAwareness(batch);
    for (const socket of this.#port.all()) this.#port.send(socket, frame);
  };
}
