/**
 * A relay's edits on their way to the room: each socket's frames are handled in the order
 * they came, edits go to the room in bursts (edit-batch.ts) as they arrive, an edit is
 * acknowledged only with the sequence number the room stored it at (so `?acks=1` means
 * through a relay what it means on the room), and what the room refuses closes the socket as
 * the room would.
 */
import { isEmptyUpdate } from "../document/update";
import { canEdit, type Role } from "../domain/rooms";
import { logEvent } from "../log";
import type { Attachments } from "../room/attachment";
import type { ConnectionRecords } from "../room/connection-records";
import type { Sockets } from "../room/sockets";
import { CLOSE } from "../wire/close-codes";
import { ACK_READ_ONLY, ACK_STORED, writeAck } from "../wire/protocol";
import { EditBatch } from "./edit-batch";

/** The room's answer to an edit a relay forwards (Room.relayEdits). */
export type RelayedEdit = { ack: typeof ACK_STORED | typeof ACK_READ_ONLY; seq: number } | { refused: "invalid" | "too_large" };

/** One edit a relay forwards, with the role the Worker verified for its socket when it arrived. */
export interface RelayEdit {
  update: Uint8Array;
  role: Role;
  /** The socket's verified user, recorded as the edit's author. */
  author: string;
}

/** The room, as a relay's upstream calls it. */
export interface UpstreamRoom {
  relayEdits(edits: RelayEdit[]): Promise<RelayedEdit[]>;
}

export interface UpstreamParts {
  room: () => UpstreamRoom;
  index: number;
  attachments: Attachments;
  sockets: Sockets;
  connections: ConnectionRecords;
  /** The sequence number the relay's copy is at: what a no-op edit is acknowledged with. */
  seq: () => number;
}

export class RelayUpstream {
  readonly #parts: UpstreamParts;
  /** What each socket still waits for, so its frames keep their order. Memory only: a relay with calls in flight is awake. */
  readonly #queues = new WeakMap<WebSocket, Promise<void>>();
  readonly #batch: EditBatch<RelayEdit, RelayedEdit>;

  constructor(parts: UpstreamParts) {
    this.#parts = parts;
    this.#batch = new EditBatch((edits) => parts.room().relayEdits(edits));
  }

  /** Runs `step` once everything the socket sent before is done; a failure closes it with 1011 (its client resends). */
  inOrder(ws: WebSocket, step: () => void | Promise<void>): void {
    const next = (this.#queues.get(ws) ?? Promise.resolve()).then(step).catch((err: unknown) => {
      const { room, user } = this.#parts.attachments.get(ws);
      logEvent("error", "relay_edit_failed", { room, user: user.id, relay: this.#parts.index, error: String(err) });
      this.#parts.sockets.reject(ws, CLOSE.internalError);
    });
    this.#queues.set(ws, next);
  }

  /**
   * An update from a socket. Read-only roles' updates and empty ones (every handshake's step
   * 2) never reach the room; the others join the next burst to the room at once (so a
   * socket's quick edits can share a call), and are acknowledged in order once stored.
   */
  edit(ws: WebSocket, update: Uint8Array): void {
    const { attachments, sockets, connections } = this.#parts;
    const { role, acks, user } = attachments.get(ws);
    const forwarded = canEdit(role) && !isEmptyUpdate(update);
    const stored = forwarded ? this.#batch.add({ update, role, author: user.id }, update.byteLength) : undefined;
    // Not unhandled while it waits for the socket's turn: inOrder handles its failure.
    stored?.catch(() => undefined);
    this.inOrder(ws, async () => {
      if (!stored) {
        if (acks) sockets.send(ws, writeAck(this.#parts.seq(), canEdit(role) ? ACK_STORED : ACK_READ_ONLY));
        return;
      }
      const result = await stored;
      if ("refused" in result) return sockets.reject(ws, result.refused === "too_large" ? CLOSE.documentTooLarge : CLOSE.invalidMessage);
      connections.counted(ws, update.byteLength);
      if (acks) sockets.send(ws, writeAck(result.seq, result.ack));
    });
  }
}
