/**
 * One Durable Object per user: the live unread badge. Every page a user has open keeps a
 * hibernatable socket here (`GET /api/notifications/socket`); when the Worker adds
 * notifications it tells this object the new unread count, which it sends to each socket as
 * a text frame `{"unread": n}`. The inbox itself lives in D1; this object stores nothing.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { INBOX_HEADER } from "../objects";
import { answerClose, CLOSE } from "../wire/close-codes";

interface InboxAttachment {
  /** When the socket's access token expires (seconds since epoch). */
  expiresAt: number;
}

export const unreadFrame = (unread: number) => JSON.stringify({ unread });

export class Inbox extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override async fetch(request: Request): Promise<Response> {
    const header = JSON.parse(request.headers.get(INBOX_HEADER) ?? "null") as (InboxAttachment & { unread: number }) | null;
    if (header === null || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("inbox sockets only", { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ expiresAt: header.expiresAt } satisfies InboxAttachment);
    server.send(unreadFrame(header.unread));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends the user's unread count to every open page (RPC from the Worker). A socket whose
   * token has expired is closed with 4401 instead: the page refreshes its session and
   * reconnects. No alarm: the socket carries only this count.
   */
  async unread(count: number): Promise<void> {
    const now = Date.now() / 1000;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        if ((ws.deserializeAttachment() as InboxAttachment).expiresAt <= now) ws.close(CLOSE.sessionExpired.code, CLOSE.sessionExpired.reason);
        else ws.send(unreadFrame(count));
      } catch {
        // Closing already: nothing to tell it.
      }
    }
  }

  /** How many pages the user has open with a live session now: someone with one open sees the badge, so gets no digest mail. */
  async openPages(): Promise<number> {
    const now = Date.now() / 1000;
    return this.ctx.getWebSockets().filter((ws) => (ws.deserializeAttachment() as InboxAttachment).expiresAt > now).length;
  }

  /** Pages only listen; anything they send but the keep-alive is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
  }
}
