/**
 * Durable Object SQLite rejects a single value over 2 MB, while a document state (or a
 * large pasted update) can be bigger: such blobs are stored as ordered parts.
 */
export const CHUNK_BYTES = 1024 * 1024;

/** Splits bytes into parts of at most `size` bytes (views, not copies). An empty input is one empty part. */
export function splitChunks(bytes: Uint8Array, size = CHUNK_BYTES): Uint8Array[] {
  if (bytes.byteLength <= size) return [bytes];
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    parts.push(bytes.subarray(offset, offset + size));
  }
  return parts;
}

/** Joins parts back into one buffer; a single part is returned as is. */
export function joinChunks(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
