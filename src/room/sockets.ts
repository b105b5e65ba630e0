/**
 * The room's hibernatable sockets as the runtime keeps them: sending (counted in the room's
 * metrics), broadcasting, closing one with a room close code, and the awareness clients each
 * owns, kept in its attachment so they survive hibernation.
 */
import { logEvent } from "../log";
import { CLOSE, type CloseCode } from "../wire/close-codes";
import type { Attachments } from "./attachment";
import type { RoomMetrics } from "./metrics";
import type { PresencePort } from "./presence";

export class Sockets implements PresencePort<WebSocket> {
  readonly #ctx: DurableObjectState;
  readonly #attachments: Attachments;
  readonly #metrics: RoomMetrics;
  readonly #left: (ws: WebSocket, code: number) => void;

  /** `left` runs for a socket the room closes, before its close frame is sent. */
  constructor(ctx: DurableObjectState, attachments: Attachments, metrics: RoomMetrics, left: (ws: WebSocket, code: number) => void) {
    this.#ctx = ctx;
    this.#attachments = attachments;
    this.#metrics = metrics;
    this.#left = left;
  }

  /** Every socket the room accepted and the runtime still holds (some may be closing). */
  all(): WebSocket[] {
    return this.#ctx.getWebSockets();
  }

  /** How many of the room's sockets `userId` holds. */
  ofUser(userId: string): number {
    return this.all().filter((ws) => this.#attachments.get(ws).user.id === userId).length;
  }

  static isOpen(ws: WebSocket): boolean {
    return ws.readyState === WebSocket.READY_STATE_OPEN;
  }

  /** Whether a socket other than `ws` is still open. */
  othersOpen(ws: WebSocket): boolean {
    return this.all().some((s) => s !== ws && Sockets.isOpen(s));
  }

  send(ws: WebSocket, frame: Uint8Array | ArrayBuffer): void {
    try {
      ws.send(frame);
      this.#metrics.sent(frame.byteLength);
    } catch {
      // The socket is closing; its close event cleans up after it.
    }
  }

  /** Sends a frame to every socket but `except`. */
  broadcast(frame: Uint8Array, except?: unknown): void {
    for (const ws of this.all()) if (ws !== except) this.send(ws, frame);
  }

  owned(ws: WebSocket): Record<string, number> {
    return this.#attachments.get(ws).awareness;
  }

  saveOwned(ws: WebSocket, owned: Record<string, number>): void {
    this.#attachments.set(ws, { ...this.#attachments.get(ws), awareness: owned });
  }

  /** Closes a socket for a reason of the room's (see close-codes.ts). */
  reject(ws: WebSocket, { code, reason }: CloseCode): void {
    const { room, user } = this.#attachments.get(ws);
    this.#metrics.closedByRoom(reason);
    logEvent("warn", "socket_closed_by_room", { room, user: user.id, code, reason });
    this.#left(ws, code);
    try {
      ws.close(code, reason);
    } catch {
      // Already closing: nothing more to say to it.
    }
  }

  /** Closes the sockets opened with any of these sessions, which have ended (logout, a revoked sign-in). */
  closeSessions(sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    for (const ws of this.all()) {
      const { session } = this.#attachments.get(ws);
      if (session !== undefined && ended.has(session)) this.reject(ws, CLOSE.sessionExpired);
    }
  }

  /** Closes the sockets whose access expired by `now`; when the next of the others expires (Infinity: none). */
  closeExpired(now: number): number {
    let next = Infinity;
    for (const ws of this.all()) {
      const expiresAt = this.#attachments.get(ws).expiresAt * 1000;
      if (expiresAt <= now) this.reject(ws, CLOSE.sessionExpired);
      else next = Math.min(next, expiresAt);
    }
    return next;
  }
}
