/**
 * The room's hibernatable sockets as the runtime keeps them: sending (counted in the room's
 * metrics), broadcasting, closing one with a room close code, and the awareness clients each
 * owns, kept in its attachment so they survive hibernation.
 */
import { type AccessPolicy, capRole, resolveRole } from "../domain/rooms";
import { logEvent } from "../log";
import { CLOSE, type CloseCode } from "../wire/close-codes";
import { STILL_HERE } from "../wire/protocol";
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

  /** How many open sockets each user holds here (a relay's report to its room, for the per-user limit). */
  byUser(): Record<string, number> {
    const tally: Record<string, number> = {};
    for (const ws of this.all().filter(Sockets.isOpen)) {
      const { id } = this.#attachments.get(ws).user;
      tally[id] = (tally[id] ?? 0) + 1;
    }
    return tally;
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

  /** Tells every socket the object is still there (see STILL_HERE). */
  stillHere(): void {
    this.broadcast(STILL_HERE);
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

  /** Sends a room event to every socket that opted in with `?events=1`. */
  publish(frame: Uint8Array): void {
    for (const ws of this.all()) if (this.#attachments.get(ws).events) this.send(ws, frame);
  }

  /** Re-checks every socket against a changed access policy: closed without a role, else given the new one. */
  applyPolicy(policy: AccessPolicy): void {
    for (const ws of this.all()) {
      const attachment = this.#attachments.get(ws);
      // A socket of an API token keeps no more than the token's role.
      const role = capRole(resolveRole(policy, attachment.user.id), attachment.cap);
      if (role === null) this.reject(ws, CLOSE.accessRevoked);
      else if (role !== attachment.role) this.#attachments.set(ws, { ...attachment, role });
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
