/**
 * What the room does with a socket's frames once the frame path (frame-path.ts: intake, echo
 * check, codec) has read them: edits go to the document store, with their acks sent only once
 * written; sync requests get the store's answer. A failure that is not the client's closes the
 * socket with the transient 1011 and drops the in-memory document, so the next event reloads
 * exactly what is stored.
 */
import { isEmptyUpdate } from "../document/update";
import { canEdit } from "../domain/rooms";
import { logEvent } from "../log";
import { CLOSE } from "../wire/close-codes";
import { ACK_READ_ONLY, ACK_STORED, writeAck } from "../wire/protocol";
import type { Attachments } from "./attachment";
import type { ConnectionRecords } from "./connection-records";
import type { DocumentStore } from "./document-store";
import { type FrameParts, FramePath } from "./frame-path";
import { Sockets } from "./sockets";

export interface MessageParts extends FrameParts {
  attachments: Attachments;
  store: DocumentStore<WebSocket | string>;
  connections: ConnectionRecords;
}

/** The room's side of the frame path: sync answers from its document, edits into its store. */
export class RoomMessages {
  readonly #parts: MessageParts;
  readonly #path: FramePath;

  constructor(parts: MessageParts) {
    this.#parts = parts;
    this.#path = new FramePath(parts, {
      syncStep1: (ws, stateVector) => {
        for (const answer of parts.store.syncAnswer(stateVector)) parts.sockets.send(ws, answer);
      },
      edit: (ws, update) => this.#edit(ws, update),
      failed: (ws, err) => this.#failed(ws, err),
      settle: () => parts.store.settle(),
    });
  }

  /** A frame as it arrives: handled now, held back for the sender's share, or refused. */
  receive(ws: WebSocket, message: ArrayBuffer | string): void {
    this.#path.receive(ws, message);
  }

  /** A held frame whose time has come (the intake releases them in order). */
  release(ws: WebSocket, frame: ArrayBuffer): void {
    this.#path.release(ws, frame);
  }

  /**
   * Not the client's fault: the in-memory document may no longer match storage, so reload it
   * next time, and let the client reconnect (1011 is transient) and resync what was not stored.
   */
  #failed(ws: WebSocket, err: unknown): void {
    const { room, user } = this.#parts.attachments.get(ws);
    logEvent("error", "message_failed", { room, user: user.id, error: String(err) });
    this.#parts.store.dropDocument();
    // A failed write closed its senders already.
    if (Sockets.isOpen(ws)) this.#parts.sockets.reject(ws, CLOSE.internalError);
  }

  /** An update from a socket: integrated if its role may edit, acknowledged once written. */
  #edit(ws: WebSocket, update: Uint8Array): void {
    const { attachments, store, sockets, connections } = this.#parts;
    const { role, acks } = attachments.get(ws);
    // Read-only sockets still complete the handshake; their edits are dropped unseen.
    const editable = canEdit(role);
    if (editable) {
      const result = store.integrate(update, ws);
      if (result === "too_large") return sockets.reject(ws, CLOSE.documentTooLarge);
      if (result === "failed") return sockets.reject(ws, CLOSE.invalidMessage);
      if (!isEmptyUpdate(update)) connections.counted(ws, update.byteLength);
    }
    // Carries the sequence number this edit will have, and is sent once it is written
    // (then held by the output gate until the write is durable): an ack is a promise.
    if (acks) {
      const ack = writeAck(store.seqWhenWritten, editable ? ACK_STORED : ACK_READ_ONLY);
      store.afterWrite(() => sockets.send(ws, ack));
    }
  }
}
