/**
 * What the room answers its relays (the bodies of Room's relay RPCs): a subscription, a
 * catch-up, an edit judged and stored as the room's own sockets' are, a presence batch.
 * The room readies its storage before calling any of them.
 */
import * as Y from "yjs";
import { validateUpdate } from "../document/update";
import { canEdit, type Role } from "../domain/rooms";
import type { DocumentStore } from "../room/document-store";
import { editOrigin } from "../room/edit-origin";
import type { Presence } from "../room/presence";
import { ACK_READ_ONLY, ACK_STORED, readMessage } from "../wire/protocol";
import type { CatchUp } from "./catch-up";
import type { RelayLink, RelayTier, Subscription } from "./tier";
import type { RelayEdit, RelayedEdit } from "./upstream";

export interface RoomParts {
  store: DocumentStore<WebSocket | string>;
  presence: Presence<WebSocket | RelayLink>;
  tier: RelayTier;
}

export class RelayAnswers {
  readonly #parts: RoomParts;

  constructor(parts: RoomParts) {
    this.#parts = parts;
  }

  /**
   * The document at a sequence number, everyone's presence, and what the sockets a relay kept
   * through a hibernation missed since `from` (the push that woke it) or since the seq it last
   * confirmed. Null for a deleted room.
   */
  subscribe(index: number, sockets: number, from: number | undefined): Subscription | null {
    const { store, tier, presence } = this.#parts;
    if (store.log.deleted) return null;
    const state = Y.encodeStateAsUpdate(store.stored());
    const seq = store.log.seq;
    const confirmed = tier.subscribe(index, sockets, seq);
    const kept = sockets === 0 ? undefined : Math.min(from ?? seq, confirmed ?? seq);
    const missed = kept === undefined || kept >= seq ? null : tier.catchUp(kept, () => state);
    return { seq, state, presence: presence.states(), missed };
  }

  catchUp(from: number): CatchUp {
    return this.#parts.tier.catchUp(from, () => Y.encodeStateAsUpdate(this.#parts.store.stored()));
  }

  /**
   * A relay's burst of edits, each with the role the Worker verified for its socket: each is
   * refused as on the room or integrated, all are stored in one write, and only then answered,
   * each with the sequence number it is stored at.
   */
  edits(edits: readonly RelayEdit[]): RelayedEdit[] {
    const { store } = this.#parts;
    return store.together(() => edits.map(({ update, role, author }) => this.#edit(store, update, role, author)));
  }

  #edit(store: RoomParts["store"], update: Uint8Array, role: Role, author: string): RelayedEdit {
    if (!canEdit(role)) return { ack: ACK_READ_ONLY, seq: store.seqWhenWritten };
    try {
      validateUpdate(update);
    } catch {
      return { refused: "invalid" };
    }
    const result = store.integrate(update, editOrigin("relay", author));
    if (result !== "stored") return { refused: result === "too_large" ? "too_large" : "invalid" };
    return { ack: ACK_STORED, seq: store.seqWhenWritten };
  }

  /**
   * A relay's presence batch (null: only its socket count), one per window, and, after its
   * sockets came or went, how many each user holds there. A relay whose last socket left
   * unsubscribes: its people leave the room's presence.
   */
  presence(index: number, frame: Uint8Array | null, sockets: number, users?: Record<string, number>): void {
    const { tier, presence } = this.#parts;
    if (sockets === 0) {
      const link = tier.unsubscribe(index);
      if (link) presence.leave(link);
      return;
    }
    const link = tier.link(index);
    if (!link) return;
    link.sockets = sockets;
    if (users) link.users = new Map(Object.entries(users));
    if (frame === null) return;
    tier.presenceBatches++;
    if (presence.isEcho(link, frame)) return;
    const message = readMessage(frame);
    if (message.kind === "awareness") presence.receive(link, message.entries);
    else if (message.kind === "query-awareness") presence.answerQuery(link);
  }
}
