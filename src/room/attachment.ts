/**
 * Per-socket state kept in the WebSocket attachment, so it survives hibernation.
 * workerd caps an attachment at 2 KiB of serialized data: keep it small.
 */
import type { RoomAccess } from "../auth/access";

export interface Attachment extends RoomAccess {
  /** Awareness client ids this socket announced → the last clock seen for each. */
  awareness: Record<string, number>;
  /** The client asked for durable acknowledgements (`?acks=1`). */
  acks: boolean;
  /** The client asked for room events: comments and threads (`?events=1`). */
  events: boolean;
  /** Its row in the D1 connection history, and what it sent: edits and their bytes. */
  connection: { id: string; updates: number; bytes: number; ended?: true };
}

export function attachmentOf(ws: WebSocket): Attachment {
  return ws.deserializeAttachment() as Attachment;
}

/**
 * The room's view of its sockets' attachments: deserialized once per socket and object
 * lifetime, since only the room writes them: structured-clone deserialization on every
 * message was a large share of a big room's CPU (the big-room scenario, docs/benchmarks.md).
 * After a wake-up the cache is empty and fills from the attachments again.
 */
export class Attachments {
  readonly #cache = new WeakMap<WebSocket, Attachment>();

  get(ws: WebSocket): Attachment {
    let attachment = this.#cache.get(ws);
    if (attachment === undefined) this.#cache.set(ws, (attachment = attachmentOf(ws)));
    return attachment;
  }

  set(ws: WebSocket, attachment: Attachment): void {
    ws.serializeAttachment(attachment);
    this.#cache.set(ws, attachment);
  }
}
