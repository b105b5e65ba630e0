/**
 * Which of a room's files its document still uses. The editor and the board store a file's
 * URL (domain/files.ts filePath) whole, as one attribute or map value, so the file's id
 * appears as one run of bytes in every encoded state that holds it; a state is searched
 * for ids, never parsed. Deleted content is gone from a garbage-collected state, so a file
 * whose image was deleted is no longer mentioned by the live document, only by the kept
 * versions from before.
 */

/** The ids among `ids` that `state` (an encoded Yjs state or update) mentions. */
export function mentionedFiles(state: Uint8Array, ids: Iterable<string>): Set<string> {
  // Non-UTF-8 bytes decode to replacement characters; the hex of an id is ASCII and survives.
  const text = new TextDecoder().decode(state);
  const found = new Set<string>();
  for (const id of ids) if (text.includes(id)) found.add(id);
  return found;
}

export interface FileAge {
  id: string;
  createdAt: number;
}

/**
 * The files that may be collected: uploaded more than `graceMs` ago (a file is uploaded
 * before the edit that inserts it is sent) and mentioned by none of `states`, which are the
 * live document and every kept version. `states` is iterated lazily, so a caller can read
 * versions one by one and stop once every candidate is accounted for.
 */
export async function unusedFiles(files: readonly FileAge[], states: AsyncIterable<Uint8Array>, now: number, graceMs: number): Promise<string[]> {
  const candidates = new Set(files.filter((f) => now - f.createdAt > graceMs).map((f) => f.id));
  if (candidates.size === 0) return [];
  for await (const state of states) {
    for (const id of mentionedFiles(state, candidates)) candidates.delete(id);
    if (candidates.size === 0) break;
  }
  return [...candidates];
}
