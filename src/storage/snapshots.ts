/**
 * Document snapshots in R2: one gzip-compressed Yjs state update per room and sequence
 * number, under
 *
 *   rooms/<room>/versions/<seq, 12 digits>.yjs.gz
 *
 * (zero-padded so that listing a room's prefix returns its versions in order). Every
 * object is checked against the SHA-256 of its stored bytes, which D1 keeps, and parsed as
 * a Yjs update before anyone relies on it.
 */
import { validateUpdate } from "../document/update";
import { gunzip, gzip, sha256Hex } from "./compressed";

export interface StoredSnapshot {
  key: string;
  /** Compressed size in R2. */
  bytes: number;
  /** Hex SHA-256 of the compressed bytes. */
  checksum: string;
}

/** A snapshot that is missing, altered or not a Yjs update. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

/** Everything a room stores in R2 starts with this. */
export const roomPrefix = (room: string) => `rooms/${room}/`;

export const snapshotKey = (room: string, seq: number) => `${roomPrefix(room)}versions/${String(seq).padStart(12, "0")}.yjs.gz`;

/**
 * Writes the state as the snapshot for `seq`, then reads it back and verifies it: it
 * resolves only when R2 holds exactly these bytes and they decode.
 */
export async function writeSnapshot(bucket: R2Bucket, room: string, seq: number, state: Uint8Array): Promise<StoredSnapshot> {
  const body = await gzip(state);
  const checksum = await sha256Hex(body);
  const key = snapshotKey(room, seq);
  // R2 also checks the digest on arrival, so a body damaged in transit is refused.
  await bucket.put(key, body, { sha256: checksum, httpMetadata: { contentType: "application/gzip" } });
  await readSnapshot(bucket, key, checksum);
  return { key, bytes: body.byteLength, checksum };
}

/** The verified state update stored under `key`; throws SnapshotError otherwise. */
export async function readSnapshot(bucket: R2Bucket, key: string, checksum: string): Promise<Uint8Array> {
  const object = await bucket.get(key);
  if (object === null) throw new SnapshotError(`snapshot ${key} is missing`);
  const body = new Uint8Array(await object.arrayBuffer());
  if ((await sha256Hex(body)) !== checksum) throw new SnapshotError(`snapshot ${key} does not match its checksum`);
  let state: Uint8Array;
  try {
    state = await gunzip(body);
    validateUpdate(state);
  } catch (err) {
    throw new SnapshotError(`snapshot ${key} does not decode`, { cause: err });
  }
  return state;
}

/** Deletes every object under the room's prefix. */
export async function deleteRoomObjects(bucket: R2Bucket, room: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: roomPrefix(room), cursor });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}
