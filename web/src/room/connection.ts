/**
 * The room's socket: a stock y-websocket provider with durable acks (`?acks=1`) and room
 * events (`?events=1`: comments, see web/src/comments/store.ts), jittered
 * backoff, the session kept alive (close 4401, or an upgrade refused while the access cookie
 * was stale), and the browser's own online/offline signal so "Offline" is said at once.
 */
import { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { CLOSE } from "../../../src/wire/close-codes";
import { ApiError, api } from "../lib/api";
import { goToSignIn, refreshSession } from "../lib/session";
import { addJitter } from "./backoff";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "ended";

/** Close codes after which reconnecting cannot help, as people should read them (docs/protocol.md). */
const ENDINGS: Record<number, string> = {
  [CLOSE.invalidMessage.code]: "The connection was refused because of an invalid message. Reload the page.",
  [CLOSE.accessRevoked.code]: "Your access to this room was removed.",
  [CLOSE.roomDeleted.code]: "This room was deleted.",
  [CLOSE.documentTooLarge.code]: "This room has reached its size limit: new content cannot be saved.",
  [CLOSE.messageTooLarge.code]: "That change was too large to send. Reload the page.",
  [CLOSE.unsupportedData.code]: "The connection was refused. Reload the page.",
};

export interface Connection {
  readonly provider: WebsocketProvider;
  readonly state: ConnectionState;
  onChange(listener: (state: ConnectionState, ended?: string) => void): void;
  destroy(): void;
}

export interface RoomToConnect {
  id: string;
  /** The life of the room this page's document belongs to: the socket opens only into it. */
  incarnation: string;
  /** Called once when the room is gone for this person (deleted, or their access ended). */
  onGone: () => void;
}

export function connectRoom(doc: Y.Doc, room: RoomToConnect): Connection {
  const roomId = room.id;
  const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/rooms`;
  const params = { acks: "1", events: "1", incarnation: room.incarnation };
  const provider = new WebsocketProvider(base, roomId, doc, { params, connect: navigator.onLine });
  addJitter(provider);
  const listeners: Array<(state: ConnectionState, ended?: string) => void> = [];
  let everConnected = false;
  let openedThisAttempt = false;
  let ended: string | undefined;

  const stateNow = (): ConnectionState =>
    ended !== undefined ? "ended" : !navigator.onLine ? "offline" : provider.wsconnected ? "connected" : everConnected ? "reconnecting" : "connecting";
  const changed = () => listeners.forEach((l) => l(stateNow(), ended));
  const end = (code: number) => {
    ended = ENDINGS[code] ?? `The connection was closed (${code}). Reload the page.`;
    provider.disconnect();
    if (code === CLOSE.accessRevoked.code || code === CLOSE.roomDeleted.code) room.onGone();
    changed();
  };

  provider.on("status", ({ status }) => {
    if (status === "connecting") openedThisAttempt = false;
    if (status === "connected") everConnected = openedThisAttempt = true;
    changed();
  });

  // An upgrade refused before opening looks the same to a browser whatever the HTTP status:
  // ask the API, which refreshes a stale cookie, sends a signed-out visitor to sign in, and
  // tells a deleted room (or one created since under the same id: another incarnation) or
  // removed access apart from a network failure (which just retries).
  provider.on("connection-close", () => {
    if (openedThisAttempt || !navigator.onLine || ended !== undefined) return;
    api<{ room: { incarnation: string } }>(`/api/rooms/${encodeURIComponent(roomId)}`).then(
      ({ room: now }) => {
        if (now.incarnation !== room.incarnation) end(CLOSE.roomDeleted.code);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) end(CLOSE.roomDeleted.code);
        else if (err instanceof ApiError && err.code === "forbidden") end(CLOSE.accessRevoked.code);
      },
    );
  });

  provider.on("closed", ({ code }) => {
    if (code === CLOSE.sessionExpired.code) {
      // The token this socket was opened with expired: rotate the cookie, then reconnect.
      refreshSession().then(
        (ok) => (ok ? provider.connect() : goToSignIn()),
        () => provider.connect(),
      );
      return;
    }
    end(code);
  });

  const online = () => {
    if (ended === undefined) provider.connect();
    changed();
  };
  const offline = () => {
    provider.disconnect();
    changed();
  };
  addEventListener("online", online);
  addEventListener("offline", offline);

  return {
    provider,
    get state() {
      return stateNow();
    },
    onChange: (listener) => listeners.push(listener),
    destroy() {
      removeEventListener("online", online);
      removeEventListener("offline", offline);
      provider.destroy();
    },
  };
}
