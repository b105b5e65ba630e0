/**
 * The path of one socket frame through the room's parts: the intake (size, fair shares, held
 * frames), presence's echo check, the codec, then by kind to the document store (edits, with
 * their acks sent only once written), presence, or the sync answer. A failure that is not the
 * client's closes the socket with the transient 1011 and drops the in-memory document, so
 * the next event reloads exactly what is stored.
 */
import { isEmptyUpdate } from "../document/update";
import { canEdit } from "../domain/rooms";
import { logEvent } from "../log";
import { CLOSE } from "../wire/close-codes";
import { ACK_READ_ONLY, ACK_STORED, ProtocolError, readMessage, writeAck } from "../wire/protocol";
import type { Attachments } from "./attachment";
import type { ConnectionRecords } from "./connection-records";
import type { DocumentStore } from "./document-store";
import { HELD, type Intake } from "./intake";
import type { RoomMetrics } from "./metrics";
import type { Presence } from "./presence";
import { Sockets } from "./sockets";

export interface MessageParts {
  attachments: Attachments;
  sockets: Sockets;
  intake: Intake<WebSocket>;
  /** The room's presence (its own sockets and, through the same class, its relays' links). */
  presence: Pick<Presence<WebSocket>, "isEcho" | "receive" | "answerQuery">;
  store: DocumentStore<WebSocket | string>;
  connections: ConnectionRecords;
  metrics: RoomMetrics;
}

export class RoomMessages {
  readonly #parts: MessageParts;

  constructor(parts: MessageParts) {
    this.#parts = parts;
  }

  /** A frame as it arrives: handled now, held back for the sender's budget, or refused. */
  receive(ws: WebSocket, message: ArrayBuffer | string): void {
    this.#guard(ws, () => {
      // Frames a socket sent before the room closed it are still queued: drop them unread.
      if (!Sockets.isOpen(ws)) return;
      const { intake, metrics, sockets } = this.#parts;
      metrics.received(typeof message === "string" ? message.length : message.byteLength);
      const admission = intake.admit(ws, message);
      if (admission instanceof ArrayBuffer) this.#handle(ws, admission);
      else if (admission === HELD) metrics.slowed++;
      else sockets.reject(ws, admission);
    });
  }

  /** A held frame whose time has come (the intake releases them in order). */
  release(ws: WebSocket, frame: ArrayBuffer): void {
    this.#guard(ws, () => this.#handle(ws, frame));
  }

  #guard(ws: WebSocket, handler: () => void): void {
    try {
      handler();
    } catch (err) {
      // Not the client's fault (protocol errors are handled inside): the in-memory document
      // may no longer match storage, so reload it next time, and let the client reconnect
      // (1011 is transient) and resync whatever was not stored.
      const { room, user } = this.#parts.attachments.get(ws);
      logEvent("error", "message_failed", { room, user: user.id, error: String(err) });
      this.#parts.store.dropDocument();
      // A failed write closed its senders already.
      if (Sockets.isOpen(ws)) this.#parts.sockets.reject(ws, CLOSE.internalError);
    }
  }

  #handle(ws: WebSocket, message: ArrayBuffer): void {
    if (!Sockets.isOpen(ws)) return;
    const { presence, store, sockets, metrics } = this.#parts;
    const frame = new Uint8Array(message);
    // Most presence frames in a busy room are stock clients echoing what the room relayed:
    // dropped unparsed.
    if (presence.isEcho(ws, frame)) {
      metrics.echoes++;
      return;
    }
    let incoming: ReturnType<typeof readMessage>;
    try {
      incoming = readMessage(frame);
    } catch (err) {
      if (err instanceof ProtocolError) return sockets.reject(ws, CLOSE.invalidMessage);
      throw err;
    }
    switch (incoming.kind) {
      case "sync-step1":
        for (const answer of store.syncAnswer(incoming.stateVector)) sockets.send(ws, answer);
        return;
      case "sync-step2":
      case "sync-update":
        return this.#edit(ws, incoming.update);
      case "awareness":
        return presence.receive(ws, incoming.entries);
      case "query-awareness":
        return presence.answerQuery(ws);
    }
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
