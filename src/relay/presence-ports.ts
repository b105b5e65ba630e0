/**
 * Presence across the tier with the room's own Presence class on both sides: at the room,
 * each relay's link is one more "socket" that owns the awareness clients of everyone on that
 * relay; at a relay, the room is one "socket" (upstream) that owns everyone elsewhere. Each
 * side batches per window, so presence crosses between room and relay as one frame per window
 * each way, and ownership keeps anyone from speaking for someone on another relay.
 */
import { MAX_OWNED_CLIENTS, MAX_PRESENCE_ENTRIES, type PresencePort } from "../room/presence";
import type { Sockets } from "../room/sockets";
import { readMessage, writeAwareness } from "../wire/protocol";
import type { RelayLink, RelayTier } from "./tier";

/** The room's presence port: its own sockets and its relays' links. */
export class RoomTierPresence implements PresencePort<WebSocket | RelayLink> {
  readonly #sockets: Sockets;
  readonly #tier: RelayTier;

  constructor(sockets: Sockets, tier: RelayTier) {
    this.#sockets = sockets;
    this.#tier = tier;
  }

  all(): Array<WebSocket | RelayLink> {
    return [...this.#sockets.all(), ...this.#tier.links()];
  }

  send(socket: WebSocket | RelayLink, frame: Uint8Array): void {
    if (socket instanceof WebSocket) this.#sockets.send(socket, frame);
    else this.#tier.sendPresence(socket, frame);
  }

  owned(socket: WebSocket | RelayLink): Record<string, number> {
    return socket instanceof WebSocket ? this.#sockets.owned(socket) : socket.owned;
  }

  saveOwned(socket: WebSocket | RelayLink, owned: Record<string, number>): void {
    if (socket instanceof WebSocket) this.#sockets.saveOwned(socket, owned);
    else socket.owned = owned;
  }

  maxOwned(socket: WebSocket | RelayLink): number {
    return socket instanceof WebSocket ? MAX_OWNED_CLIENTS : MAX_PRESENCE_ENTRIES;
  }
}

/** The room, as a relay's presence sees it. */
export const UPSTREAM = { upstream: true } as const;
export type Upstream = typeof UPSTREAM;

/** A relay's presence port: its sockets, and the room upstream. */
export class RelayTierPresence implements PresencePort<WebSocket | Upstream> {
  readonly #sockets: Sockets;
  readonly #up: (frame: Uint8Array) => void;
  /** Clients the room owns (everyone not on this relay). Memory only: the relay reloads them when it subscribes. */
  #remote: Record<string, number> = {};

  /** `up` sends a frame to the room. */
  constructor(sockets: Sockets, up: (frame: Uint8Array) => void) {
    this.#sockets = sockets;
    this.#up = up;
  }

  all(): Array<WebSocket | Upstream> {
    return [...this.#sockets.all(), UPSTREAM];
  }

  /**
   * To the room goes only what this relay's own sockets own: states that came from the room
   * would only come back to it as echoes.
   */
  send(socket: WebSocket | Upstream, frame: Uint8Array): void {
    if (socket instanceof WebSocket) return this.#sockets.send(socket, frame);
    const message = readMessage(frame);
    if (message.kind !== "awareness") return this.#up(frame);
    const local = new Set(this.#sockets.all().flatMap((ws) => Object.keys(this.#sockets.owned(ws))));
    const own = message.entries.filter((e) => local.has(String(e.clientId)) || (e.state === "null" && !(String(e.clientId) in this.#remote)));
    if (own.length > 0) this.#up(writeAwareness(own));
  }

  owned(socket: WebSocket | Upstream): Record<string, number> {
    return socket instanceof WebSocket ? this.#sockets.owned(socket) : this.#remote;
  }

  saveOwned(socket: WebSocket | Upstream, owned: Record<string, number>): void {
    if (socket instanceof WebSocket) this.#sockets.saveOwned(socket, owned);
    else this.#remote = owned;
  }

  maxOwned(socket: WebSocket | Upstream): number {
    return socket instanceof WebSocket ? MAX_OWNED_CLIENTS : Number.MAX_SAFE_INTEGER;
  }
}
