/**
 * The WebSocket close codes a room uses: the one list, documented in docs/protocol.md.
 * 4000–4999 is the range RFC 6455 leaves to applications.
 */
export const CLOSE = {
  /** The frame was not a well-formed y-websocket message, or Yjs rejected its update. */
  invalidMessage: { code: 4400, reason: "invalid message" },
  /** A text frame: the protocol is binary only. */
  unsupportedData: { code: 4415, reason: "binary frames only" },
  /** The socket's access token expired: refresh the session cookie, then reconnect. */
  sessionExpired: { code: 4401, reason: "session expired" },
  /** The user lost access to the room (removed, or link sharing turned off). */
  accessRevoked: { code: 4403, reason: "access revoked" },
  /** The room was deleted. */
  roomDeleted: { code: 4404, reason: "room deleted" },
  /** The message is larger than MAX_MESSAGE_BYTES. */
  messageTooLarge: { code: 4413, reason: "message too large" },
  /** Storing the update would take the document past MAX_DOCUMENT_BYTES. */
  documentTooLarge: { code: 4409, reason: "document too large" },
  /** The socket flooded a room short of time (its held frames kept growing: backlog.ts); reconnecting later resyncs it. */
  rateLimited: { code: 4529, reason: "rate limited" },
  /** The room failed internally while handling this socket's message; reconnecting is safe. */
  internalError: { code: 1011, reason: "internal error" },
} as const satisfies Record<string, { code: number; reason: string }>;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/**
 * The code to answer a client's close with. 1005 (a close without a code, as y-websocket's
 * disconnect sends), 1006 and 1015 only describe a close and cannot be sent: answering with
 * them throws, and the client never gets its close frame back.
 */
const answerToClose = (code: number): number => (code === 1005 || code === 1006 || code === 1015 ? 1000 : code);

/** Answers the close a client started, unless the runtime already answered it itself. */
export function answerClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(answerToClose(code), reason);
  } catch {
    // Already closed: nothing left to answer.
  }
}
