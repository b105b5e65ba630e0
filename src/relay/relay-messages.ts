/**
 * What a relay does with a socket's frames once the frame path (src/room/frame-path.ts, the
 * room's own) has read them: edits go upstream to the room (upstream.ts), sync requests get
 * the relay's copy's answer after the socket's edits on their way; presence goes to the
 * relay's presence, which batches it for the relay's sockets and the room.
 */
import { logEvent } from "../log";
import type { Attachments } from "../room/attachment";
import { type FrameParts, FramePath } from "../room/frame-path";
import { Sockets } from "../room/sockets";
import { CLOSE } from "../wire/close-codes";
import type { RelayCopy } from "./copy";
import type { RelayUpstream } from "./upstream";

export interface RelayMessageParts extends FrameParts {
  attachments: Attachments;
  upstream: RelayUpstream;
  /** The relay's copy (loaded before any socket frame is handled). */
  copy: () => RelayCopy;
}

/** The relay's side of the frame path: sync answers from its copy, edits upstream to the room. */
export class RelayMessages {
  readonly #path: FramePath;

  constructor(parts: RelayMessageParts) {
    this.#path = new FramePath(parts, {
      // After the socket's edits still on their way, so an answer is a barrier as on the room.
      syncStep1: (ws, stateVector) =>
        parts.upstream.inOrder(ws, () => {
          for (const answer of parts.copy().syncAnswer(stateVector)) parts.sockets.send(ws, answer);
        }),
      edit: (ws, update) => parts.upstream.edit(ws, update),
      failed: (ws, err) => {
        const { room, user } = parts.attachments.get(ws);
        logEvent("error", "relay_message_failed", { room, user: user.id, error: String(err) });
        if (Sockets.isOpen(ws)) parts.sockets.reject(ws, CLOSE.internalError);
      },
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
}
