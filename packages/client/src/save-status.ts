/**
 * A truthful "Saved" for a stock y-websocket provider opened with `params: { acks: "1" }`.
 *
 * The room acknowledges every sync step 2 and update message of such a socket, in order,
 * once it is durably stored. So per connection: expected acks = 1 (the step 2 the provider
 * sends in answer to the room's step 1, which carries any offline edits) + one per local
 * update sent while connected. Edits made while disconnected stay "unsaved" until the next
 * connection's step 2 is acknowledged.
 */
import type * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import type * as Y from "yjs";
import { ACK_READ_ONLY, MESSAGE_ACK, readAck } from "../../../src/wire/protocol";

export type SaveState = "saved" | "saving" | "unsaved" | "read-only";

/** The parts of y-websocket's WebsocketProvider this helper uses. */
export interface ProviderLike {
  doc: Y.Doc;
  wsconnected: boolean;
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, provider: never, emitSynced: boolean, type: number) => void>;
  on(event: "status", listener: (event: { status: string }) => void): void;
  off(event: "status", listener: (event: { status: string }) => void): void;
}

export interface SaveStatus {
  readonly state: SaveState;
  /** The room's sequence number in the last acknowledgement (0 before the first). */
  readonly seq: number;
  destroy(): void;
}

export function trackSaves(provider: ProviderLike, onChange: (state: SaveState, seq: number) => void = () => {}): SaveStatus {
  // Per connection: acks sent for, acks received, and how many acks cover my last edit.
  let sent = 0;
  let acked = 0;
  let mustReach = 0;
  // Edits of mine that no acknowledgement covers yet, across connections.
  let dirty = false;
  let readOnly = false;
  let seq = 0;
  let state: SaveState = "saved";

  const update = () => {
    const next: SaveState = readOnly ? "read-only" : provider.wsconnected ? (acked < mustReach ? "saving" : "saved") : dirty ? "unsaved" : "saved";
    if (next !== state) {
      state = next;
      onChange(state, seq);
    }
  };

  provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder) => {
    const ack = readAck(decoder);
    acked++;
    seq = ack.seq;
    if (ack.status === ACK_READ_ONLY) readOnly = true;
    if (acked >= mustReach) dirty = false;
    update();
  };

  const onStatus = ({ status }: { status: string }) => {
    if (status === "connected") {
      // The step 2 this connection sends carries every edit of mine the room lacks.
      sent = 1;
      acked = 0;
      mustReach = dirty ? 1 : 0;
    } else if (status === "disconnected") {
      if (acked < mustReach) dirty = true;
      sent = acked = mustReach = 0;
    }
    update();
  };

  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    if (provider.wsconnected) mustReach = ++sent;
    else dirty = true;
    update();
  };

  provider.on("status", onStatus);
  provider.doc.on("update", onDocUpdate);
  return {
    get state() {
      return state;
    },
    get seq() {
      return seq;
    },
    destroy() {
      provider.off("status", onStatus);
      provider.doc.off("update", onDocUpdate);
      delete provider.messageHandlers[MESSAGE_ACK];
    },
  };
}
