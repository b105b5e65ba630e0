/**
 * Each socket's row in the D1 connection history (storage/connections.ts): when it opened
 * and closed, and what it sent. Written beside the edit path: a failure is logged, never felt.
 */
import { logEvent } from "../log";
import { closeConnection, openConnection } from "../storage/connections";
import type { Attachments } from "./attachment";

export class ConnectionRecords {
  readonly #room: string;
  readonly #ctx: DurableObjectState;
  /** A function, so a binding replaced after the object started (tests) is the one used. */
  readonly #db: () => D1Database;
  readonly #attachments: Attachments;

  constructor(room: string, ctx: DurableObjectState, db: () => D1Database, attachments: Attachments) {
    this.#room = room;
    this.#ctx = ctx;
    this.#db = db;
    this.#attachments = attachments;
  }

  /** A socket was accepted (its attachment is set). */
  opened(ws: WebSocket): void {
    const { connection, user, role } = this.#attachments.get(ws);
    this.#record(openConnection(this.#db(), { id: connection.id, room: this.#room, user: user.id, role, at: Date.now() }));
  }

  /**
   * Counts an edit a socket sent. The cached attachment always holds the count; it is
   * written through every 32 edits only, to keep a write off the per-keystroke path, so a
   * wake-up after hibernation may forget the last few.
   */
  counted(ws: WebSocket, bytes: number): void {
    const attachment = this.#attachments.get(ws);
    attachment.connection.updates++;
    attachment.connection.bytes += bytes;
    if (attachment.connection.updates % 32 === 0) this.#attachments.set(ws, attachment);
  }

  /** Completes a socket's record with its close code; true the first time (it has just left). */
  closed(ws: WebSocket, code: number): boolean {
    const attachment = this.#attachments.get(ws);
    if (attachment.connection.ended) return false;
    const { id, updates, bytes } = attachment.connection;
    attachment.connection.ended = true;
    this.#attachments.set(ws, attachment);
    this.#record(closeConnection(this.#db(), { id, at: Date.now(), code, updates, bytes }));
    return true;
  }

  #record(write: Promise<void>): void {
    this.#ctx.waitUntil(write.catch((err: unknown) => logEvent("warn", "connection_record_failed", { room: this.#room, error: String(err) })));
  }
}
