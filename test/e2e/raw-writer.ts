/**
 * A program writing to a room over a bare socket, as an importer or a bot does: its own Yjs
 * document, each edit sent as one update frame, with no sync handshake and no presence, and a
 * number of edits in flight, each acknowledged by the room once stored (`?acks=1`,
 * src/wire/protocol.ts).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { ACK_STORED, MESSAGE_ACK, MESSAGE_SYNC, SYNC_UPDATE } from "../../src/wire/protocol";
import type { DevServer } from "./dev-server";
import type { Account } from "./http-client";

export interface RawWriter {
  /** Edits sent, and acknowledged as stored (in order: the room acknowledges each update it stores). */
  readonly sent: number;
  readonly acknowledged: number;
  /** The close code the room ended the socket with, once it has. */
  readonly closed: number | undefined;
  /** The writer's document text: what the room has of it, once every edit is stored. */
  readonly text: string;
  /** Sends `edits` edits, keeping at most `inFlight` unacknowledged; resolves once all are acknowledged, or the socket closed. */
  write(edits: number, inFlight: number): Promise<void>;
  /**
   * Floods the room: sends `perTurn` edits each turn of the event loop, whatever was
   * acknowledged, while the socket takes them (its send buffer under a megabyte), for `ms` or
   * until the room closes the socket; resolves then.
   */
  flood(ms: number, perTurn: number): Promise<void>;
  /** Drops the connection at once, with whatever is still queued to send. */
  terminate(): void;
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Opens a socket on `room` as `account`, carrying the cookie and Origin a page would. */
export async function openRawWriter(server: DevServer, account: Account, room: string): Promise<RawWriter> {
  const ws = new WebSocket(`${server.wsUrl}/rooms/${encodeURIComponent(room)}?acks=1`, {
    headers: { Origin: server.url, Cookie: account.cookie },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const text = new Y.Doc().getText("content");
  let sent = 0;
  let acknowledged = 0;
  let closed: number | undefined;
  let progress = () => {};
  ws.once("close", (code) => {
    closed = code;
    progress();
  });
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_ACK) return;
    decoding.readVarUint(decoder); // the sequence number
    if (decoding.readVarUint(decoder) !== ACK_STORED) throw new Error("an edit was not stored");
    acknowledged++;
    progress();
  });
  const send = () => {
    let frame: Uint8Array | undefined;
    const take = (update: Uint8Array) => (frame = updateFrame(update));
    text.doc!.once("update", take);
    text.insert(text.length, `<w:${sent}>`);
    ws.send(frame!);
    sent++;
  };
  return {
    get sent() {
      return sent;
    },
    get acknowledged() {
      return acknowledged;
    },
    get closed() {
      return closed;
    },
    get text() {
      return text.toString();
    },
    write(edits, inFlight) {
      return new Promise((resolve) => {
        progress = () => {
          while (closed === undefined && sent < edits && sent - acknowledged < inFlight) send();
          if (closed !== undefined || acknowledged === edits) resolve();
        };
        progress();
      });
    },
    flood(ms, perTurn) {
      const until = Date.now() + ms;
      return new Promise((resolve) => {
        const turn = () => {
          if (closed !== undefined || Date.now() >= until) return resolve();
          if (ws.bufferedAmount < 1 << 20) for (let n = 0; n < perTurn; n++) send();
          setImmediate(turn);
        };
        turn();
      });
    },
    terminate() {
      ws.terminate();
    },
  };
}
