/**
 * Where rebuilding a room's document at an earlier sequence number starts: a state that holds
 * every edit through some seq at or before the target, from which the readable edits lead on
 * to it. Pure: no I/O.
 */

/** The room's own compacted state, a version (snapshot) in R2, or the empty document. */
export type ReplayBase = { from: "state" | "version"; seq: number } | { from: "empty"; seq: 0 };

/**
 * The bases that reach `target` (best first: the fewest edits to replay; the room's own state
 * before a version of the same seq, which needs no R2 read). `readableFrom` is the first seq
 * of the edits that can be read without a gap through the log's end.
 */
export function replayBases(target: number, readableFrom: number, stateSeq: number | null, versions: readonly number[]): ReplayBase[] {
  const reaches = (seq: number) => seq <= target && seq >= readableFrom - 1;
  const bases: ReplayBase[] = [];
  if (stateSeq !== null && reaches(stateSeq)) bases.push({ from: "state", seq: stateSeq });
  for (const seq of versions) if (reaches(seq)) bases.push({ from: "version", seq });
  if (reaches(0)) bases.push({ from: "empty", seq: 0 });
  return bases.sort((a, b) => b.seq - a.seq || rank(a) - rank(b));
}

const rank = (base: ReplayBase) => ["state", "version", "empty"].indexOf(base.from);
