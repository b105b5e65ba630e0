/**
 * A room's parts as room.ts wires them, built by a test on a fresh room object's state
 * (accepted-sockets.ts), for the parts that drive several others: admission.ts, deletion.ts,
 * http-edits.ts, messages.ts and store-events.ts. The object's own Room never sees these
 * parts' sockets' frames.
 */
import { env } from "cloudflare:workers";
import * as Y from "yjs";
import { type RoomLimits, readLimits, readSnapshotPolicy, readTierConfig } from "../../src/config";
import { RelayTier } from "../../src/relay/tier";
import type { AcceptParts, AdmissionParts } from "../../src/room/admission";
import type { Attachments } from "../../src/room/attachment";
import { ConnectionRecords } from "../../src/room/connection-records";
import { DocumentStore } from "../../src/room/document-store";
import { RoomHistory } from "../../src/room/history";
import { Intake, intakeLimits } from "../../src/room/intake";
import { Maintenance } from "../../src/room/maintenance";
import { RoomMessages } from "../../src/room/messages";
import { RoomMetrics } from "../../src/room/metrics";
import { Presence } from "../../src/room/presence";
import { Snapshots } from "../../src/room/snapshots";
import { Sockets } from "../../src/room/sockets";
import { RoomReport } from "../../src/room/stats";
import { storeEvents } from "../../src/room/store-events";

export type RoomParts = ReturnType<typeof roomParts>;

/** The parts of room `room` on `state`; `limits` replaces some of the configured limits; `records` collects the data points written, `writes` when the store wrote. */
export function roomParts(state: DurableObjectState, attachments: Attachments, room: string, limits: Partial<RoomLimits> = {}) {
  const allLimits = { ...readLimits(env), ...limits };
  const metrics = new RoomMetrics();
  const left: Array<[WebSocket, number]> = [];
  const sockets = new Sockets(state, attachments, metrics, (ws, code) => left.push([ws, code]));
  const writes: number[] = [];
  const events = storeEvents({ room, sockets, attachments, metrics, written: (now) => writes.push(now) });
  const store = new DocumentStore<WebSocket | string>(state.storage, allLimits, events);
  const tier = new RelayTier(state, { env: () => env, log: () => store.log, room });
  const presence = new Presence<WebSocket>(sockets);
  const intake: Intake<WebSocket> = new Intake<WebSocket>(intakeLimits(allLimits), {
    release: (ws, frame) => messages.release(ws, frame),
    isOpen: Sockets.isOpen,
    isEcho: (ws, frame) => presence.isEcho(ws, frame),
    stillHere: () => sockets.stillHere(),
  });
  const snapshots = new Snapshots(
    room,
    () => env,
    () => store.log,
    readSnapshotPolicy(env),
  );
  const maintenance = new Maintenance(state, store, snapshots, allLimits);
  const history = new RoomHistory(room, state.storage, () => env, store);
  const connections = new ConnectionRecords(room, state, () => env.DB, attachments);
  const messages: RoomMessages = new RoomMessages({ attachments, sockets, intake, presence, store, connections, metrics });
  const records: string[] = [];
  const report = new RoomReport({
    room,
    metrics,
    sockets,
    log: () => store.log,
    snapshots,
    tier,
    dataset: () => ({ writeDataPoint: (point) => records.push(String(point?.blobs?.[1])) }),
  });
  const admission: AdmissionParts & AcceptParts = {
    limits: allLimits,
    sockets,
    tier,
    deleted: () => store.log.deleted,
    ready: () => maintenance.ready(),
    tierConfig: () => readTierConfig(env),
    ctx: state,
    attachments,
    connections,
    store,
    presence,
    maintenance,
    metrics,
    intake,
    report,
  };
  /** Integrates and writes one edit that inserts `text`. */
  const edit = (text: string) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(store.stored()));
    const before = Y.encodeStateVector(doc);
    doc.getText("t").insert(0, text);
    store.integrate(Y.encodeStateAsUpdate(doc, before), "api:ada");
    store.write();
  };
  return { admission, events, messages, metrics, sockets, store, tier, presence, snapshots, maintenance, history, left, records, writes, edit };
}
