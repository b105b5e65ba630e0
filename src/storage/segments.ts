/**
 * Archived log segments in R2: the edits compaction folded into a room's state, kept so its
 * history stays readable. One gzip-compressed object per run of sequence numbers, under
 *
 *   rooms/<room>/history/<first seq, 12 digits>-<last seq, 12 digits>.log.gz
 *
 * holding each edit's seq, author, time and Yjs update (lib0 encoding, format 1). Every
 * object is checked against the SHA-256 of its stored bytes, which the room keeps, and
 * decoded in full before anyone relies on it; a damaged one is never used.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { LoggedEdit } from "../document/history-diff";
import { gunzip, gzip, sha256Hex } from "./compressed";
import { roomPrefix } from "./snapshots";

const FORMAT = 1;

export interface StoredSegment {
  key: string;
  fromSeq: number;
  toSeq: number;
  /** Compressed size in R2. */
  bytes: number;
  /** Hex SHA-256 of the compressed bytes. */
  checksum: string;
}

/** A segment that is missing, altered or does not decode. */
export class SegmentError extends Error {
  override readonly name = "SegmentError";
}

export const segmentKey = (room: string, fromSeq: number, toSeq: number) =>
  `${roomPrefix(room)}history/${String(fromSeq).padStart(12, "0")}-${String(toSeq).padStart(12, "0")}.log.gz`;

/** The edits as one segment's bytes, before compression. */
export function encodeSegment(edits: readonly LoggedEdit[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FORMAT);
  encoding.writeVarUint(encoder, edits.length);
  for (const edit of edits) {
    encoding.writeVarUint(encoder, edit.seq);
    encoding.writeVarString(encoder, edit.author ?? "");
    // 0 is "not recorded"; a time is stored plus one.
    encoding.writeVarUint(encoder, edit.at === null ? 0 : edit.at + 1);
    encoding.writeVarUint8Array(encoder, edit.update);
  }
  return encoding.toUint8Array(encoder);
}

/** The edits of a segment's bytes; throws on anything else. */
export function decodeSegment(bytes: Uint8Array): LoggedEdit[] {
  const decoder = decoding.createDecoder(bytes);
  const format = decoding.readVarUint(decoder);
  if (format !== FORMAT) throw new Error(`unknown segment format ${format}`);
  const count = decoding.readVarUint(decoder);
  const edits: LoggedEdit[] = [];
  for (let i = 0; i < count; i++) {
    const seq = decoding.readVarUint(decoder);
    const author = decoding.readVarString(decoder) || null;
    const at = decoding.readVarUint(decoder);
    edits.push({ seq, author, at: at === 0 ? null : at - 1, update: decoding.readVarUint8Array(decoder) });
  }
  if (decoding.hasContent(decoder)) throw new Error("bytes after the last edit");
  return edits;
}

/**
 * Writes the edits (consecutive, in order) as one segment, then reads it back and verifies
 * it: it resolves only when R2 holds exactly these bytes and they decode.
 */
export async function writeSegment(bucket: R2Bucket, room: string, edits: readonly LoggedEdit[]): Promise<StoredSegment> {
  const fromSeq = edits[0]!.seq;
  const toSeq = edits.at(-1)!.seq;
  const body = await gzip(encodeSegment(edits));
  const checksum = await sha256Hex(body);
  const key = segmentKey(room, fromSeq, toSeq);
  await bucket.put(key, body, { sha256: checksum, httpMetadata: { contentType: "application/gzip" } });
  await readSegment(bucket, key, checksum);
  return { key, fromSeq, toSeq, bytes: body.byteLength, checksum };
}

/** The verified edits stored under `key`; throws SegmentError otherwise. */
export async function readSegment(bucket: R2Bucket, key: string, checksum: string): Promise<LoggedEdit[]> {
  const object = await bucket.get(key);
  if (object === null) throw new SegmentError(`segment ${key} is missing`);
  const body = new Uint8Array(await object.arrayBuffer());
  if ((await sha256Hex(body)) !== checksum) throw new SegmentError(`segment ${key} does not match its checksum`);
  try {
    return decodeSegment(await gunzip(body));
  } catch (err) {
    throw new SegmentError(`segment ${key} does not decode`, { cause: err });
  }
}
