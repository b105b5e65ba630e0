/**
 * Crash recovery: clients stream edits with acknowledgements on, the server is killed with
 * SIGKILL mid-stream and restarted on the same state; every acknowledged edit must be there
 * and all clients must converge.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { MESSAGE_ACK } from "../../src/wire/protocol";
import { type DevServer, startDevServer } from "./dev-server";
import { type Account, connect, createRoom, signUp, until } from "./http-client";

let server: DevServer | undefined;
const providers: WebsocketProvider[] = [];
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server?.stop();
});

/** A writer that knows which of its edits the room acknowledged (acks come in send order). */
function writer(srv: DevServer, account: Account, room: string, name: string) {
  const client = connect(srv, account, room, { params: { acks: "1" } });
  providers.push(client.provider);
  const sent: string[] = [];
  const acknowledged: string[] = [];
  let inFlight: string[] = [];
  let handshakeAcked = false;
  const handler = client.provider.messageHandlers[MESSAGE_ACK];
  client.provider.messageHandlers[MESSAGE_ACK] = (...args) => {
    handler?.(...args);
    // The first ack of a connection answers its sync step 2; the rest answer updates, in order.
    if (!handshakeAcked) handshakeAcked = true;
    else acknowledged.push(inFlight.shift()!);
  };
  client.provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") handshakeAcked = false;
    // Edits sent on a dead connection are resent in the next step 2; they are no longer
    // individually acknowledged, and not counted as acknowledged here.
    if (status === "disconnected") inFlight = [];
  });
  return {
    client,
    sent,
    acknowledged,
    edit(i: number) {
      const marker = `<${name}:${i}>`;
      if (client.provider.wsconnected && client.provider.synced) inFlight.push(marker);
      sent.push(marker);
      client.text.insert(client.text.length, marker);
    },
  };
}

describe("crash recovery", () => {
  it("keeps every acknowledged edit across a SIGKILL of the server, and all clients converge", async () => {
    server = await startDevServer();
    const owner = await signUp(server, "Crash");
    const room = `crash-${Date.now()}`;
    await createRoom(server, owner, room);
    const writers = ["a", "b", "c"].map((n) => writer(server!, owner, room, n));
    await until(() => writers.every((w) => w.client.provider.synced), "writers to sync");

    // Stream edits from all writers; kill the server while they are still typing.
    let i = 0;
    const stream = setInterval(() => {
      for (const w of writers) w.edit(i);
      i++;
    }, 10);
    await until(() => writers.every((w) => w.acknowledged.length >= 30), "a few dozen acknowledged edits each", 20_000);
    const port = server.port;
    await server.stop({ keepState: true, signal: "SIGKILL" });
    // Typing goes on while the server is down: these edits can only come back with the clients.
    const sentAtKill = writers.map((w) => w.sent.length);
    await until(() => writers.every((w, k) => w.sent.length >= sentAtKill[k]! + 20), "edits typed while the server is down");
    clearInterval(stream);
    const acknowledged = writers.flatMap((w) => [...w.acknowledged]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(90);

    server = await startDevServer({ stateDir: server.stateDir, port });
    // The same providers reconnect by themselves and resend what the room lacks.
    const reader = connect(server, owner, room);
    providers.push(reader.provider);
    await until(() => reader.provider.synced, "a fresh reader to sync after the restart", 20_000);
    const afterRestart = reader.text.toString();
    const lost = acknowledged.filter((m) => !afterRestart.includes(m));
    expect(lost).toEqual([]);

    await until(
      () => writers.every((w) => w.client.provider.synced && w.client.text.toString() === reader.text.toString()),
      "every writer to reconnect and converge",
      30_000,
    );
    // And now nothing anyone typed is missing: unacknowledged edits came back with the clients.
    const final = reader.text.toString();
    expect(writers.flatMap((w) => w.sent).filter((m) => !final.includes(m))).toEqual([]);
  });
});
