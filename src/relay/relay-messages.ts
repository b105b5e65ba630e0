/**
 * The path of one socket frame through a relay: the same intake (size, fair shares, held frames)
 * and echo check as on the room, then by kind: edits upstream to the room (upstream.ts), sync
 * answers from the relay's copy, presence to the relay's presence, which batches it for the
 * relay's sockets and the room.
 */
import { logEvent } from "../log";
import type { Attachments } from "../room/attachment";
import { HELD, type Intake } from "../room/intake";
import type { RoomMetrics } from "../room/metrics";
import type { Presence } from "../room/presence";
import { Sockets } from "../room/sockets";
import { CLOSE } from "../wire/close-codes";
import { ProtocolError, readMessage } from "../wire/protocol";
import type { RelayCopy } from "./copy";
import type { Upstream } from "./presence-ports";
import type { RelayUpstream } from "./upstream";

export interface RelayMessageParts {
  attachments: Attachments;
  sockets: Sockets;
  intake: Intake<WebSocket>;
  presence: Presence<WebSocket | Upstream>;
  upstream: RelayUpstream;
  metrics: RoomMetrics;
  /** The relay's copy (loaded before any socket frame is handled). */
  copy: () => RelayCopy;
}

export class RelayMessages {
  readonly #parts: RelayMessageParts;

  constructor(parts: RelayMessageParts) {
    this.#parts = parts;
  }

  /** A frame as it arrives: handled now, held back for the sender's budget, or refused. */
  receive(ws: WebSocket, message: ArrayBuffer | string): void {
    if (!Sockets.isOpen(ws)) return;
    const { intake, metrics, sockets } = this.#parts;
    metrics.received(typeof message === "string" ? message.length : message.byteLength);
    const admission = intake.admit(ws, message);
    if (admission instanceof ArrayBuffer) this.release(ws, admission);
    else if (admission === HELD) metrics.slowed++;
    else sockets.reject(ws, admission);
  }

  /** A frame to handle now (also a held one whose time has come). */
  release(ws: WebSocket, message: ArrayBuffer): void {
    try {
      this.#handle(ws, new Uint8Array(message));
    } catch (err) {
      const { room, user } = this.#parts.attachments.get(ws);
      logEvent("error", "relay_message_failed", { room, user: user.id, error: String(err) });
      if (Sockets.isOpen(ws)) this.#parts.sockets.reject(ws, CLOSE.internalError);
    }
  }

  #handle(ws: WebSocket, frame: Uint8Array): void {
    if (!Sockets.isOpen(ws)) return;
    const { presence, sockets, metrics, upstream } = this.#parts;
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
      case "sync-step1": {
        const { stateVector } = incoming;
        // After the socket's edits still on their way, so an answer is a barrier as on the room.
        return upstream.inOrder(ws, () => {
          for (const answer of this.#parts.copy().syncAnswer(stateVector)) sockets.send(ws, answer);
        });
      }
      case "sync-step2":
      case "sync-update":
        return upstream.edit(ws, incoming.update);
      case "awareness":
        return presence.receive(ws, incoming.entries);
      case "query-awareness":
        return presence.answerQuery(ws);
    }
  }
}
