/**
 * What a room socket's close code means to a client (src/wire/close-codes.ts, the one list;
 * docs/client.md says it for app developers): refresh the session and reconnect, reconnect
 * after a backoff, or stop, because reconnecting cannot help. Pure.
 */
import { CLOSE } from "../../../src/wire/close-codes";

export type CloseAction = "refresh" | "reconnect" | "end";

const ENDING_CODES: ReadonlySet<number> = new Set([
  CLOSE.invalidMessage.code,
  CLOSE.unsupportedData.code,
  CLOSE.accessRevoked.code,
  CLOSE.roomDeleted.code,
  CLOSE.messageTooLarge.code,
  CLOSE.documentTooLarge.code,
]);

/**
 * `refresh` for an expired session (4401), `end` for a close after which reconnecting cannot
 * help (the room or my access is gone, or the client sent what the room refuses), and
 * `reconnect` for everything else: a network failure, a rate limit (4529), an internal error
 * (1011), a server restart.
 */
export function closeAction(code: number): CloseAction {
  if (code === CLOSE.sessionExpired.code) return "refresh";
  return ENDING_CODES.has(code) ? "end" : "reconnect";
}

/** The state of a room's connection as people should read it. */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "ended";

export function connectionState(s: { ended: boolean; online: boolean; connected: boolean; everConnected: boolean }): ConnectionState {
  if (s.ended) return "ended";
  if (!s.online) return "offline";
  if (s.connected) return "connected";
  return s.everConnected ? "reconnecting" : "connecting";
}
