/**
 * The path every socket frame takes, in the room and in its relays alike: the intake (size,
 * fair shares, held frames), presence's echo check, the codec, then by kind to presence or to
 * what the object does with sync requests and edits (its `FrameHandlers`). A frame a socket
 * sent before it was closed is dropped unread; a protocol error closes its sender with 4400.
 */
import { CLOSE } from "../wire/close-codes";
import { MESSAGE_SYNC, ProtocolError, readMessage } from "../wire/protocol";
import { ECHO, HELD, type Intake, MERGED } from "./intake";
import type { RoomMetrics } from "./metrics";
import type { Presence } from "./presence";
import { Sockets } from "./sockets";

export interface FrameParts {
  sockets: Sockets;
  intake: Intake<WebSocket>;
  presence: Pick<Presence<WebSocket>, "isEcho" | "receive" | "answerQuery">;
  metrics: RoomMetrics;
}

/** What differs between the room and a relay. */
export interface FrameHandlers {
  syncStep1(ws: WebSocket, stateVector: Uint8Array): void;
  edit(ws: WebSocket, update: Uint8Array): void;
  /** A handler threw: not the client's fault (its protocol errors are handled here). */
  failed(ws: WebSocket, err: unknown): void;
  /**
   * A frame that is neither an edit nor a sync request arrived (presence): edits still waiting
   * to be written go out first, so that they never wait behind it.
   */
  settle?(): void;
}

export class FramePath {
  readonly #parts: FrameParts;
  readonly #handlers: FrameHandlers;

  constructor(parts: FrameParts, handlers: FrameHandlers) {
    this.#parts = parts;
    this.#handlers = handlers;
  }

  /** A frame as it arrives: handled now, held back for the sender's share, or refused. */
  receive(ws: WebSocket, message: ArrayBuffer | string): void {
    this.#guard(ws, () => {
      const { intake, metrics, sockets } = this.#parts;
      // Frames a socket sent before the object closed it are still queued: drop them unread.
      if (!Sockets.isOpen(ws)) return intake.dropped();
      metrics.received(typeof message === "string" ? message.length : message.byteLength);
      // Edits before cursors: a burst's write is not left for a timer that runs after this.
      if (typeof message !== "string" && message.byteLength > 0 && new Uint8Array(message, 0, 1)[0] !== MESSAGE_SYNC) this.#handlers.settle?.();
      const admission = intake.admit(ws, message);
      if (admission instanceof ArrayBuffer) this.#handle(ws, admission);
      else if (admission === HELD) metrics.slowed++;
      else if (admission === ECHO) metrics.echoes++;
      else if (admission !== MERGED) sockets.reject(ws, admission);
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
      this.#handlers.failed(ws, err);
    }
  }

  #handle(ws: WebSocket, message: ArrayBuffer): void {
    if (!Sockets.isOpen(ws)) return;
    const { presence, sockets, metrics } = this.#parts;
    const frame = new Uint8Array(message);
    // Most presence frames in a busy room are stock clients echoing what was relayed to them:
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
        return this.#handlers.syncStep1(ws, incoming.stateVector);
      case "sync-step2":
      case "sync-update":
        return this.#handlers.edit(ws, incoming.update);
      case "awareness":
        return presence.receive(ws, incoming.entries);
      case "query-awareness":
        return presence.answerQuery(ws);
    }
  }
}
