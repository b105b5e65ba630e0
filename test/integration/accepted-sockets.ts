/**
 * Sockets accepted with the runtime's hibernation API on a fresh room object, for tests of
 * the room's parts that work on sockets (sockets.ts, connection-records.ts). The object's Room
 * instance never sees a frame from them; the test holds their client ends.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Attachment, Attachments } from "../../src/room/attachment";
import type { Room } from "../../src/room/room";
import { eventually } from "./client";

/** The client end of an accepted socket, recording what it receives. */
export interface Peer {
  server: WebSocket;
  frames: number[][];
  closed: { code: number; reason: string } | undefined;
}

export interface AcceptedSockets {
  state: DurableObjectState;
  attachments: Attachments;
  /** Accepts a socket for `user` (an editor whose token lasts an hour unless `extra` says otherwise). */
  open(user: string, extra?: Partial<Attachment>): Peer;
}

/** Runs `test` inside a fresh room object; every socket it opened is closed, and the close heard, before this resolves. */
export async function withAcceptedSockets(test: (sockets: AcceptedSockets) => Promise<void> | void): Promise<void> {
  const stub = env.ROOM.get(env.ROOM.idFromName(`accepted-sockets-${crypto.randomUUID()}`));
  const peers: Peer[] = [];
  await runInDurableObject(stub, async (_room: Room, state) => {
    const attachments = new Attachments();
    const open = (user: string, extra: Partial<Attachment> = {}): Peer => {
      const { 0: client, 1: server } = new WebSocketPair();
      state.acceptWebSocket(server);
      attachments.set(server, {
        room: "r",
        user: { id: user, name: user },
        role: "editor",
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
        awareness: {},
        acks: false,
        events: false,
        connection: { id: crypto.randomUUID(), updates: 0, bytes: 0 },
        ...extra,
      });
      client.binaryType = "arraybuffer";
      client.accept();
      const peer: Peer = { server, frames: [], closed: undefined };
      client.addEventListener("message", (e) => peer.frames.push([...new Uint8Array(e.data as ArrayBuffer)]));
      client.addEventListener("close", (e) => {
        peer.closed = { code: e.code, reason: e.reason };
      });
      peers.push(peer);
      return peer;
    };
    await test({ state, attachments, open });
    for (const { server } of peers) if (server.readyState === WebSocket.READY_STATE_OPEN) server.close(1000, "test over");
  });
  // The room object hears each close answered, and logs it: a log still on its way when the
  // file's tests end fails the run, so the test ends once the object has handled them.
  await eventually(() => peers.every((p) => p.closed !== undefined), "every socket to close");
  await runInDurableObject(stub, () => undefined);
}
