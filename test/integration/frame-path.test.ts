/**
 * The path of a socket frame (src/room/frame-path.ts), shared by the room and its relays, on a
 * real Durable Object's accepted sockets with the real intake, presence and codec: each kind
 * of frame reaches its handler, and what is refused closes its sender with its code.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DEFAULT_LIMITS } from "../../src/config";
import { FramePath } from "../../src/room/frame-path";
import { Intake, intakeLimits } from "../../src/room/intake";
import { RoomMetrics } from "../../src/room/metrics";
import { Presence } from "../../src/room/presence";
import { Sockets } from "../../src/room/sockets";
import { CLOSE } from "../../src/wire/close-codes";
import { writeAwareness, writeQueryAwareness, writeSyncStep1, writeSyncStep2, writeUpdate } from "../../src/wire/protocol";
import { type Peer, withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";

type Call = [kind: "syncStep1" | "edit" | "failed", detail: unknown];

const anUpdate = () => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "hello");
  return Y.encodeStateAsUpdate(doc);
};

/**
 * A frame path over accepted sockets, with handlers that record what reached them; `failing`
 * makes edits throw. `settled` lists, for each time the path settled the edits, how many
 * calls had been made before.
 */
function withFramePath(
  test: (parts: { path: FramePath; calls: Call[]; settled: number[]; metrics: RoomMetrics; open: () => Peer }) => Promise<void> | void,
  failing = false,
) {
  return withAcceptedSockets(({ state, attachments, open }) => {
    const metrics = new RoomMetrics();
    const sockets = new Sockets(state, attachments, metrics, () => undefined);
    const calls: Call[] = [];
    const settled: number[] = [];
    const presence = new Presence<WebSocket>(sockets);
    const path: FramePath = new FramePath(
      {
        sockets,
        metrics,
        intake: new Intake<WebSocket>(intakeLimits({ ...DEFAULT_LIMITS, maxMessageBytes: 1024 }), {
          release: (ws, frame) => path.release(ws, frame),
          isOpen: Sockets.isOpen,
          isEcho: (ws, f) => presence.isEcho(ws, f),
          stillHere: () => sockets.stillHere(),
        }),
        presence,
      },
      {
        syncStep1: (_ws, stateVector) => calls.push(["syncStep1", [...stateVector]]),
        edit: (_ws, update) => {
          if (failing) throw new Error("the store is gone");
          calls.push(["edit", [...update]]);
        },
        failed: (_ws, err) => calls.push(["failed", String(err)]),
        settle: () => settled.push(calls.length),
      },
    );
    return test({ path, calls, settled, metrics, open: () => open("ada") });
  });
}

const frame = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;
const closedWith = (peer: Peer, code: { code: number }) => eventually(() => peer.closed?.code === code.code, `the socket to close with ${code.code}`);

describe("the frame path", () => {
  it("hands sync requests and edits (step 2 or update) to the object's handlers, as sent", () =>
    withFramePath(({ path, calls, metrics, open }) => {
      const { server } = open();
      const update = anUpdate();
      const stateVector = Y.encodeStateVectorFromUpdate(update);
      path.receive(server, frame(writeSyncStep1(stateVector)));
      path.receive(server, frame(writeSyncStep2(update)));
      path.receive(server, frame(writeUpdate(update)));
      expect(calls).toEqual([
        ["syncStep1", [...stateVector]],
        ["edit", [...update]],
        ["edit", [...update]],
      ]);
      expect(metrics.messagesIn).toBe(3);
    }));

  it("gives presence to presence, never to the handlers", () =>
    withFramePath(({ path, calls, open }) => {
      const { server } = open();
      path.receive(server, frame(writeAwareness([{ clientId: 7, clock: 1, state: JSON.stringify({ user: { name: "Ada" } }) }])));
      expect(calls).toEqual([]);
      expect(server.readyState).toBe(WebSocket.READY_STATE_OPEN);
    }));

  it("settles the edits before a presence or query frame (edits never wait behind it), never before a sync frame", () =>
    withFramePath(({ path, calls, settled, open }) => {
      const { server } = open();
      const update = anUpdate();
      path.receive(server, frame(writeUpdate(update)));
      path.receive(server, frame(writeSyncStep1(Y.encodeStateVectorFromUpdate(update))));
      path.receive(server, frame(writeAwareness([{ clientId: 7, clock: 1, state: "{}" }])));
      path.receive(server, frame(writeQueryAwareness()));
      path.receive(server, frame(writeUpdate(update)));
      expect(calls.map(([kind]) => kind)).toEqual(["edit", "syncStep1", "edit"]);
      expect(settled).toEqual([2, 2]);
    }));

  it("closes the sender of text (4415), of a frame over the size limit (4413) and of a malformed frame (4400), handling none", () =>
    withFramePath(async ({ path, calls, open }) => {
      const [text, large, malformed] = [open(), open(), open()];
      path.receive(text.server, "hello");
      path.receive(large.server, frame(new Uint8Array(2048)));
      path.receive(malformed.server, frame(Uint8Array.of(0, 9, 9)));
      await closedWith(text, CLOSE.unsupportedData);
      await closedWith(large, CLOSE.messageTooLarge);
      await closedWith(malformed, CLOSE.invalidMessage);
      expect(calls).toEqual([]);
    }));

  it("drops unread what a socket sent before it was closed", () =>
    withFramePath(({ path, calls, metrics, open }) => {
      const { server } = open();
      server.close(1000, "gone");
      path.receive(server, frame(writeUpdate(anUpdate())));
      expect(calls).toEqual([]);
      expect(metrics.messagesIn).toBe(0);
    }));

  it("tells the object when its handler fails, instead of throwing into the runtime", () =>
    withFramePath(({ path, calls, open }) => {
      const { server } = open();
      expect(() => path.receive(server, frame(writeUpdate(anUpdate())))).not.toThrow();
      expect(calls).toEqual([["failed", "Error: the store is gone"]]);
    }, true));
});
