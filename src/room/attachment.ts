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
  /** Its row in the D1 connection history, and what it sent: edits and their bytes. */
  connection: { id: string; updates: number; bytes: number; ended?: true };
}

export function attachmentOf(ws: WebSocket): Attachment {
  return ws.deserializeAttachment() as Attachment;
}
