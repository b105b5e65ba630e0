/**
 * `openRoom`: a room's socket through the stock y-websocket provider, with what the room
 * adds to the protocol (docs/protocol.md): "Saved" from durable acknowledgements (`?acks=1`),
 * comment events (`?events=1`), the session refreshed on 4401 (once across tabs), jittered
 * reconnects, an end when reconnecting cannot help, presence helpers, and one `destroy()`.
 */
import { ObservableV2 } from "lib0/observable";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { CLOSE } from "../../../src/wire/close-codes";
import type { Client } from "./client";
import { type ConnectionState, closeAction, connectionState } from "./close-meaning";
import { ApiError } from "./errors";
import { type Presence, presenceOf } from "./presence";
import { reconnector } from "./reconnect";
import { type CommentEvent, listenToRoomEvents } from "./room-events";
import { type SaveState, trackSaves } from "./save-status";
import { type HeaderWebSocket, socketBase, withHeaders } from "./socket";

export interface OpenRoomOptions {
  /** The document the room keeps in sync. */
  doc: Y.Doc;
  /** The REST client: the server, the credentials and the session refresh the socket uses. */
  client: Client;
  /** An awareness of your own (by default the provider makes one for `doc`). */
  awareness?: Awareness;
  /** The incarnation (RoomJson.incarnation) a locally kept copy of `doc` belongs to: the socket opens only into it. */
  incarnation?: string;
  /** Receive comment events (`"event"`); default true. */
  events?: boolean;
  /** Connect at once; default true (in a browser: when online). */
  connect?: boolean;
  /**
   * Outside browsers: a WebSocket class that takes headers as the `ws` package's does
   * (`new WebSocket(url, protocols, { headers })`); the socket then carries the client's
   * token or session cookie. Browsers use their own WebSocket and send the cookies themselves.
   */
  WebSocket?: HeaderWebSocket;
  /** The jitter's randomness (tests). */
  random?: () => number;
}

/** Why the room ended for this client: the close code and its reason (docs/client.md). */
export interface RoomEnding {
  code: number;
  reason: string;
}

export type RoomEvents = {
  /** The connection changed state. */
  connection: (state: ConnectionState) => void;
  /** The save status changed; `seq` is the room's sequence number in the last acknowledgement. */
  save: (state: SaveState, seq: number) => void;
  /** A comment event (threads and comments created, changed, resolved, deleted). */
  event: (event: CommentEvent) => void;
  /** The room will not reconnect: it was deleted, my access ended, I was signed out, or it refused what I sent. */
  ended: (ending: RoomEnding) => void;
};

export interface Room {
  readonly id: string;
  readonly doc: Y.Doc;
  /** The stock provider: hand it (and `awareness`) to an editor binding. */
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly presence: Presence;
  readonly connection: ConnectionState;
  readonly save: SaveState;
  /** Why the room ended, once it has. */
  readonly ending: RoomEnding | null;
  /** Listens to one of RoomEvents; returns a function that stops listening. */
  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void;
  /** Opens the socket again after `disconnect()`. */
  connect(): void;
  /** Closes the socket and stays disconnected until `connect()`. */
  disconnect(): void;
  /** Closes the socket and removes every listener this room added. */
  destroy(): void;
}

type Platform = {
  navigator?: { onLine?: boolean };
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
};

export function openRoom(id: string, opts: OpenRoomOptions): Room {
  const { client, doc } = opts;
  const platform = globalThis as Platform;
  const online = () => platform.navigator?.onLine !== false;
  const emitter = new ObservableV2<RoomEvents>();
  const params: Record<string, string> = {
    acks: "1",
    ...(opts.events === false ? {} : { events: "1" }),
    ...(opts.incarnation ? { incarnation: opts.incarnation } : {}),
  };
  const provider = new WebsocketProvider(socketBase(client.http.baseUrl), id, doc, {
    params,
    connect: false,
    ...(opts.awareness ? { awareness: opts.awareness } : {}),
    ...(opts.WebSocket ? { WebSocketPolyfill: withHeaders(opts.WebSocket, () => client.http.socketHeaders(`/rooms/${id}`)) } : {}),
    // Every close comes to us ("closed" below): we decide whether and when to reconnect.
    shouldReconnect: () => false,
  });

  let ending: RoomEnding | null = null;
  let everConnected = false;
  let openedThisAttempt = false;
  let save: SaveState = "saved";
  let state: ConnectionState = "connecting";
  const changed = () => {
    const next = connectionState({ ended: ending !== null, online: online(), connected: provider.wsconnected, everConnected });
    if (next !== state) emitter.emit("connection", [(state = next)]);
  };
  const retry = reconnector(() => ending === null && online() && provider.connect(), opts.random);

  const end = (code: number, reason: string) => {
    if (ending !== null) return;
    ending = { code, reason };
    retry.cancel();
    provider.disconnect();
    changed();
    emitter.emit("ended", [ending]);
  };

  const saves = trackSaves(provider, (next, seq) => {
    save = next;
    emitter.emit("save", [next, seq]);
  });
  const stopEvents = opts.events === false ? () => {} : listenToRoomEvents(provider as never, (event) => emitter.emit("event", [event]));

  provider.on("status", ({ status }) => {
    if (status === "connecting") openedThisAttempt = false;
    if (status === "connected") everConnected = openedThisAttempt = true;
    changed();
  });
  provider.on("sync", (synced) => synced && retry.reset());

  // An upgrade refused before the socket opened looks the same to a browser whatever the
  // HTTP status: ask the API, which refreshes a stale session and tells a deleted room (or
  // one created since under the same id: another incarnation) or removed access apart from
  // a network failure (which just retries).
  const checkRoom = () =>
    client.rooms.get(id).then(
      (now) => opts.incarnation && now.incarnation !== opts.incarnation && end(CLOSE.roomDeleted.code, CLOSE.roomDeleted.reason),
      (err: unknown) => {
        if (!(err instanceof ApiError)) return;
        if (err.status === 404) end(CLOSE.roomDeleted.code, CLOSE.roomDeleted.reason);
        else if (err.code === "forbidden") end(CLOSE.accessRevoked.code, CLOSE.accessRevoked.reason);
        else if (err.status === 401) end(CLOSE.sessionExpired.code, "signed out");
      },
    );

  provider.on("closed", ({ code, reason }) => {
    if (ending !== null) return;
    const action = closeAction(code);
    if (action === "end") return end(code, reason);
    if (action === "reconnect") {
      if (!openedThisAttempt && online()) void checkRoom();
      retry.schedule();
      return;
    }
    // The token this socket was opened with expired: rotate the session, then reconnect.
    // A token the app gave is the app's to renew: it opens the room again with a new one.
    if (client.http.hasToken) return end(code, reason);
    client.http.refreshSession().then(
      (ok) => (ok ? provider.connect() : end(code, "signed out")),
      () => retry.schedule(),
    );
  });

  const goOnline = () => {
    if (ending === null) provider.connect();
    changed();
  };
  const goOffline = () => {
    retry.cancel();
    provider.disconnect();
    changed();
  };
  platform.addEventListener?.("online", goOnline);
  platform.addEventListener?.("offline", goOffline);
  if (opts.connect !== false && online()) provider.connect();

  return {
    id,
    doc,
    provider,
    awareness: provider.awareness,
    presence: presenceOf(provider.awareness),
    get connection() {
      return state;
    },
    get save() {
      return save;
    },
    get ending() {
      return ending;
    },
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    connect: () => ending === null && provider.connect(),
    disconnect() {
      retry.cancel();
      provider.disconnect();
    },
    destroy() {
      platform.removeEventListener?.("online", goOnline);
      platform.removeEventListener?.("offline", goOffline);
      retry.cancel();
      saves.destroy();
      stopEvents();
      provider.destroy();
      emitter.destroy();
    },
  };
}
