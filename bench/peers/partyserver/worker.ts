/**
 * Peer: y-partyserver (Yjs on Durable Objects) as its README sets it up, with PartyServer's
 * hibernation on like our room, and no persistence (its default: the document lives in
 * memory, and clients restore it after a wake-up). Stock y-websocket clients connect to
 * `/parties/document/:room`.
 */
import { routePartykitRequest } from "partyserver";
import { YServer } from "y-partyserver";

export class Document extends YServer {
  static override options = { hibernate: true };
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/healthz") return Response.json({ ok: true });
    // Without an env argument PartyServer takes the bindings from `cloudflare:workers`.
    return (await routePartykitRequest(request)) ?? new Response("not found", { status: 404 });
  },
};
