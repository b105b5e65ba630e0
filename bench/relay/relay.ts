/**
 * The baseline: the least a server can do for stock y-websocket clients on this runtime. One
 * Durable Object per room, hibernatable sockets like our room, and every frame forwarded
 * to the room's other sockets without Yjs, storage or auth. Three things it must still do:
 *
 * - A joining client's sync step 1 goes to one peer, the one longest in the room (the likeliest
 *   to hold the whole document), and that peer's sync step 2 back to the joiner only
 *   (forwarding it to everyone would make each join cost N full answers).
 *   A lone client gets an empty step 2 from the relay: nobody holds a document, so that is
 *   the true answer, and it is what a stock provider needs to count as synced.
 * - Presence echoes are dropped (see PresenceClocks), else one cursor move costs N² frames.
 * - A newcomer gets the presence of those already there, as from any y-websocket server.
 *
 * Departures are not announced: peers time presence out themselves after 30 s.
 */
import { DurableObject } from "cloudflare:workers";
import { EMPTY_SYNC_STEP2, PresenceClocks, readFrame, writePresence } from "./frames";

export class Relay extends DurableObject {
  readonly #presence = new PresenceClocks();
  /** Per peer, the joiners whose sync step 1 it was given, oldest first. Lost on hibernation: answers then go to everyone. */
  readonly #asked = new Map<WebSocket, Array<{ from: WebSocket; frame: ArrayBuffer }>>();

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("relay sockets only", { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ joinedAt: Date.now() } satisfies Joined);
    const present = this.#presence.present();
    if (present.length > 0) send(server, writePresence(present));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    if (typeof message === "string") return this.#forward(ws, message);
    const frame = readFrame(new Uint8Array(message));
    switch (frame.kind) {
      case "sync-step1":
        return this.#ask(ws, message);
      case "sync-step2":
        return this.#answer(ws, message);
      case "awareness":
        if (this.#presence.record(frame.entries)) this.#forward(ws, message);
        return;
      case "other":
        return this.#forward(ws, message);
    }
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    const waiting = this.#asked.get(ws) ?? [];
    this.#asked.delete(ws);
    try {
      ws.close();
    } catch {
      // Already closed.
    }
    // Whoever was waiting for this peer's answer asks someone else.
    for (const { from, frame } of waiting) if (from.readyState === WebSocket.READY_STATE_OPEN) this.#ask(from, frame, ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws);
  }

  #ask(from: WebSocket, frame: ArrayBuffer, leaving?: WebSocket): void {
    let peer: WebSocket | undefined;
    let since = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === from || ws === leaving || ws.readyState !== WebSocket.READY_STATE_OPEN) continue;
      const { joinedAt } = ws.deserializeAttachment() as Joined;
      if (joinedAt < since) [peer, since] = [ws, joinedAt];
    }
    if (peer === undefined) return send(from, EMPTY_SYNC_STEP2);
    let queue = this.#asked.get(peer);
    if (queue === undefined) this.#asked.set(peer, (queue = []));
    queue.push({ from, frame });
    send(peer, frame);
  }

  #answer(peer: WebSocket, frame: ArrayBuffer): void {
    const asker = this.#asked.get(peer)?.shift();
    if (asker !== undefined && asker.from.readyState === WebSocket.READY_STATE_OPEN) send(asker.from, frame);
    else this.#forward(peer, frame);
  }

  #forward(from: WebSocket, frame: ArrayBuffer | string): void {
    for (const ws of this.ctx.getWebSockets()) if (ws !== from) send(ws, frame);
  }
}

/** Kept in the socket's attachment, so it survives hibernation. */
interface Joined {
  joinedAt: number;
}

function send(ws: WebSocket, frame: ArrayBuffer | ArrayBufferView | string): void {
  try {
    ws.send(frame);
  } catch {
    // Closing: its close event cleans up.
  }
}
